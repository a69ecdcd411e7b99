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
 */
import { BehaviorSubject, Subscription, type Observable } from 'rxjs';
import { getAssumedMasterState, type RxCollection } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { documentsEqual } from '../../shared/sync/conflicts';
import { bootstrapContext } from './bootstrap';
import type { RefusalStore } from './refusals';
import { sameState } from './outdatedRows';
import type { CollectionName } from '../../shared/schemas/common';
import { revisionHeight, type StoredDocumentData } from './itemState';

/** Local-change state of one document: `queued`, `sent`, `refused`, or null when in sync with the server. */
export type LocalChangeState = 'queued' | 'sent' | 'refused' | null;

/** See the module comment. */
export class Outbox {
  private readonly pending = new Map<string, 'queued' | 'sent'>();
  private readonly resolvedToMaster = new Map<string, unknown>();
  private readonly changed = new BehaviorSubject<number>(0);
  private readonly subs = new Subscription();
  private identifierHash: string | null = null;

  /**
   * @param name the collection's name (refusals are kept per collection).
   * @param refusals where refused documents are recorded.
   */
  constructor(
    private readonly collection: RxCollection,
    private readonly name: CollectionName,
    private readonly refusals: RefusalStore,
  ) {
    this.subs.add(
      collection.eventBulks$.subscribe((bulk) => {
        const fromMaster = bulk.context.startsWith('replication-downstream') || bulk.context === bootstrapContext;
        const conflictWrite = bulk.context.startsWith('replication-up-write-conflict');
        for (const ev of bulk.events) {
          const id = ev.documentId;
          if (fromMaster) this.pending.delete(id);
          else if (conflictWrite && this.resolvedToMaster.has(id) && documentsEqual(this.resolvedToMaster.get(id), ev.documentData)) this.pending.delete(id);
          else this.pending.set(id, 'queued');
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
          this.pending.set(id, 'sent');
          this.bump();
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
  async scan(replicationIdentifier: string, replication: RxReplicationState<unknown, unknown> | null): Promise<void> {
    this.identifierHash = await this.collection.database.hashFunction('rxdbreplication' + replicationIdentifier);
    const docs = await this.collection.find().exec();
    let candidates: { id: string; data: StoredDocumentData }[] = [];
    for (const d of docs) {
      const data = (d as unknown as { _data: StoredDocumentData })._data;
      const o = data._meta?.o as { _rev?: number; hash?: string } | undefined;
      if (o && o.hash === this.identifierHash && o._rev === revisionHeight(data._rev)) continue;
      candidates.push({ id: d.primary, data });
    }
    await this.refusals.ready;
    candidates = candidates.filter((c) => {
      const r = this.refusals.get(this.name, c.id);
      return !(r && sameState(r.document, c.data));
    });
    const state = replication?.internalReplicationState;
    if (replication && state) {
      for (let i = 0; i < candidates.length; i += 500) {
        const chunk = candidates.slice(i, i + 500);
        const assumed = await getAssumedMasterState(state as never, chunk.map((c) => c.id));
        for (const c of chunk) {
          const a = (assumed as Record<string, { docData: unknown } | undefined>)[c.id];
          if (!this.pending.has(c.id) && !(a && documentsEqual(a.docData, c.data))) this.pending.set(c.id, 'queued');
        }
      }
    } else {
      for (const c of candidates) if (!this.pending.has(c.id)) this.pending.set(c.id, 'queued');
    }
    this.bump();
  }

  /** Number of documents with a local change the server has not accepted yet (`queued`; a `sent` one was accepted). */
  get size(): number {
    let n = 0;
    for (const v of this.pending.values()) if (v === 'queued') n++;
    return n;
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

  private bump(): void {
    this.changed.next(this.changed.getValue() + 1);
  }

  close(): void {
    this.subs.unsubscribe();
    this.changed.complete();
  }
}
