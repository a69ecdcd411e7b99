/**
 * The desk's RxDB storage: RxDB's Dexie storage (rxdb 17.6 plugins/storage-dexie) with a leaner
 * IndexedDB index set for the two large collections.
 *
 * IndexedDB updates every index of a store on every write, and the initial pull writes every
 * registration and product model once (docs/performance.md#local-indexes). RxDB's Dexie storage
 * declares, besides the schema's indexes (each kept as `[_deleted+field+id]`), three of its own
 * (dexie-helper.ts `getDexieStoreSchema`):
 * - `[_deleted+id]`: the index RxDB's query planner uses when the schema declares none
 *   (rx-schema-helper.ts `getDefaultIndex`); with schema indexes the planner never picks it, as
 *   it plans only on the schema's indexes and `[_meta.lwt+id]` (query-planner.ts);
 * - `[_meta.lwt+id]`: the changes since a checkpoint (`getChangedDocumentsSince`, and the sync
 *   client's reads in renderer/sync/dexieReads.ts);
 * - `_meta.lwt`: only the storage's `cleanup()` (`where('_meta.lwt').below(t)`); on the lean
 *   stores the same documents are read as the range below `[t]` of `[_meta.lwt+id]`
 *   ({@link leanCleanup}; IndexedDB orders array keys element by element, so `[lwt, id] < [t]`
 *   exactly when `lwt < t`).
 *
 * From the schema versions in {@link leanIndexesSince} on, the docs store of those collections is
 * declared without `_meta.lwt`, and without `[_deleted+id]` when the schema has indexes of its own.
 * A store's index set is fixed when its IndexedDB database is created, and RxDB names that database
 * after the schema version, so older versions keep their stores as created and reach the lean set
 * through the migration of their schema version (copy of every document with its `_meta`).
 */
import type { DexieSettings, RxStorage, RxStorageInstance } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { now } from 'rxdb/plugins/utils';
import { collectionSchemas, type CollectionName } from '../../shared/schemas';

/** Per collection, the first schema version whose docs store has the lean index set. */
export const leanIndexesSince: Partial<Record<CollectionName, number>> = { registrations: 3, productModels: 2 };

/** Dexie's name of RxDB's docs store (dexie-helper.ts `DEXIE_DOCS_TABLE_NAME`). */
const docsStore = 'docs';

/**
 * The lean Dexie declaration of a docs store: `stores` (Dexie's comma-separated index list, primary
 * key first) without `_meta.lwt`, and without `[_deleted+<primary key>]` when `dropDefault`.
 * @param stores the declaration RxDB's Dexie storage made, e.g. `id, [_deleted+id], [_deleted+organisationId+id], [_meta.lwt+id], _meta.lwt`.
 * @throws Error when the declaration lacks `[_meta.lwt+…]`, which must serve `_meta.lwt` lookups.
 */
export function leanDocsStore(stores: string, dropDefault: boolean): string {
  const parts = stores.split(',').map((s) => s.trim());
  const primary = parts[0]!;
  if (!parts.includes(`[_meta.lwt+${primary}]`)) throw new Error(`lean index set: no [_meta.lwt+${primary}] in "${stores}"`);
  return parts.filter((p) => p !== '_meta.lwt' && !(dropDefault && p === `[_deleted+${primary}]`)).join(', ');
}

/**
 * The collection and schema version of a Dexie database RxDB's Dexie storage names
 * `rxdb-dexie-<database>--<schema version>--<collection>` (dexie-helper.ts `getDexieDbWithTables`);
 * null for another name.
 */
export function parseRxDexieName(dexieDbName: string): { collection: string; version: number } | null {
  const m = /--(\d+)--([A-Za-z0-9_]+)$/.exec(dexieDbName);
  return m ? { collection: m[2]!, version: Number(m[1]) } : null;
}

/** Whether a collection at a schema version has the lean docs store. */
function isLean(collection: string, version: number): boolean {
  const since = leanIndexesSince[collection as CollectionName];
  return since !== undefined && version >= since;
}

/** The parts of RxDB's Dexie storage instance (rxdb 17.6 plugins/storage-dexie) the cleanup uses. */
interface DexieInstanceInternals {
  dexieDb: { transaction(mode: 'rw', table: unknown, fn: () => Promise<void>): Promise<unknown> };
  dexieTable: { where(index: string): { below(key: unknown[]): { toArray(): Promise<Record<string, unknown>[]> } }; bulkDelete(keys: string[]): Promise<unknown> };
}

/**
 * RxDB's Dexie `cleanup(minimumDeletedTime)` (rx-storage-instance-dexie.ts) for a lean store: removes
 * the deleted documents whose last write (`_meta.lwt`, ms) is older than `minimumDeletedTime` ms ago,
 * reading them from `[_meta.lwt+id]` instead of the `_meta.lwt` index the store does not have.
 * @returns true (all of them were removed), as RxDB's.
 */
export function leanCleanup(internals: Promise<DexieInstanceInternals> | DexieInstanceInternals, primaryPath: string): (minimumDeletedTime: number) => Promise<boolean> {
  return async (minimumDeletedTime) => {
    const state = await internals;
    await state.dexieDb.transaction('rw', state.dexieTable, async () => {
      const maxDeletionTime = now() - minimumDeletedTime;
      const older = await state.dexieTable.where(`[_meta.lwt+${primaryPath}]`).below([maxDeletionTime]).toArray();
      await state.dexieTable.bulkDelete(older.filter((d) => d._deleted === '1').map((d) => d[primaryPath] as string));
    });
    return true;
  };
}

/** Whether the collection's schema (shared/schemas) declares indexes of its own. */
function hasSchemaIndexes(collection: CollectionName): boolean {
  const schema = collectionSchemas[collection].schema as { indexes?: readonly unknown[] };
  return (schema.indexes?.length ?? 0) > 0;
}

/**
 * RxDB's Dexie storage with the lean docs stores of {@link leanIndexesSince}.
 * @param settings Dexie settings (Node tests pass `{ indexedDB, IDBKeyRange }` of fake-indexeddb);
 *   an `onCreate` of the caller's runs first.
 */
export function deskDexieStorage(settings: DexieSettings = {}): RxStorage<unknown, unknown> {
  const callerOnCreate = settings.onCreate;
  const storage = getRxStorageDexie({
    ...settings,
    async onCreate(dexieDb, dexieDbName) {
      await callerOnCreate?.(dexieDb, dexieDbName);
      const parsed = parseRxDexieName(dexieDbName);
      if (!parsed || !isLean(parsed.collection, parsed.version)) return;
      const dropDefault = hasSchemaIndexes(parsed.collection as CollectionName);
      // RxDB declares the stores right after onCreate: dexieDb.version(1).stores({ docs, changes, attachments })
      const version = dexieDb.version.bind(dexieDb);
      dexieDb.version = ((n: number) => {
        const v = version(n);
        const stores = v.stores.bind(v);
        v.stores = ((schema: Record<string, string | null>) => {
          const declared = schema[docsStore];
          return stores(typeof declared === 'string' ? { ...schema, [docsStore]: leanDocsStore(declared, dropDefault) } : schema);
        }) as typeof v.stores;
        return v;
      }) as typeof dexieDb.version;
    },
  });
  // the cleanup of a lean store reads [_meta.lwt+id] (the class's method stays for every other store)
  const create = storage.createStorageInstance.bind(storage);
  storage.createStorageInstance = (async (params) => {
    const instance = await create(params);
    if (isLean(params.collectionName, params.schema.version)) {
      const inst = instance as unknown as RxStorageInstance<unknown, unknown, unknown> & { internals: Promise<DexieInstanceInternals>; primaryPath: string };
      inst.cleanup = leanCleanup(inst.internals, inst.primaryPath);
    }
    return instance;
  }) as typeof storage.createStorageInstance;
  return storage as RxStorage<unknown, unknown>;
}
