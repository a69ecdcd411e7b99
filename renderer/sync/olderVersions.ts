/**
 * Keeps RxDB's downstream from writing a server version older than the one the local document
 * already carries.
 *
 * The server gives every stored version a new `updatedAt`, in commit order (docs/sync.md,
 * "Protocol"), so of two versions of one document the one with the earlier `updatedAt` is the
 * older. RxDB's downstream (rxdb 17.6 replication-protocol/downstream.ts) does not compare
 * versions: it writes a pulled document whenever the local one equals its recorded master state.
 * A pull the server answered before a push of the same document was stored, but whose answer the
 * client persists after it took that push answer (a pull already running — slow, or retrying
 * while the server restarts — does not wait for a push, docs/sync.md "Push answers"), therefore
 * puts the older version back over the newer one, and records it as the master state:
 * - the user sees the edit undone although the server has it;
 * - the pull that follows brings the newer version again, but the pull's echo filter
 *   (./pushEchoes.ts) leaves it out as the echo of the push answer, so the client keeps the older
 *   version for good (seen in the chaos test: a registration left at its first server version
 *   while the server had three later edits);
 * - RxDB's upstream, re-reading local changes on a RESYNC between the downstream's write of the
 *   document and of its master record, can pair the older document with the newer master and push
 *   it as an edit, which the server takes: the newer version is then lost on the server as well.
 *
 * The guard sits where the downstream writes: a write of the downstream's context (RxDB names it
 * `replication-downstream-<checkpoint key>`) whose `updatedAt` is earlier than the `updatedAt` of
 * the document it replaces is answered as a write conflict (status 409), which RxDB's downstream
 * ignores — it then writes neither the document nor its master record (a newer local state wins,
 * downstream.ts "We do not have to care about downstream conflict errors"). Writes from anywhere
 * else (the user, the upstream's conflict resolutions) pass unchanged.
 */
import type { BulkWriteRow, RxCollection, RxStorageBulkWriteResponse, RxStorageWriteError } from 'rxdb';

/** Prefix of the bulk-write context of RxDB's downstream (rxdb 17.6 replication-protocol/index.ts `downstreamBulkWriteFlag`). */
const downstreamContext = 'replication-downstream-';

const isoUtc = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/**
 * A sort key of an ISO 8601 UTC timestamp (`2026-12-02T17:28:54.105Z` or with microseconds, as the
 * server writes them): equal precision for every fraction, so keys compare as strings in time order.
 * @returns null for anything else (then nothing is compared).
 */
export function timestampKey(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = isoUtc.exec(value);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : null;
}

/**
 * True when `next` is a server version older than `current`: both carry an ISO 8601 UTC
 * `updatedAt` and `next`'s is earlier. A missing or unreadable timestamp is never older.
 */
export function isOlderVersion(next: Record<string, unknown>, current: Record<string, unknown> | undefined): boolean {
  if (!current) return false;
  const a = timestampKey(next.updatedAt);
  const b = timestampKey(current.updatedAt);
  return a !== null && b !== null && a < b;
}

type BulkWrite = (rows: BulkWriteRow<unknown>[], context: string) => Promise<RxStorageBulkWriteResponse<unknown>>;

const installed = new WeakSet<object>();

/**
 * Installs the guard of the module comment on `collection`'s storage instance (the one RxDB's
 * replication writes through). Idempotent. Returns false when it was already installed.
 * @param primaryPath the collection's primary key field (`id` for every CPS collection).
 */
export function refuseOlderDownstreamVersions(collection: RxCollection, primaryPath = 'id'): boolean {
  const storage = collection.storageInstance as unknown as { bulkWrite: BulkWrite };
  if (installed.has(storage)) return false;
  installed.add(storage);
  const inner = storage.bulkWrite.bind(storage);
  storage.bulkWrite = async (rows, context) => {
    if (typeof context !== 'string' || !context.startsWith(downstreamContext)) return inner(rows, context);
    const refused: RxStorageWriteError<unknown>[] = [];
    const kept: BulkWriteRow<unknown>[] = [];
    for (const row of rows) {
      const previous = row.previous as Record<string, unknown> | undefined;
      if (previous && isOlderVersion(row.document as Record<string, unknown>, previous)) {
        refused.push({
          status: 409,
          isError: true,
          documentId: (row.document as Record<string, unknown>)[primaryPath] as string,
          writeRow: row,
          documentInDb: row.previous!,
        } as RxStorageWriteError<unknown>);
      } else kept.push(row);
    }
    if (refused.length === 0) return inner(rows, context);
    if (kept.length === 0) return { error: refused };
    // The storage's own response keeps its record of the rows it wrote (RxDB reads the written
    // documents from it); the refused rows are added as its errors.
    const response = await inner(kept, context);
    response.error.push(...refused);
    return response;
  };
  return true;
}
