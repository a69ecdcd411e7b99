/**
 * The local database: RxDB on the Dexie storage (IndexedDB in the browser and in Electron's
 * renderer; `fake-indexeddb` in Node tests). Collections and migrations come from `shared/schemas`.
 *
 * Every collection gets the conflict handler of its documented rule (`shared/sync/conflicts.ts`).
 * Dev-mode (extra checks, deep-frozen documents) and ajv schema validation are switched on in
 * development and tests only; production writes go straight to storage.
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBUpdatePlugin } from 'rxdb/plugins/update';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBQueryBuilderPlugin } from 'rxdb/plugins/query-builder';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { conflictHandlers } from '../../shared/sync/conflicts';
import { deskDexieStorage } from './dexieStorage';
import {
  collectionNames,
  collectionSchemas,
  type EvidenceDocument,
  type Invoice,
  type Membership,
  type Organisation,
  type ProductModel,
  type ProgramTerms,
  type ProgramTier,
  type Registration,
} from '../../shared/schemas';

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBAttachmentsPlugin);
addRxPlugin(RxDBLeaderElectionPlugin);
addRxPlugin(RxDBUpdatePlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBQueryBuilderPlugin);

/** The typed collections of the local database, keyed as in docs/documents.md. */
export interface DeskCollections {
  productModels: RxCollection<ProductModel>;
  programTiers: RxCollection<ProgramTier>;
  programTerms: RxCollection<ProgramTerms>;
  organisations: RxCollection<Organisation>;
  evidenceDocuments: RxCollection<EvidenceDocument>;
  registrations: RxCollection<Registration>;
  memberships: RxCollection<Membership>;
  invoices: RxCollection<Invoice>;
}

/** The local database. Close it with `db.close()` (tests must: RxDB open core allows ~13 open collections per process). */
export type DeskDatabase = RxDatabase<DeskCollections>;

/** Options of `createDeskDatabase`. */
export interface DeskDatabaseOptions {
  /** IndexedDB database name prefix; one per signed-in user keeps replicas apart. Default `cps-desk`. */
  name?: string;
  /** Storage to use; default `deskDexieStorage()` on the global `indexedDB`. Node tests pass it on fake-indexeddb. */
  storage?: RxStorage<unknown, unknown>;
  /** Dev-mode checks and schema validation; default on in development and tests, off in production builds. */
  devMode?: boolean;
  /** Share changes with other windows/tabs of the same origin (BroadcastChannel). Default true. */
  multiInstance?: boolean;
}

let devModeAdded = false;

function isDevelopment(): boolean {
  const env = (import.meta as { env?: { DEV?: boolean; MODE?: string } }).env;
  return Boolean(env?.DEV) || env?.MODE === 'test';
}

/**
 * Creates (or opens) the local database with every collection and its migration strategies.
 * @throws RxError when a stored schema cannot be migrated or the storage is unavailable.
 */
export async function createDeskDatabase(options: DeskDatabaseOptions = {}): Promise<DeskDatabase> {
  const devMode = options.devMode ?? isDevelopment();
  let storage = (options.storage ?? deskDexieStorage()) as RxStorage<unknown, unknown>;
  if (devMode) {
    if (!devModeAdded) {
      const dev = await import('rxdb/plugins/dev-mode');
      dev.disableWarnings();
      addRxPlugin(dev.RxDBDevModePlugin);
      devModeAdded = true;
    }
    storage = wrappedValidateAjvStorage({ storage });
  }
  const db = await createRxDatabase<DeskCollections>({
    name: options.name ?? 'cps-desk',
    storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    closeDuplicates: true,
    localDocuments: true, // the sync module keeps refused documents here (renderer/sync/refusals.ts)
  });
  // Each collection gets its documented conflict rule (shared/sync/conflicts.ts), never RxDB's default.
  const collections = Object.fromEntries(
    collectionNames.map((name) => [name, { ...collectionSchemas[name], conflictHandler: conflictHandlers[name] }]),
  );
  await db.addCollections(collections as never);
  return db;
}
