import { afterEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import type { RxCollection } from 'rxdb';
import { getChangedDocumentsSince } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDeskDatabase, type DeskDatabase } from '../../../renderer/db/database';
import { deskDexieStorage, leanDocsStore, parseRxDexieName } from '../../../renderer/db/dexieStorage';

// The desk's storage declares the docs stores of registrations and product models without the
// index entries no query of theirs uses (renderer/db/dexieStorage.ts); every query RxDB plans on
// them, RxDB's changes-since read and the storage's cleanup must still answer right.

let n = 0;
const open: DeskDatabase[] = [];
async function freshDb(storage = deskDexieStorage({ indexedDB, IDBKeyRange })) {
  const db = await createDeskDatabase({ name: `lean${Date.now()}-${n++}`, storage, devMode: true, multiInstance: false });
  open.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => (db.closed ? undefined : db.close())));
});

interface DexieInternals {
  dexieTable: { schema: { primKey: { name: string }; indexes: { name: string }[] } };
}
/** The IndexedDB index names of a collection's docs store. */
async function storeIndexes(c: RxCollection): Promise<string[]> {
  let inst = c.storageInstance as unknown as { originalStorageInstance?: unknown; internals?: Promise<DexieInternals> };
  while (inst.originalStorageInstance) inst = inst.originalStorageInstance as typeof inst;
  const internals = await inst.internals!;
  return internals.dexieTable.schema.indexes.map((i) => i.name).sort();
}

const now = '2026-11-29T10:00:00.000000Z';
const reg = (i: number, organisationId: string, serialNumber: string) => ({
  id: `r-${String(i).padStart(4, '0')}`, organisationId, productModelId: 'pm-x', serialNumber, purchaseDate: '2026-01-02', purchaseDateEstimated: false,
  purchaseCountry: 'NL', dealerName: 'Foto Centrum', status: 'draft' as const, points: 0, updatedAt: now,
});

describe('the desk Dexie storage (lean local index set)', () => {
  it('parses RxDB\'s Dexie database names and leaves other index declarations alone', () => {
    expect(parseRxDexieName('rxdb-dexie-cps-desk-u1--3--registrations')).toEqual({ collection: 'registrations', version: 3 });
    expect(parseRxDexieName('something-else')).toBeNull();
    const rx = 'id, [_deleted+id], [_deleted+organisationId+id], [_deleted+serialNumber+id], [_meta.lwt+id], _meta.lwt';
    expect(leanDocsStore(rx, true)).toBe('id, [_deleted+organisationId+id], [_deleted+serialNumber+id], [_meta.lwt+id]');
    expect(leanDocsStore('id, [_deleted+id], [_meta.lwt+id], _meta.lwt', false)).toBe('id, [_deleted+id], [_meta.lwt+id]');
    expect(() => leanDocsStore('id, [_deleted+id]', false)).toThrow(/_meta.lwt/);
  });

  it('creates registrations and product models with the lean index set, the other collections as RxDB declares them', async () => {
    const db = await freshDb();
    expect(await storeIndexes(db.registrations)).toEqual(['[_deleted+organisationId+id]', '[_deleted+serialNumber+id]', '[_meta.lwt+id]']);
    expect(await storeIndexes(db.productModels)).toEqual(['[_deleted+id]', '[_meta.lwt+id]']);
    expect(await storeIndexes(db.organisations)).toContain('_meta.lwt');
    await db.close();
    const plain = await freshDb(getRxStorageDexie({ indexedDB, IDBKeyRange }) as never);
    expect(await storeIndexes(plain.registrations)).toEqual(['[_deleted+id]', '[_deleted+organisationId+id]', '[_deleted+serialNumber+id]', '[_meta.lwt+id]', '_meta.lwt']);
  });

  it('answers queries, counts, changes since a checkpoint and cleanup on the lean stores', async () => {
    const db = await freshDb();
    const regs = db.registrations;
    await regs.bulkInsert(Array.from({ length: 30 }, (_, i) => reg(i, i % 3 === 0 ? 'o-a' : 'o-b', String(100000000000 + (i % 10)))));
    await (await regs.findOne('r-0003').exec())!.remove();
    expect((await regs.find({ selector: { organisationId: 'o-a' } }).exec()).map((d) => d.id)).toEqual(['r-0000', 'r-0006', 'r-0009', 'r-0012', 'r-0015', 'r-0018', 'r-0021', 'r-0024', 'r-0027']);
    expect((await regs.find({ selector: { serialNumber: '100000000003' } }).exec()).map((d) => d.id)).toEqual(['r-0013', 'r-0023']);
    expect(await regs.count().exec()).toBe(29);
    expect((await regs.find().sort({ id: 'desc' }).limit(2).exec()).map((d) => d.id)).toEqual(['r-0029', 'r-0028']);
    await db.productModels.bulkInsert([{ id: 'pm-a', code: 'A', name: 'A', category: 'body', points: 1, serialPattern: '[0-9]+', releasedOn: '2020-01-01', retired: false, updatedAt: now }]);
    expect(await db.productModels.count().exec()).toBe(1);

    const storage = regs.storageInstance;
    const all = await getChangedDocumentsSince(storage, 100);
    expect(all.documents.length).toBe(30);
    const after = await getChangedDocumentsSince(storage, 100, all.documents[9] ? { id: all.documents[9].id as string, lwt: all.documents[9]._meta.lwt } : undefined);
    expect(after.documents.map((d) => d.id)).toEqual(all.documents.slice(10).map((d) => d.id));

    // cleanup reads `_meta.lwt` through the leading part of [_meta.lwt+id]: the deleted document goes, no other
    await new Promise((r) => setTimeout(r, 5));
    await storage.cleanup(0);
    const left = await storage.findDocumentsById(['r-0003', 'r-0004'], true);
    expect(left.map((d) => d.id)).toEqual(['r-0004']);
  });
});
