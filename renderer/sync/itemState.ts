/**
 * Per-item sync state of registrations and memberships, as the user sees it in lists:
 * `queued` (a local change waits to be sent), `sent` (the server has the latest local state and
 * has not decided yet), `confirmed` (points assigned / membership active), `rejected` (with the
 * server's reason), `refused` (the server refused the local change for good: refusals.ts).
 *
 * Whether a document holds a local change comes from the outbox (outbox.ts).
 */
import { combineLatest, distinctUntilChanged, map, of, type Observable } from 'rxjs';
import type { RxCollection, RxDatabase } from 'rxdb';
import type { Outbox } from './outbox';
import type { RefusalStore } from './refusals';

/** What the user sees next to a registration or membership. */
export type ItemSyncStateKind = 'queued' | 'sent' | 'confirmed' | 'rejected' | 'refused';

/** Sync state of one document, with the server's reason when it gave one. */
export interface ItemSyncState {
  state: ItemSyncStateKind;
  /** `statusReason` from the server: why it was rejected, or what is missing; for `refused` the server's message (log text). */
  reason: string | null;
  /** For `refused`: the server's code and parameters, which the app words (renderer/app/reasons.ts `refusalMessage`), and the document's organisation to name it. */
  refusal?: { code: string | null; params: Readonly<Record<string, string | number>> | null; organisationId: string | null };
}

/** The parts of RxDB's stored document data this module reads. */
export interface StoredDocumentData {
  _rev?: string;
  _meta?: { o?: { _rev?: number } } & Record<string, unknown>;
  status?: unknown;
  statusReason?: unknown;
  [field: string]: unknown;
}

/** Height of an RxDB revision string `"<height>-<hash>"`; 0 when absent or malformed. */
export function revisionHeight(rev: string | undefined): number {
  if (!rev) return 0;
  const n = Number.parseInt(rev.split('-', 1)[0] ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

/**
 * The hash that RxDB's "came from the master" marker (`_meta.o.hash`) carries for the replication
 * `replicationIdentifier`: its protocol identifier `'rxdbreplication' + replicationIdentifier`
 * (rxdb 17.6 plugins/replication/index.ts) through the database's hash function.
 */
export function masterMarkerHash(db: Pick<RxDatabase, 'hashFunction'>, replicationIdentifier: string): Promise<string> {
  return db.hashFunction('rxdbreplication' + replicationIdentifier);
}

/**
 * True when `data` is a state the replication whose marker hash is `hash` ({@link masterMarkerHash})
 * wrote from the server and nobody changed since: RxDB's marker `_meta.o = { _rev, hash }` with
 * `_rev` the height of the document's current revision (rxdb 17.6 replication-protocol/downstream.ts).
 */
export function isUnchangedMasterState(data: { _rev?: unknown; _meta?: unknown } | undefined, hash: string): boolean {
  const o = (data?._meta as { o?: { _rev?: unknown; hash?: unknown } } | undefined)?.o;
  return !!o && o.hash === hash && o._rev === revisionHeight(typeof data?._rev === 'string' ? data._rev : undefined);
}

/**
 * Sync state of a registration or membership from its stored data.
 * @param localChange the outbox state of the document (`queued`, `sent`, or null when in sync).
 * Registrations: `points-assigned` → confirmed; `rejected-duplicate`/`rejected` → rejected;
 * `draft`/`incomplete` → sent (the reason says what is missing). Memberships: `active` →
 * confirmed; `rejected`/`expired` → rejected; `requested` → sent.
 */
export function itemSyncState(collection: 'registrations' | 'memberships', data: StoredDocumentData, localChange: 'queued' | 'sent' | null): ItemSyncState {
  const reason = typeof data.statusReason === 'string' && data.statusReason !== '' ? data.statusReason : null;
  if (localChange) return { state: localChange, reason };
  const status = data.status;
  if (collection === 'registrations') {
    if (status === 'points-assigned') return { state: 'confirmed', reason };
    if (status === 'rejected-duplicate' || status === 'rejected') return { state: 'rejected', reason };
    return { state: 'sent', reason };
  }
  if (status === 'active') return { state: 'confirmed', reason };
  if (status === 'rejected' || status === 'expired') return { state: 'rejected', reason };
  return { state: 'sent', reason };
}

/**
 * Live per-item state of document `id` of `collection`: null while the document does not exist.
 * `outbox` is the collection's outbox (none: no local change is ever pending); a refused local
 * change carries the refusal's message.
 */
export function watchItemState(collection: 'registrations' | 'memberships', documents: RxCollection, id: string, outbox: Outbox | undefined, refusals: RefusalStore): Observable<ItemSyncState | null> {
  const doc$ = documents.findOne(id).$ as Observable<{ _data: StoredDocumentData } | null>;
  return combineLatest([doc$, outbox ? outbox.changed$ : of(0), refusals.refusals$]).pipe(
    map(([doc]) => {
      if (!doc) return null;
      const local = outbox?.stateOf(id) ?? null;
      if (local === 'refused') {
        const r = refusals.get(collection, id);
        const organisationId = r && typeof r.document.organisationId === 'string' ? r.document.organisationId : null;
        return { state: 'refused' as const, reason: r?.message ?? null, refusal: { code: r?.code ?? null, params: r?.params ?? null, organisationId } };
      }
      return itemSyncState(collection, doc._data, local);
    }),
    distinctUntilChanged((a, b) => a?.state === b?.state && a?.reason === b?.reason && a?.refusal?.code === b?.refusal?.code),
  );
}
