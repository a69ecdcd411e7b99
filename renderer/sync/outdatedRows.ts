/**
 * Keeps RxDB's upstream from pushing a document state that is no longer the local one.
 *
 * The race (rxdb 17.6 replication-protocol/upstream.ts, caught by the chaos test): on every RESYNC
 * the upstream re-reads the local changes since its checkpoint and only later reads the assumed
 * master states. When the downstream writes a pulled document in between (fork first, then the
 * assumed master state), the upstream pairs the OLD local state with the NEW assumed master and
 * pushes `{assumedMasterState: new server state, newDocumentState: old server state}`. The server
 * sees a valid edit and takes it: another user's accepted edit is silently undone (seen: a city
 * edited by client 0 reverted by client 1, which never edited it).
 *
 * The guard, run just before each push request: a row whose `newDocumentState` differs from the
 * document as it is stored now is outdated. It is not sent. Instead its `assumedMasterState` is
 * reported back to RxDB as the "conflict": RxDB then tries to write its resolution over the OLD
 * local revision, which fails with a 409 because the document moved on, and RxDB drops that write
 * (it changes neither the document nor the assumed master state). The current local state is
 * either the server's (written by the pull) or a newer local edit, which RxDB pushes on its own
 * change event. Rows without an assumed master state (first push of a new document) are always
 * sent: the server treats a repeated insert as a no-op and the newer state follows.
 */
import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { documentsEqual } from '../../shared/sync/conflicts';

/** Result of {@link splitOutdatedRows}. */
export interface SplitRows<T> {
  /** Rows to push now. */
  current: RxReplicationWriteToMasterRow<T>[];
  /** What to answer RxDB for each outdated row instead of pushing it: its assumed master state. */
  outdatedAnswers: WithDeleted<T>[];
}

function comparable(doc: unknown): Record<string, unknown> {
  const { _attachments: _a, _meta: _m, _rev: _r, ...rest } = doc as Record<string, unknown>;
  return rest;
}

/**
 * True when two states of a document agree in their fields: RxDB's bookkeeping (`_meta`, `_rev`)
 * and attachments are ignored (push rows carry none, stored documents and RxDB's records do).
 */
export function sameState(a: unknown, b: unknown): boolean {
  return documentsEqual(comparable(a), comparable(b));
}

/**
 * Splits push `rows` into the ones still current and the outdated ones (see the module comment).
 * Reads the stored documents of `collection` (deleted ones included) once per call.
 * @param primaryPath the collection's primary key field (`id` for every CPS collection).
 */
export async function splitOutdatedRows<T>(collection: RxCollection, rows: RxReplicationWriteToMasterRow<T>[], primaryPath = 'id'): Promise<SplitRows<T>> {
  const checked = rows.filter((r) => r.assumedMasterState);
  if (checked.length === 0) return { current: rows, outdatedAnswers: [] };
  const ids = checked.map((r) => (r.newDocumentState as Record<string, unknown>)[primaryPath] as string);
  const stored = await collection.storageInstance.findDocumentsById(ids, true);
  const byId = new Map(stored.map((d) => [(d as Record<string, unknown>)[primaryPath] as string, d]));
  const current: RxReplicationWriteToMasterRow<T>[] = [];
  const outdatedAnswers: WithDeleted<T>[] = [];
  for (const row of rows) {
    const id = (row.newDocumentState as Record<string, unknown>)[primaryPath] as string;
    const now = row.assumedMasterState ? byId.get(id) : undefined;
    if (row.assumedMasterState && now && !sameState(now, row.newDocumentState)) outdatedAnswers.push(row.assumedMasterState);
    else current.push(row);
  }
  return { current, outdatedAnswers };
}
