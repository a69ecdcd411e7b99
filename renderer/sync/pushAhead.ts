/**
 * Sends the next part of an offline backlog while RxDB writes the answers of the part before.
 *
 * RxDB's push side (rxdb 17.6 replication-protocol/upstream.ts) goes through the local changes
 * found at start in cycles: push a batch, write its answers to the collection, take the next
 * batch. The requests of one cycle and the collection write of the previous one never overlap, so
 * a backlog of 10,000 registrations costs the sum of both (docs/performance.md, "What the push of
 * an offline backlog costs"). This module lets them overlap for new documents, which is what a
 * backlog typed offline is made of:
 *
 * - When RxDB's first pass over the stored changes hands the push handler a full batch, the
 *   changes stored after that batch are read while its requests are out ({@link PushAhead.readAfter}):
 *   up to `limit` documents that have no record of the server state and do not carry this
 *   replication's "came from the master" marker unchanged — documents RxDB will push with no
 *   assumed master state, as they are stored now.
 * - Once the batch is answered, those rows are sent in the same way the handler sends RxDB's rows
 *   (./pushRows.ts), in the order they were stored, before RxDB has written the batch's answers
 *   ({@link PushAhead.sendAfter}).
 * - When RxDB then hands over its next batch, a row equal to one sent ahead — no assumed master
 *   state and the same document state — is answered with the server's answer to that row
 *   ({@link PushAhead.take}): exactly what sending it again would return, one request earlier.
 *   Any other row (changed since it was read, or never read ahead) goes to the server as usual,
 *   after the rows sent ahead, so changes keep their order.
 *
 * The rows sent ahead must be the ones RxDB hands over next, in the same order: RxDB reads the
 * stored changes up to four batches before it pushes them, so a stored document changed after
 * RxDB read it (a local edit or delete during the pass) no longer stands where RxDB took it from,
 * and the changes read ahead would skip it or pass it (it goes to the end), sending later changes
 * before RxDB's earlier row — a second registration of a serial would take it from the first. Once
 * any stored document is changed during the pass (other than by RxDB's own writes of answers and
 * pulled documents), nothing more is sent ahead ({@link PushAhead.sendAfter}); new documents, which
 * only add to the end, change nothing.
 *
 * A row sent ahead that RxDB never asks about (changed locally before RxDB read it) is on the
 * server already; RxDB pushes its newer state with no assumed master state, which the server
 * answers like a repeated insert (docs/sync.md "Push answers") and the collection's conflict rule
 * resolves field by field: the local change is kept and pushed again. The same as a push whose
 * answer was lost. Collections with attachments are never sent ahead (RxDB adds attachment data to
 * their rows).
 */
import type { Subscription } from 'rxjs';
import { getAssumedMasterState, getChangedDocumentsSince, writeDocToDocState, type RxCollection, type RxReplicationWriteToMasterRow, type WithDeleted } from 'rxdb';
import { isUnchangedMasterState } from './itemState';
import { sameState } from './outdatedRows';

type Row = RxReplicationWriteToMasterRow<unknown>;
type ReplicationProtocolState = Parameters<typeof getAssumedMasterState>[0];

/** What {@link PushAhead} needs of the collection's replication. */
export interface PushAheadOptions {
  collection: RxCollection;
  /** The replication's marker hash (./itemState.ts `masterMarkerHash`). */
  hash: string;
  /** Most documents read and sent ahead at once (documents, e.g. 3 × RxDB's push batch). */
  limit: number;
  /** Sends rows as the push handler does; resolves with the server's answers (./pushRows.ts `pushRows`). */
  push(rows: Row[]): Promise<WithDeleted<unknown>[]>;
  /** The replication's protocol state (RxDB `internalReplicationState`): its meta store answers which documents have a record. */
  state(): ReplicationProtocolState | undefined;
  /** The collection's primary key field (`id` for every CPS collection). */
  primaryPath?: string;
}

/** Rows sent ahead, with the server's answers once they came. */
interface SentAhead {
  /** The rows as sent, by document id. */
  rows: Map<string, Row>;
  /** Resolves with the answers by document id (a row the server refused for good has none), or null when the push failed. */
  answers: Promise<Map<string, WithDeleted<unknown>> | null>;
}

/** One collection's rows sent ahead (see the module comment). Used by the push handler only, one push at a time. */
export class PushAhead {
  private sent: SentAhead | null = null;
  private readonly primaryPath: string;
  /** A stored document was changed during the pass (see the module comment), or the pass is over: nothing more is sent ahead. */
  private off = false;
  private readonly changes: Subscription;

  constructor(private readonly options: PushAheadOptions) {
    this.primaryPath = options.primaryPath ?? 'id';
    // RxDB's writes of push answers and of pulled documents: neither touches a document RxDB has still to push
    this.changes = options.collection.storageInstance.changeStream().subscribe((bulk) => {
      if (this.off || bulk.context === 'replication-up-write-conflict' || bulk.context.startsWith('replication-downstream-')) return;
      if (bulk.events.some((e) => e.previousDocumentData)) this.off = true;
    });
  }

  /** Whether rows sent ahead still wait for RxDB to ask about them. */
  get pending(): boolean {
    return this.sent !== null;
  }

  /**
   * Reads the rows to send after `rows`: the stored changes after the last of them (RxDB's order,
   * `_meta.lwt` then id), at most `limit`, of documents RxDB will push with no assumed master
   * state. Never rejects: a failed read gives no rows (nothing is sent ahead).
   */
  async readAfter(rows: readonly Row[]): Promise<Row[]> {
    if (this.off) return [];
    try {
      const storage = this.options.collection.storageInstance;
      const ids = rows.map((r) => this.idOf(r.newDocumentState));
      const stored = (await storage.findDocumentsById(ids, true)) as unknown as Record<string, unknown>[];
      let checkpoint: { id: string; lwt: number } | null = null;
      for (const d of stored) {
        const lwt = (d._meta as { lwt: number }).lwt;
        const id = d[this.primaryPath] as string;
        if (!checkpoint || lwt > checkpoint.lwt || (lwt === checkpoint.lwt && id > checkpoint.id)) checkpoint = { id, lwt };
      }
      const state = this.options.state();
      if (!checkpoint || !state) return [];
      const { documents } = await getChangedDocumentsSince(storage, this.options.limit, checkpoint);
      const inBatch = new Set(ids);
      const candidates = (documents as unknown as Record<string, unknown>[]).filter((d) => !inBatch.has(d[this.primaryPath] as string) && !isUnchangedMasterState(d, this.options.hash));
      if (candidates.length === 0) return [];
      const records = await getAssumedMasterState(state, candidates.map((d) => d[this.primaryPath] as string));
      return candidates
        .filter((d) => !records[d[this.primaryPath] as string])
        .map((d) => ({ newDocumentState: writeDocToDocState(d as never, false, false) as WithDeleted<unknown> }));
    } catch {
      return [];
    }
  }

  /**
   * Sends `rows` (from {@link readAfter}) now; {@link take} hands out the answers. Rows are sent
   * only when none sent earlier are still waiting.
   */
  sendAfter(rows: Row[]): void {
    if (rows.length === 0 || this.sent || this.off) return;
    const byId = new Map(rows.map((r) => [this.idOf(r.newDocumentState), r]));
    const answers = this.options.push(rows).then(
      (docs) => new Map(docs.map((d) => [this.idOf(d), d])),
      () => null, // not sent, or not all: RxDB's rows go as usual
    );
    this.sent = { rows: byId, answers };
  }

  /**
   * Splits RxDB's `rows` into the answers to rows sent ahead unchanged and the rows still to send.
   * Waits for the rows sent ahead to be answered first (the rest must reach the server after
   * them). A row sent ahead is asked about once: the first RxDB row of that document takes it,
   * equal or not, and rows sent ahead are forgotten once every one was asked about.
   * @returns `answers`: the server's answers to the rows sent ahead that `rows` repeat; `rest`: the other rows, in order.
   */
  async take(rows: Row[]): Promise<{ answers: WithDeleted<unknown>[]; rest: Row[] }> {
    const sent = this.sent;
    if (!sent) return { answers: [], rest: rows };
    const byId = await sent.answers;
    if (!byId) {
      if (this.sent === sent) this.sent = null;
      return { answers: [], rest: rows };
    }
    const answers: WithDeleted<unknown>[] = [];
    const rest: Row[] = [];
    for (const row of rows) {
      const id = this.idOf(row.newDocumentState);
      const ahead = sent.rows.get(id);
      if (ahead) sent.rows.delete(id);
      if (ahead && !row.assumedMasterState && sameState(ahead.newDocumentState, row.newDocumentState)) {
        const answer = byId.get(id);
        if (answer !== undefined) answers.push(answer);
        // no answer: refused for good, and recorded as such when it was sent ahead; handled
      } else rest.push(row);
    }
    if (sent.rows.size === 0 && this.sent === sent) this.sent = null;
    return { answers, rest };
  }

  /** Forgets rows sent ahead and sends no more (sync stops, or RxDB's first pass is over). */
  clear(): void {
    this.sent = null;
    this.off = true;
    this.changes.unsubscribe();
  }

  private idOf(doc: unknown): string {
    return (doc as Record<string, unknown>)[this.primaryPath] as string;
  }
}
