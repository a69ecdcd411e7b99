/**
 * Per-item sync state of registrations and memberships, as the user sees it in lists:
 * `queued` (a local change waits to be sent), `sent` (the server has the latest local state and
 * has not decided yet), `confirmed` (points assigned / membership active), `rejected` (with the
 * server's reason).
 *
 * "Has a local change" is read from RxDB's own bookkeeping: a document written by the pull carries
 * `_meta.o = { _rev: <revision height>, hash }` (rxdb replication-protocol/downstream.ts); any local
 * write after that raises the revision height above `_meta.o._rev`.
 */

/** What the user sees next to a registration or membership. */
export type ItemSyncStateKind = 'queued' | 'sent' | 'confirmed' | 'rejected';

/** Sync state of one document, with the server's reason when it gave one. */
export interface ItemSyncState {
  state: ItemSyncStateKind;
  /** `statusReason` from the server: why it was rejected, or what is missing. */
  reason: string | null;
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
 * True when the stored document holds a local change the server has not echoed back yet
 * (written locally, or changed locally after the last pull).
 */
export function hasLocalChange(data: StoredDocumentData): boolean {
  const fromMaster = data._meta?.o?._rev;
  return typeof fromMaster !== 'number' || fromMaster !== revisionHeight(data._rev);
}

/**
 * Sync state of a registration or membership from its stored data.
 * @param sent whether the current local change was already pushed (tracked by the sync module).
 * Registrations: `points-assigned` → confirmed; `rejected-duplicate`/`rejected` → rejected;
 * `draft`/`incomplete` → sent (the reason says what is missing). Memberships: `active` →
 * confirmed; `rejected`/`expired` → rejected; `requested` → sent.
 */
export function itemSyncState(collection: 'registrations' | 'memberships', data: StoredDocumentData, sent: boolean): ItemSyncState {
  const reason = typeof data.statusReason === 'string' && data.statusReason !== '' ? data.statusReason : null;
  if (hasLocalChange(data)) return { state: sent ? 'sent' : 'queued', reason };
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
