/**
 * A new document the server answered is written as the server's state, with RxDB's "came from the
 * master" marker, and its record of the server state is written to IndexedDB after the push rather
 * than during it: one IndexedDB write per pushed document on the push's path instead of two.
 *
 * RxDB's push side (rxdb 17.6 replication-protocol/upstream.ts) resolves every push answer like a
 * conflict: it writes the resolution to the collection (`replication-up-write-conflict`) and then
 * the answer to its meta store (`replication-up-write-conflict-meta`), one record per document, and
 * only then takes the next batch. For an offline backlog every row is a new document the server
 * answers with its decision (status, points, timestamps), so that is two IndexedDB writes per
 * document in a row, and in Chromium each costs about as much as the other (docs/performance.md,
 * "What the push of an offline backlog costs").
 *
 * When the resolution RxDB writes equals the server's answer — the usual case: the server's fields
 * win by the collection's rule and the client kept nothing of its own — the write gets the marker
 * `_meta.o = { _rev, hash }`, which RxDB's downstream reads as "this is the server's state"
 * (downstream.ts, pubkey/rxdb#7804), as on a document the fast first pull wrote (./bootstrap.ts).
 * The record RxDB writes next is kept by ./writtenRecords.ts in memory, where RxDB reads it, and
 * written to IndexedDB once the replication is idle or stops (./replication.ts), or before a local
 * change of that document (./firstEditBase.ts). A resolution that differs from the answer (a
 * client-owned field kept by the rule, to be pushed again) is written as RxDB writes it, and so is
 * every record of a document the meta store already holds one for (an edit of a known document), so
 * a stored record is never older than the document it describes.
 *
 * An app killed before the records were written leaves those documents exactly as bootstrapped ones
 * (marked, no record: their first local edit gets its record from the document); one killed
 * before RxDB's push checkpoint passed its write of the answer has RxDB's push side read the
 * document again with no assumed master state: it is not sent ({@link withoutMarkedInserts}, a stale
 * insert would let the conflict rule undo another device's change) and RxDB records its state.
 */
import type { BulkWriteRow, RxCollection, RxReplicationWriteToMasterRow, RxStorageBulkWriteResponse } from 'rxdb';
import { isUnchangedMasterState, revisionHeight } from './itemState';
import { sameState } from './outdatedRows';

/** RxDB's bulk-write contexts this reacts to (rxdb 17.6 replication-protocol/upstream.ts). */
const conflictWriteContext = 'replication-up-write-conflict';
const conflictMetaContext = 'replication-up-write-conflict-meta';

type BulkWrite = (rows: BulkWriteRow<unknown>[], context: string) => Promise<RxStorageBulkWriteResponse<unknown>>;

/** A row of RxDB's meta store bulk write, as far as it is read here. */
export interface MetaWriteRow {
  previous?: unknown;
  document: Record<string, unknown>;
}

/**
 * One replication's bookkeeping of answered new documents: the push handler reports answers
 * ({@link noteAnswers}), the collection's storage marks the resolutions equal to them
 * ({@link installOn}), and the meta store keeps their records in memory until they are written
 * ({@link keepInMemoryOnly}, passed to ./writtenRecords.ts `keepWrittenRecords`).
 */
export class AnsweredInserts {
  /** Server answers to rows pushed without an assumed master state, by document id; cleared by each conflict write. */
  private readonly answers = new Map<string, Record<string, unknown>>();
  /** Documents whose resolution was written with the marker, waiting for RxDB's record write. */
  private readonly marked = new Set<string>();
  private readonly installed = new WeakSet<object>();

  /**
   * @param hash the replication's marker hash (./itemState.ts `masterMarkerHash`).
   * @param primaryPath the collection's primary key (`id` for every CPS collection).
   */
  constructor(
    private readonly hash: string,
    private readonly primaryPath = 'id',
  ) {}

  /**
   * Records the server's answers to the rows of one push that carried no assumed master state (new
   * documents as far as this client knows). Rows with one, and answers to other rows, are ignored.
   * @param rows the rows handed to the push handler (RxDB `RxReplicationWriteToMasterRow`).
   * @param answers the documents the handler returns to RxDB.
   */
  noteAnswers(rows: readonly { assumedMasterState?: unknown; newDocumentState: unknown }[], answers: readonly unknown[]): void {
    if (answers.length === 0) return;
    const inserted = new Set<string>();
    for (const row of rows) if (!row.assumedMasterState) inserted.add((row.newDocumentState as Record<string, unknown>)[this.primaryPath] as string);
    for (const answer of answers) {
      const id = (answer as Record<string, unknown>)[this.primaryPath] as string;
      if (inserted.has(id)) this.answers.set(id, answer as Record<string, unknown>);
    }
  }

  /**
   * Wraps `storage.bulkWrite` (the collection's RxDB storage instance) so that RxDB's write of a
   * resolution equal to the noted answer carries the marker `_meta.o = { _rev: height of _rev, hash }`.
   * Other writes pass unchanged. Idempotent per storage instance.
   * @returns false when already installed on `storage`.
   */
  installOn(storage: { bulkWrite: BulkWrite }): boolean {
    if (this.installed.has(storage)) return false;
    this.installed.add(storage);
    const inner = storage.bulkWrite.bind(storage);
    storage.bulkWrite = async (rows, context) => {
      if (context !== conflictWriteContext) return inner(rows, context);
      this.marked.clear(); // marks not taken by the record write that followed the last one are void
      if (this.answers.size === 0) return inner(rows, context);
      const out = rows.map((row) => {
        const doc = row.document as Record<string, unknown>;
        const id = doc[this.primaryPath] as string;
        const answer = this.answers.get(id);
        if (answer === undefined || !sameState(doc, answer)) return row; // _deleted included
        this.marked.add(id);
        const meta = { ...(doc._meta as Record<string, unknown>), o: { _rev: revisionHeight(doc._rev as string), hash: this.hash } };
        return { ...row, document: { ...doc, _meta: meta } } as BulkWriteRow<unknown>;
      });
      // RxDB writes every resolution of one push in this one call (upstream.ts persistToMaster)
      this.answers.clear();
      const result = await inner(out, context);
      for (const error of result.error) this.marked.delete(error.documentId);
      return result;
    };
    return true;
  }

  /**
   * True for RxDB's first record of a document whose resolution was just written with the marker:
   * its write to IndexedDB can wait (see the module comment). Each such document answers true once.
   */
  keepInMemoryOnly = (row: MetaWriteRow, context: string): boolean => {
    if (row.document.isCheckpoint !== '0') return false;
    const id = row.document.itemId as string;
    // another write of the document's record between RxDB's write of the resolution and its record
    // (RxDB's downstream writing a pulled change, ./firstEditBase.ts): that record is newer than the
    // answer, and RxDB's record of the answer must go to IndexedDB, which refuses it, as without this module
    if (context !== conflictMetaContext) {
      this.marked.delete(id);
      return false;
    }
    if (row.previous !== undefined) return false;
    return this.marked.delete(id);
  };
}

/** The hook ./writtenRecords.ts `keepWrittenRecords` takes: rows of a meta write to keep in memory only. */
export type KeepInMemoryOnly = (row: MetaWriteRow, context: string) => boolean;

/**
 * The push `rows` to send: all but those without an assumed master state whose document is stored
 * unchanged with this replication's "came from the master" marker (./itemState.ts
 * `isUnchangedMasterState`) and equals the row — a document the server already holds in that state
 * whose record was never stored (an answered new document whose record was kept in memory, the app
 * killed before RxDB's push checkpoint passed RxDB's write of the answer). Sent, it would be a stale
 * insert that the conflict rule, with no base, lets undo a change another device made meanwhile;
 * left out, RxDB takes it as pushed and writes the row's state as its record, and the pull brings
 * the newer server state. Such a document can only come in RxDB's first pass over the stored changes
 * after a start (./replication.ts calls this then only: it reads the stored documents of the rows).
 * @param hash the replication's marker hash (./itemState.ts `masterMarkerHash`).
 * @param seenMarked when given ({@link markedInChangeReads}), only rows of these documents are read
 *   and checked: the others were not stored with the marker when RxDB read them. Null: every row
 *   without an assumed master state is read.
 */
export async function withoutMarkedInserts<T>(
  collection: RxCollection,
  rows: RxReplicationWriteToMasterRow<T>[],
  hash: string,
  primaryPath = 'id',
  seenMarked: ReadonlySet<string> | null = null,
): Promise<RxReplicationWriteToMasterRow<T>[]> {
  const inserts = rows.filter((r) => !r.assumedMasterState && (!seenMarked || seenMarked.has((r.newDocumentState as Record<string, unknown>)[primaryPath] as string)));
  if (inserts.length === 0) return rows;
  const stored = await collection.storageInstance.findDocumentsById(
    inserts.map((r) => (r.newDocumentState as Record<string, unknown>)[primaryPath] as string),
    true,
  );
  const byId = new Map(stored.map((d) => [(d as Record<string, unknown>)[primaryPath] as string, d as Record<string, unknown>]));
  return rows.filter((row) => {
    if (row.assumedMasterState) return true;
    const doc = row.newDocumentState as Record<string, unknown>;
    const now = byId.get(doc[primaryPath] as string);
    return !(now && isUnchangedMasterState(now, hash) && sameState(now, doc)); // _deleted included
  });
}

type ChangeReads = (limit: number, checkpoint?: unknown) => Promise<{ documents: unknown[]; checkpoint: unknown }>;

/** Per wrapped storage instance, the notes of the last replication that asked: its marker hash, the ids noted, whether it still notes. */
const markedNotes = new WeakMap<object, { hash: string; ids: Set<string>; active: boolean }>();

/** What {@link markedInChangeReads} gives its caller. */
export interface MarkedInChangeReads {
  /** The ids noted so far. */
  readonly ids: ReadonlySet<string>;
  /** Stops noting and forgets the ids: RxDB's first push pass is over. */
  stop(): void;
}

/**
 * The ids of documents RxDB's reads of the stored changes (`getChangedDocumentsSince` of the
 * collection's storage, ./dexieReads.ts) found stored with this replication's marker unchanged:
 * RxDB's first push pass takes its rows from those reads, so only rows of these documents can be
 * the marked inserts {@link withoutMarkedInserts} leaves out, and only these need reading again.
 * For an offline backlog (no document marked) that is no read at all instead of one per row.
 * Installed once per storage instance; a later call (sync started again) notes for itself and the
 * earlier one is no longer filled. The caller stops it when the first pass is over: later reads
 * (RxDB's RESYNCs, the outbox) are not looked at.
 * @param storage the collection's storage instance as RxDB's replication uses it.
 * @param hash the replication's marker hash (./itemState.ts `masterMarkerHash`).
 * @returns the notes, filled as reads happen; null when the storage has no `getChangedDocumentsSince`
 *   of its own (RxDB then reads changes by a query this does not see: check every row).
 */
export function markedInChangeReads(storage: object, hash: string, primaryPath = 'id'): MarkedInChangeReads | null {
  const s = storage as { getChangedDocumentsSince?: ChangeReads };
  if (typeof s.getChangedDocumentsSince !== 'function') return null;
  const notes = { hash, ids: new Set<string>(), active: true };
  const wrapped = markedNotes.has(storage);
  markedNotes.set(storage, notes);
  if (!wrapped) {
    const inner = s.getChangedDocumentsSince.bind(storage);
    s.getChangedDocumentsSince = async (limit, checkpoint) => {
      const result = await inner(limit, checkpoint);
      const current = markedNotes.get(storage)!;
      if (current.active) for (const doc of result.documents as Record<string, unknown>[]) if (isUnchangedMasterState(doc, current.hash)) current.ids.add(doc[primaryPath] as string);
      return result;
    };
  }
  return {
    ids: notes.ids,
    stop() {
      notes.active = false;
      notes.ids.clear();
    },
  };
}
