/**
 * Index reads for RxDB's Dexie storage that the sync client makes often and in bulk.
 *
 * RxDB's push side (rxdb 17.6 replication-protocol/upstream.ts) finds the local changes to push
 * with `getChangedDocumentsSince(limit, checkpoint)`. The Dexie storage has no own implementation,
 * so RxDB runs it as a Mango query (`_meta.lwt > lwt OR (_meta.lwt = lwt AND id > id)`), which
 * the Dexie storage answers with an IndexedDB cursor: one request per document, each matched
 * again in JavaScript. For an offline backlog of 10,000 registrations that was the largest
 * single cost of the push (seconds per 4,000 documents, test/bench/sync/README.md). The same
 * answer is one `IDBIndex.getAll` over the `[_meta.lwt+id]` index the storage already keeps for
 * exactly this read (rxdb plugins/storage-dexie/dexie-helper.ts `getDexieStoreSchema`): keys
 * after `[lwt, id]`, in key order, at most `limit`.
 */
import type { RxCollection } from 'rxdb';
import { fromDexieToStorage } from 'rxdb/plugins/storage-dexie';

/** A storage checkpoint of RxDB's storages: the last change's write time and primary key. */
export interface StorageCheckpoint {
  id: string;
  lwt: number;
}

/** The parts of RxDB's Dexie storage instance (rxdb 17.6 plugins/storage-dexie) these reads use. */
export interface DexieInternals {
  dexieTable: {
    bulkPut(docs: unknown[]): Promise<unknown>;
    where(index: string): { above(key: unknown): { limit(n: number): { toArray(): Promise<Record<string, unknown>[]> } } };
  };
  booleanIndexes: string[];
}

/**
 * The internals of the Dexie storage instance under RxDB's wrappers (`originalStorageInstance`),
 * or null when the storage is another one (or a wrapper hides them).
 */
export async function dexieInternalsOf(collection: RxCollection): Promise<DexieInternals | null> {
  let inst = collection.storageInstance as unknown as { originalStorageInstance?: unknown; internals?: unknown };
  while (inst.originalStorageInstance) inst = inst.originalStorageInstance as typeof inst;
  const internals = (await inst.internals) as Partial<DexieInternals> | undefined;
  return internals && typeof internals.dexieTable?.where === 'function' && Array.isArray(internals.booleanIndexes) ? (internals as DexieInternals) : null;
}

/**
 * The documents of a Dexie storage changed after `checkpoint` (all when undefined), deleted ones
 * included, in `(_meta.lwt, id)` order, at most `limit`; and the checkpoint of the last one
 * (`checkpoint`, or `{id: '', lwt: 0}`, when there is none) — RxDB's `getChangedDocumentsSince`
 * contract (rxdb rx-storage-helper.ts).
 * @param primaryPath the collection's primary key field.
 */
export async function readChangedDocumentsSince(
  internals: DexieInternals,
  primaryPath: string,
  limit: number,
  checkpoint: StorageCheckpoint | undefined,
): Promise<{ documents: Record<string, unknown>[]; checkpoint: StorageCheckpoint }> {
  const after = checkpoint ? [checkpoint.lwt, checkpoint.id] : [-Infinity, ''];
  const rows = await internals.dexieTable.where(`[_meta.lwt+${primaryPath}]`).above(after).limit(limit).toArray();
  const documents = rows.map((d) => fromDexieToStorage(internals.booleanIndexes, d) as Record<string, unknown>);
  const last = documents[documents.length - 1];
  return {
    documents,
    checkpoint: last ? { id: last[primaryPath] as string, lwt: (last._meta as { lwt: number }).lwt } : (checkpoint ?? { id: '', lwt: 0 }),
  };
}

/**
 * Gives `collection`'s storage (as RxDB's replication sees it: `collection.storageInstance`) the
 * indexed {@link readChangedDocumentsSince}. Runs under the database's lock like RxDB's own
 * storage calls, so it never reads a closed database. Resolves false (and changes nothing) when
 * the storage is not RxDB's Dexie storage or already has its own implementation.
 */
export async function installIndexedChangeReads(collection: RxCollection): Promise<boolean> {
  const wrapper = collection.storageInstance as unknown as { getChangedDocumentsSince?: unknown };
  if (typeof wrapper.getChangedDocumentsSince === 'function') return false;
  const internals = await dexieInternalsOf(collection);
  if (!internals) return false;
  const primaryPath = collection.schema.primaryPath as string;
  const db = collection.database as unknown as { lockedRun<T>(fn: () => Promise<T>): Promise<T> };
  wrapper.getChangedDocumentsSince = (limit: number, checkpoint?: StorageCheckpoint) => db.lockedRun(() => readChangedDocumentsSince(internals, primaryPath, limit, checkpoint));
  return true;
}

/** A Dexie table as {@link installRangedBulkGet} uses it (dexie 4). */
export interface BulkGetTable {
  bulkGet(keys: string[]): Promise<(Record<string, unknown> | undefined)[]>;
  where(index: string): { between(lo: string, hi: string, includeLo: boolean, includeHi: boolean): { count(): Promise<number>; toArray(): Promise<Record<string, unknown>[]> } };
  schema: { primKey: { keyPath: string | string[] | null } };
}

const ranged = new WeakSet<object>();

/**
 * Makes `table.bulkGet(keys)` of a Dexie table read one key range instead of one request per key,
 * when that range holds few other records. Dexie's `bulkGet` sends one IndexedDB `get` per key;
 * RxDB's Dexie storage calls it for every `findDocumentsById` and before every `bulkWrite` (to
 * detect write conflicts), so pushing 10,000 documents cost about 40,000 single-key requests in
 * the replication's meta store alone (test/bench/sync/README.md). With at least `minKeys` keys, the
 * range from the smallest to the largest key is counted (one request); when it holds at most
 * `spread` × the number of keys, it is read with one `getAll` and matched in memory. Otherwise
 * (keys far apart, e.g. random ids in a large store) the table's own `bulkGet` answers. Same
 * result either way: the records in key order of `keys`, undefined for a missing key. Runs inside
 * the caller's Dexie transaction. Installing twice changes nothing.
 * @returns false when the table's primary key is not a single string path (left as it is).
 */
export function installRangedBulkGet(table: BulkGetTable, minKeys = 64, spread = 4): boolean {
  const pk = table.schema.primKey.keyPath;
  if (typeof pk !== 'string' || pk.includes('.')) return false;
  if (ranged.has(table)) return true;
  ranged.add(table);
  const perKey = table.bulkGet.bind(table);
  table.bulkGet = async (keys: string[]) => {
    if (keys.length < minKeys) return perKey(keys);
    let lo = keys[0]!;
    let hi = keys[0]!;
    for (const k of keys) {
      if (typeof k !== 'string') return perKey(keys);
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
    const range = table.where(':id').between(lo, hi, true, true);
    if ((await range.count()) > keys.length * spread) return perKey(keys);
    const byKey = new Map<string, Record<string, unknown>>();
    for (const r of await range.toArray()) byKey.set(r[pk] as string, r);
    return keys.map((k) => byKey.get(k));
  };
  return true;
}

/**
 * {@link installRangedBulkGet} on the Dexie table under an RxDB storage instance (through RxDB's
 * wrappers); false when the storage is not RxDB's Dexie storage.
 */
export async function installRangedReads(storage: unknown): Promise<boolean> {
  let inst = storage as { originalStorageInstance?: unknown; internals?: unknown } | undefined;
  while (inst?.originalStorageInstance) inst = inst.originalStorageInstance as typeof inst;
  const internals = (await inst?.internals) as { dexieTable?: Partial<BulkGetTable> } | undefined;
  const table = internals?.dexieTable;
  if (!table || typeof table.bulkGet !== 'function' || typeof table.where !== 'function' || !table.schema) return false;
  return installRangedBulkGet(table as BulkGetTable);
}
