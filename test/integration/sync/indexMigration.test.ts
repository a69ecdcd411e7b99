import { describe, expect, it } from 'vitest';
import type { RxCollection } from 'rxdb';
import { CuttableFetch, eventually, openClient, organisation, registration, serverDocs, useSyncServer, type DeskClient } from './harness';
import type { CollectionSchemaOverride } from './clientDb';
import { productModelSchemaLiteral, registrationMigrations, registrationSchemaLiteral } from '../../../shared/schemas';
import { uid, uniqueSerial } from '../../support/ids';

// The local schemas of registrations (v1 → v2) and product models (v0 → v1) dropped indexes no
// local query used (shared/schemas/common.ts `sameDocument`), and registrations v3 and product
// models v2 drop index entries of RxDB's Dexie storage no query uses (renderer/db/dexieStorage.ts). A database an older app version
// created must come through the migration with every document, every unsent change, every refusal
// and the pull checkpoints intact: the migration copies each document with its `_meta` into the new
// storage, and RxDB's replication meta store (the record of what the server has) with it.

/** The registrations schema as app versions before v2 created it (v1, with the `['updatedAt', 'id']` index). */
const registrationsV1: CollectionSchemaOverride = {
  schema: { ...structuredClone(registrationSchemaLiteral), version: 1, indexes: ['organisationId', 'serialNumber', ['updatedAt', 'id']] },
  migrationStrategies: { 1: registrationMigrations[1] },
};
/** The product models schema before v1 (v0, with the `code` and `['updatedAt', 'id']` indexes). */
const productModelsV0: CollectionSchemaOverride = {
  schema: { ...structuredClone(productModelSchemaLiteral), version: 0, indexes: ['code', ['updatedAt', 'id']] },
  migrationStrategies: {},
};

const env = useSyncServer();
const collections = ['organisations', 'registrations', 'productModels'] as const;
const onServer = async (c: DeskClient, id: string) => (await serverDocs(env.server.url, (await c.secrets.read('token'))!, 'registrations')).find((d) => d.id === id);
const allDocs = async (c: DeskClient, name: 'registrations' | 'productModels') =>
  (await c.db.collections[name]!.find().exec()).map((d) => d.toJSON()).sort((a, b) => String(a.id).localeCompare(String(b.id)));

/** The IndexedDB index names of a collection's docs store. */
async function storeIndexes(col: RxCollection): Promise<string[]> {
  let inst = col.storageInstance as unknown as { originalStorageInstance?: unknown; internals?: Promise<{ dexieTable: { schema: { indexes: { name: string }[] } } }> };
  while (inst.originalStorageInstance) inst = inst.originalStorageInstance as typeof inst;
  return (await inst.internals!).dexieTable.schema.indexes.map((i) => i.name).sort();
}

describe('the local index migration (registrations v3, product models v2)', () => {
  it('keeps every document, unsent change, refusal and checkpoint of a database created at the old versions', async () => {
    const name = uid('index-migration-db');
    const old = await openClient(env.server, 'dealer2@demo.test', collections, { name, schemas: { registrations: registrationsV1, productModels: productModelsV0 } });
    await old.sync.awaitInitialReplication();
    expect(old.db.collections.registrations!.schema.version).toBe(1);
    const own = uid('org-dealer2');
    await old.db.collections.organisations!.insert(organisation(own, 'dealer-demo-2'));
    const regs = old.db.collections.registrations!;
    const confirmed = uid('reg-confirmed');
    await regs.insert(registration(confirmed, own, uniqueSerial(), { purchaseDate: null })); // incomplete: the client may still edit it
    await old.sync.awaitInSync();
    await eventually('confirmed on the server', () => onServer(old, confirmed), 15_000);
    await eventually('the server\'s answer pulled', async () => (await regs.findOne(confirmed).exec())?.get('status') === 'incomplete', 15_000);
    // refused for good: an organisation outside dealer2's scope
    const refused = uid('reg-refused');
    await regs.insert(registration(refused, 'org-demo-studio', uniqueSerial(), { dealerName: 'typed by the user' }));
    await eventually('the refusal recorded', async () => old.sync.status.refusedDocuments === 1, 15_000);
    // offline: a new registration and an edit of the confirmed one, both unsent
    old.net.offline = true;
    const queued = uid('reg-queued');
    await regs.insert(registration(queued, own, uniqueSerial()));
    await (await regs.findOne(confirmed).exec())!.incrementalPatch({ dealerName: 'edited offline' });
    await eventually('two unsent changes', async () => old.sync.status.pendingLocalChanges === 2);
    const before = { registrations: await allDocs(old, 'registrations'), productModels: await allDocs(old, 'productModels') };
    expect(before.productModels.length).toBeGreaterThan(10);
    await old.close();

    // the same database opened by the new code (still offline): the migration runs in addCollections
    const net = new CuttableFetch();
    net.offline = true;
    const c = await openClient(env.server, 'dealer2@demo.test', collections, { name, net });
    try {
      expect(c.db.collections.registrations!.schema.version).toBe(3);
      expect(c.db.collections.productModels!.schema.version).toBe(2);
      expect(c.db.collections.registrations!.schema.indexes.flat()).not.toContain('updatedAt');
      expect(await storeIndexes(c.db.collections.registrations!)).toEqual(['[_deleted+organisationId+id]', '[_deleted+serialNumber+id]', '[_meta.lwt+id]']);
      expect(await storeIndexes(c.db.collections.productModels!)).toEqual(['[_deleted+id]', '[_meta.lwt+id]']);
      expect({ registrations: await allDocs(c, 'registrations'), productModels: await allDocs(c, 'productModels') }, 'every document as it was').toEqual(before);
      await eventually('the unsent changes are still pending, the refusal still listed', async () => c.sync.status.pendingLocalChanges === 2 && c.sync.status.refusedDocuments === 1);

      // back online: the unsent changes go, the refused one stays refused, nothing is pulled again from scratch
      net.offline = false;
      c.sync.retryNow();
      await eventually('the offline registration on the server', () => onServer(c, queued), 15_000);
      await eventually('the offline edit on the server', async () => (await onServer(c, confirmed))?.dealerName === 'edited offline', 15_000);
      await eventually('nothing pending', async () => c.sync.status.pendingLocalChanges === 0, 15_000);
      expect(c.sync.status.refusedDocuments).toBe(1);
      expect(await onServer(c, refused)).toBeUndefined();
      expect((await c.db.collections.registrations!.findOne(refused).exec())?.get('dealerName')).toBe('typed by the user');
      // the pull checkpoints survived: the catalog is pulled from its checkpoint, never from the start again
      // (how many pulls that takes depends on the stream's RESYNCs and retries, not on the migration)
      expect(net.count('/sync/productModels/pull')).toBeGreaterThan(0);
      expect(net.countFromStart('/sync/productModels/pull')).toBe(0);
      expect(net.countFromStart('/sync/registrations/pull')).toBe(0);
    } finally {
      await c.close();
    }
  }, 90_000); // two sign-ins, a migration and three sync rounds on fake-indexeddb
});
