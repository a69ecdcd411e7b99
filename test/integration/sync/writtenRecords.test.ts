/**
 * The replication's meta records read back from what it last wrote (renderer/sync/writtenRecords.ts),
 * on RxDB + Dexie over fake-indexeddb: the same answers as the storage's own read, conflicts and
 * failures forget, callers get copies; and in a real push of answered documents RxDB's second look
 * at the records it just wrote no longer reads them from IndexedDB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RxCollection, RxDatabase } from 'rxdb';
import { openClientDb } from './clientDb';
import { isKeptInMemoryOnly, keepsWrittenRecords, keepWrittenRecords, storeKeptContext, storeKeptRecords, type MetaRecordStorage } from '../../../renderer/sync/writtenRecords';
import { startSync } from '../../../renderer/sync/replication';
import { registrationDoc } from '../../support/documents';
import { eventually } from '../../support/wait';

const open: RxDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.remove();
});
async function registrations(): Promise<RxCollection> {
  const db = await openClientDb(`written-records-${crypto.randomUUID()}`, ['registrations']);
  open.push(db);
  return db.collections.registrations as RxCollection;
}
const local = (i: number) => ({ ...registrationDoc('org-1', { id: `reg-${String(i).padStart(4, '0')}`, serialNumber: String(710_000_000_000 + i) }) });
type Row = { previous?: Record<string, unknown>; document: Record<string, unknown> };

describe('records read back from what the replication wrote', () => {
  it('answers as the storage does, forgets a refused or failed write, and hands out copies', async () => {
    const col = await registrations();
    await col.bulkInsert(Array.from({ length: 5 }, (_, i) => local(i)));
    // the storage instance as RxDB's replication meta store is one: no RxDB collection wrapper (which would stamp its own _rev and lwt)
    const storage = (col.storageInstance as unknown as { originalStorageInstance: unknown }).originalStorageInstance as MetaRecordStorage & { bulkWrite(rows: Row[], ctx: string): Promise<{ error: { documentId: string }[] }> };
    const ownRead = storage.findDocumentsById.bind(storage);
    let idsReadFromStorage = 0;
    storage.findDocumentsById = (ids, withDeleted) => ((idsReadFromStorage += ids.length), ownRead(ids, withDeleted));
    const ids = ['reg-0000', 'reg-0001', 'reg-0002', 'reg-0003', 'reg-0004', 'reg-missing'];
    const ownWrite = storage.bulkWrite.bind(storage);
    let failWrites = false;
    storage.bulkWrite = (rows, ctx) => (failWrites ? Promise.reject(new Error('QuotaExceededError')) : ownWrite(rows, ctx));
    const [a, b, c] = await ownRead(['reg-0000', 'reg-0001', 'reg-0002'], true);
    expect(keepWrittenRecords(storage)).toBe(true);
    expect(keepWrittenRecords(storage)).toBe(false);
    const write = (prev: Record<string, unknown>, over: Record<string, unknown>) => ({
      previous: prev,
      document: { ...prev, ...over, _rev: `${Number(String(prev._rev).split('-')[0]) + 1}-test`, _meta: { lwt: Date.now() + 1 } },
    });
    expect((await storage.bulkWrite([write(a!, { dealerName: 'One' }), write(b!, { _deleted: true })], 'test')).error).toEqual([]);
    // a write with an outdated previous revision is refused: that id's kept record is forgotten
    const refused = await storage.bulkWrite([write(a!, { dealerName: 'Stale' }), write(c!, { dealerName: 'Three' })], 'test');
    expect(refused.error.map((e) => e.documentId)).toEqual(['reg-0000']);
    idsReadFromStorage = 0;
    const viaWrapper = await storage.findDocumentsById(ids, true);
    expect(idsReadFromStorage, 'reg-0001 and reg-0002 come from the kept records').toBe(4);
    expect(viaWrapper).toEqual(await ownRead(ids, true));
    expect(viaWrapper.map((d) => d.dealerName)).toEqual(['One', 'Foto Demo', 'Three', 'Foto Demo', 'Foto Demo']);
    expect(await storage.findDocumentsById(ids, false)).toEqual(await ownRead(ids, false));
    // copies: changing what a caller got changes nothing stored or kept
    (viaWrapper[2] as { dealerName: string }).dealerName = 'Changed by a caller';
    expect((await storage.findDocumentsById(['reg-0002'], true))[0]!.dealerName).toBe('Three');
    // a write that throws forgets every record; reads then come from the storage again
    failWrites = true;
    await expect(storage.bulkWrite([write((await ownRead(['reg-0003'], true))[0]!, { dealerName: 'Four' })], 'test')).rejects.toThrow('QuotaExceededError');
    idsReadFromStorage = 0;
    expect(await storage.findDocumentsById(ids, true)).toEqual(await ownRead(ids, true));
    expect(idsReadFromStorage).toBe(ids.length);
  });

  it('keeps a record its hook picks in memory: not in IndexedDB, read back, stored by its next write or by storeKeptRecords, forgotten by a failed write', async () => {
    const col = await registrations();
    await col.bulkInsert([local(0)]);
    const storage = (col.storageInstance as unknown as { originalStorageInstance: unknown }).originalStorageInstance as MetaRecordStorage & { bulkWrite(rows: Row[], ctx: string): Promise<{ error: { documentId: string }[] }> };
    const ownRead = storage.findDocumentsById.bind(storage);
    const ownWrite = storage.bulkWrite.bind(storage);
    let failWrites = false;
    const stored: string[] = [];
    storage.bulkWrite = (rows, ctx) => {
      if (failWrites) return Promise.reject(new Error('QuotaExceededError'));
      stored.push(...rows.map((r) => `${ctx}:${String(r.document.id)}:${r.previous ? 'update' : 'insert'}`));
      return ownWrite(rows, ctx);
    };
    const [existing] = await ownRead(['reg-0000'], true);
    expect(keepWrittenRecords(storage, 'id', undefined, (row: { previous?: unknown }, ctx: string) => ctx === 'memory' && row.previous === undefined)).toBe(true);
    const fresh = (id: string, rev: string, over: Record<string, unknown> = {}) => ({ ...existing!, id, serialNumber: `7100${id.length}`, _rev: rev, _meta: { lwt: Date.now() + 1 }, ...over });
    const first = fresh('reg-new', '1-a');
    // the hook picks the insert of reg-new; the update of reg-0000 in the same write is stored
    const result = await storage.bulkWrite([{ document: first }, { previous: existing!, document: { ...existing!, dealerName: 'Two', _rev: '2-b', _meta: { lwt: Date.now() + 1 } } }], 'memory');
    expect(result.error).toEqual([]);
    expect(stored).toEqual(['memory:reg-0000:update']);
    expect(await ownRead(['reg-new'], true), 'in IndexedDB').toEqual([]);
    expect((await storage.findDocumentsById(['reg-new'], true)).map((d) => d._rev), 'read back').toEqual(['1-a']);
    expect(isKeptInMemoryOnly(storage, 'reg-new')).toBe(true);
    expect(isKeptInMemoryOnly(storage, 'reg-0000')).toBe(false);
    // its next write (previous: the kept record, as RxDB sends it) is an insert in IndexedDB
    const second = fresh('reg-new', '2-c', { dealerName: 'Stored' });
    expect((await storage.bulkWrite([{ previous: first, document: second }], 'test')).error).toEqual([]);
    expect(stored.at(-1)).toBe('test:reg-new:insert');
    expect((await ownRead(['reg-new'], true)).map((d) => d.dealerName)).toEqual(['Stored']);
    expect(isKeptInMemoryOnly(storage, 'reg-new')).toBe(false);
    // records kept in memory are written by storeKeptRecords, in chunks, as inserts
    await storage.bulkWrite([{ document: fresh('reg-third', '1-f') }, { document: fresh('reg-fourth', '1-g') }, { document: fresh('reg-fifth', '1-h') }], 'memory');
    expect(await ownRead(['reg-third', 'reg-fourth', 'reg-fifth'], true)).toEqual([]);
    expect(await storeKeptRecords(storage, 2)).toBe(3);
    expect(stored.slice(-3)).toEqual([`${storeKeptContext}:reg-third:insert`, `${storeKeptContext}:reg-fourth:insert`, `${storeKeptContext}:reg-fifth:insert`]);
    expect((await ownRead(['reg-third', 'reg-fourth', 'reg-fifth'], true)).map((d) => d._rev)).toEqual(['1-f', '1-g', '1-h']);
    expect(isKeptInMemoryOnly(storage, 'reg-fourth')).toBe(false);
    expect(await storeKeptRecords(storage)).toBe(0);
    // a record kept in memory only and then a write that throws: both forgotten, nothing stored
    await storage.bulkWrite([{ document: fresh('reg-other', '1-d') }], 'memory');
    expect(isKeptInMemoryOnly(storage, 'reg-other')).toBe(true);
    failWrites = true;
    await expect(storage.bulkWrite([{ previous: second, document: fresh('reg-new', '3-e') }], 'test')).rejects.toThrow('QuotaExceededError');
    expect(isKeptInMemoryOnly(storage, 'reg-other')).toBe(false);
    expect(await storage.findDocumentsById(['reg-other'], true)).toEqual([]);
  });

  it('spares RxDB’s second look at the records of a push it resolved: fewer meta reads, the same local result', async () => {
    const col = await registrations();
    const answered = new Map<string, Record<string, unknown>>();
    const fetchStub = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.includes('/push')) {
        // the server's stored version: its own updatedAt and decision (docs/sync.md "Push answers")
        const rows = JSON.parse(String(init?.body)) as { newDocumentState: Record<string, unknown> }[];
        const docs = rows.map((r): Record<string, unknown> => ({ ...r.newDocumentState, status: 'incomplete', statusReason: 'missing-invoice', updatedAt: new Date(Date.now() + 1000).toISOString() }));
        for (const d of docs) answered.set(d.id as string, d);
        return new Response(JSON.stringify(docs), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      if (url.includes('/pull')) return new Response('{"documents":[],"checkpoint":null}', { status: 200, headers: { 'content-type': 'application/json' } });
      return new Response('{"status":"ok"}', { status: 200 });
    }) as typeof fetch;
    const sync = startSync({ db: col.database, serverUrl: 'http://server.test', getToken: () => 't', fetch: fetchStub, collections: ['registrations'], liveCollections: [], waitForLeadership: false, uploads: false });
    let metaKeysRead = 0;
    try {
      await sync.awaitInitialReplication();
      const meta = sync.replications.registrations!.metaInstance as unknown as MetaRecordStorage;
      // installed in the background once the replication started
      await eventually('written records kept', () => keepsWrittenRecords(meta), 5000);
      let inner = meta as unknown as { originalStorageInstance?: unknown; internals?: unknown };
      while (inner.originalStorageInstance) inner = inner.originalStorageInstance as typeof inner;
      const table = ((await inner.internals) as { dexieTable: { bulkGet(keys: string[]): Promise<unknown[]> } }).dexieTable;
      const bulkGet = table.bulkGet.bind(table);
      table.bulkGet = (keys: string[]) => ((metaKeysRead += keys.length), bulkGet(keys));
      await col.bulkInsert(Array.from({ length: 300 }, (_, i) => local(i)));
      await eventually('every registration answered', () => answered.size === 300, 20_000);
      await sync.awaitInSync();
    } finally {
      await sync.stop();
    }
    const stored = await col.find().exec();
    expect(stored).toHaveLength(300);
    for (const d of stored) expect(d.toJSON()).toMatchObject({ status: 'incomplete', updatedAt: answered.get(d.id)!.updatedAt });
    // first look (no records yet) and the conflict check of the answers' write: 300 each; the second look is spared
    expect(metaKeysRead).toBeLessThanOrEqual(2 * 300 + 10);
  });
});
