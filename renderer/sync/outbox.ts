/**
 * The outbox of one pushable collection: which documents hold a local change the server has not
 * confirmed yet, and which of those were already sent. Feeds the pending counts of the status
 * model and the per-item states.
 *
 * How a change is classified, by the bulk-write context RxDB reports on `eventBulks$`:
 * - `replication-downstream-*` (RxDB's pull) and the bootstrap's context: the document now equals
 *   the server's state → not pending;
 * - anything else (the app's inserts and updates, RxDB's conflict resolution writes): pending,
 *   except a conflict resolution whose result equals the server's state (the master won).
 * A push (`sent$`) marks a pending document as sent until its next local change. A document the
 * server refused for good (refusals.ts) shows as `refused` until its next local change, also
 * after a restart (the scan does not count it as pending while it is the refused version).
 *
 * At start the collection is scanned once: a document is pending unless it carries the pull's
 * `_meta.o` marker for its current revision or equals the replication's assumed master state.
 * The scan reads the storage in pages of `scanPageSize` documents in write order (no RxDB
 * documents, no query cursor), so a replica of 100,000 documents costs little memory and time.
 * It stops at the first document written after the outbox began to listen (its `_meta.lwt`, RxDB's
 * write time, is not earlier than that moment): the live events already classified those. Sync
 * set up while offline waits for the server before it scans, so a backlog typed offline since then
 * (10,000 registrations, say) is not read a second time, with the assumed master states of all of
 * it, while it is being pushed (docs/performance.md, "What the push of an offline backlog costs").
 *
 * The pending count is kept as a number (not counted over the map on every read), and the many
 * `sent` marks of one push (RxDB reports each pushed document on its own) are announced once per
 * turn of the event loop's microtask queue: a push of 10,000 documents announces a few changes,
 * not 10,000 (each one a new status for every observer).
 */
import { BehaviorSubject, Subscription, type Observable } from 'rxjs';
import { getAssumedMasterState, getChangedDocumentsSince, now, type RxCollection, type RxStorageInstance } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { documentsEqual } from '../../shared/sync/conflicts';
import { bootstrapContext } from './bootstrap';
import type { RefusalStore } from './refusals';
import { sameState } from './outdatedRows';
import type { CollectionName } from '../../shared/schemas/common';
import { isUnchangedMasterState, masterMarkerHash, type StoredDocumentData } from './itemState';

/** Local-change state of one document: `queued`, `sent`, `refused`, or null when in sync with the server. */
export type LocalChangeState = 'queued' | 'sent' | 'refused' | null;

/** See the module comment. */
export class Outbox {
  private readonly pending = new Map<string, 'queued' | 'sent'>();
  /** Entries of `pending` that are `queued`. */
  private queued = 0;
  private bumpScheduled = false;
  private readonly resolvedToMaster = new Map<string, unknown>();
  private readonly changed = new BehaviorSubject<number>(0);
  private readonly subs = new Subscription();
  private identifierHash: string | null = null;
  /** RxDB's write time (`_meta.lwt`, ms) when the outbox began to follow the collection's writes. */
  private readonly listeningSince: number;

  /**
   * @param name the collection's name (refusals are kept per collection).
   * @param refusals where refused documents are recorded.
   */
  constructor(
    private readonly collection: RxCollection,
    private readonly name: CollectionName,
    private readonly refusals: RefusalStore,
  ) {
    // taken before subscribing: a write stamped later is reported to the subscription below
    this.listeningSince = now();
    this.subs.add(
      collection.eventBulks$.subscribe((bulk) => {
        const fromMaster = bulk.context.startsWith('replication-downstream') || bulk.context === bootstrapContext;
        const conflictWrite = bulk.context.startsWith('replication-up-write-conflict');
        for (const ev of bulk.events) {
          const id = ev.documentId;
          if (fromMaster) this.setState(id, null);
          else if (conflictWrite && this.resolvedToMaster.has(id) && documentsEqual(this.resolvedToMaster.get(id), ev.documentData)) this.setState(id, null);
          else this.setState(id, 'queued');
          this.resolvedToMaster.delete(id);
        }
        this.bump();
      }),
    );
  }

  /** Follows a started replication: its pushes and resolved conflicts. */
  attach(replication: RxReplicationState<unknown, unknown>): void {
    this.subs.add(
      replication.sent$.subscribe((doc) => {
        const id = (doc as { id?: string }).id;
        if (id && this.pending.get(id) === 'queued') {
          this.setState(id, 'sent');
          this.bumpSoon();
        }
      }),
    );
    this.subs.add(
      replication.conflict$.subscribe((c) => {
        const id = (c.output as { id?: string }).id;
        if (id && documentsEqual(c.output, c.input.realMasterState)) this.resolvedToMaster.set(id, c.output);
      }),
    );
  }

  /**
   * Scans the collection once for documents changed locally in an earlier session.
   * @param replication the started replication (its assumed master states are read), or null
   *   when this window does not replicate (then only the `_meta.o` marker is used).
   */
  async scan(replicationIdentifier: string, replication: RxReplicationState<unknown, unknown> | null, scanPageSize = 2000): Promise<void> {
    this.identifierHash = await masterMarkerHash(this.collection.database, replicationIdentifier);
    await this.refusals.ready;
    const storage = this.collection.storageInstance as unknown as RxStorageInstance<StoredDocumentData, unknown, unknown, { id: string; lwt: number }>;
    const state = replication?.internalReplicationState;
    let checkpoint: { id: string; lwt: number } | undefined;
    let reachedLiveWrites = false;
    for (;;) {
      const page = await getChangedDocumentsSince(storage, scanPageSize, checkpoint);
      checkpoint = page.checkpoint;
      const candidates: { id: string; data: StoredDocumentData }[] = [];
      for (const data of page.documents) {
        // in write order: this one and every later one were reported to the live subscription
        if (((data._meta?.lwt as number | undefined) ?? 0) >= this.listeningSince) {
          reachedLiveWrites = true;
          break;
        }
        if (data._deleted) continue; // as RxDB queries: deleted documents are not listed
        if (isUnchangedMasterState(data, this.identifierHash)) continue;
        const id = data.id as string;
        const r = this.refusals.get(this.name, id);
        if (!(r && sameState(r.document, data))) candidates.push({ id, data });
      }
      if (candidates.length > 0) {
        const assumed = replication && state ? ((await getAssumedMasterState(state as never, candidates.map((c) => c.id))) as Record<string, { docData: unknown } | undefined>) : {};
        for (const c of candidates) {
          const a = assumed[c.id];
          if (!this.pending.has(c.id) && !(a && documentsEqual(a.docData, c.data))) this.setState(c.id, 'queued');
        }
      }
      if (reachedLiveWrites || page.documents.length < scanPageSize) break;
    }
    this.bump();
  }

  /** Number of documents with a local change the server has not accepted yet (`queued`; a `sent` one was accepted). */
  get size(): number {
    return this.queued;
  }
  /** Local-change state of one document. */
  stateOf(id: string): LocalChangeState {
    const local = this.pending.get(id) ?? null;
    if (local === 'queued') return local;
    if (this.refusals.get(this.name, id)) return 'refused';
    return local;
  }
  /** Emits after every change of the outbox. */
  get changed$(): Observable<number> {
    return this.changed.asObservable();
  }

  /** Sets the local-change state of `id` (null: in sync), keeping the queued count. */
  private setState(id: string, state: 'queued' | 'sent' | null): void {
    const before = this.pending.get(id);
    if (before === 'queued') this.queued--;
    if (state === null) this.pending.delete(id);
    else this.pending.set(id, state);
    if (state === 'queued') this.queued++;
  }

  private bump(): void {
    this.changed.next(this.changed.getValue() + 1);
  }

  /** One {@link bump} for everything marked before the current microtasks have run. */
  private bumpSoon(): void {
    if (this.bumpScheduled) return;
    this.bumpScheduled = true;
    queueMicrotask(() => {
      this.bumpScheduled = false;
      this.bump();
    });
  }

  close(): void {
    this.subs.unsubscribe();
    this.changed.complete();
  }
}
