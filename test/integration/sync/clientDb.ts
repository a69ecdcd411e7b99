/**
 * Test helper: a client database like the desk's (RxDB + Dexie on fake-indexeddb, ajv validation),
 * with only the collections a test needs (RxDB open core allows ~13 open collections per process)
 * and the sync conflict handlers installed. Close what you open.
 */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, type RxDatabase, type RxStorage } from 'rxdb';
import { deskDexieStorage } from '../../../renderer/db/dexieStorage';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBUpdatePlugin } from 'rxdb/plugins/update';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { collectionSchemas, type CollectionName } from '../../../shared/schemas';
import { conflictHandlers } from '../../../shared/sync/conflicts';

addRxPlugin(RxDBLeaderElectionPlugin);
addRxPlugin(RxDBUpdatePlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

/** Schema and migration strategies of one collection (what `collectionSchemas` holds per name). */
export interface CollectionSchemaOverride {
  schema: unknown;
  migrationStrategies: Record<number, (doc: Record<string, unknown>) => Record<string, unknown> | null>;
}

/**
 * Opens (or reopens, same `name`) a client database with `collections`. `schemas` replaces the
 * current schema of some collections (a database as an older app version created it).
 */
export async function openClientDb(
  name: string,
  collections: readonly CollectionName[],
  opts: {
    validate?: boolean;
    wrapStorage?: (s: RxStorage<unknown, unknown>) => RxStorage<unknown, unknown>;
    schemas?: Partial<Record<CollectionName, CollectionSchemaOverride>>;
  } = {},
): Promise<RxDatabase> {
  const dexie = deskDexieStorage({ indexedDB, IDBKeyRange });
  const base = opts.wrapStorage ? opts.wrapStorage(dexie) : dexie;
  const storage = opts.validate === false ? base : wrappedValidateAjvStorage({ storage: base as never });
  const db = await createRxDatabase({ name, storage, multiInstance: false, eventReduce: true, closeDuplicates: true, localDocuments: true });
  await db.addCollections(Object.fromEntries(collections.map((c) => [c, { ...(opts.schemas?.[c] ?? collectionSchemas[c]), conflictHandler: conflictHandlers[c] }])) as never);
  return db;
}
