/**
 * The client's push path on a real RxDB + Dexie database (fake-indexeddb): the indexed read of
 * local changes (renderer/sync/dexieReads.ts) answers exactly what RxDB's own query answers, the
 * outbox's paged start-up scan counts what is pending, and one collection's pushes reach the server
 * one at a time in RxDB's order even when RxDB hands several over at once (replication.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getChangedDocumentsSince, type RxCollection, type RxDatabase, type RxStorageInstance } from 'rxdb';
import { openClientDb } from './clientDb';
import { dexieInternalsOf, installIndexedChangeReads, installRangedBulkGet, type BulkGetTable } from '../../../renderer/sync/dexieReads';
import { Outbox } from '../../../renderer/sync/outbox';
import { RefusalStore } from '../../../renderer/sync/refusals';
import { startSync } from '../../../renderer/sync/replication';
import { registrationDoc } from '../../support/documents';
import { eventually } from '../../support/wait';

const open: RxDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.remove();
});
async function registrationsDb(): Promise<RxCollection> {
  const db = await openClientDb(`push-path-${crypto.randomUUID()}`, ['registrations']);
  open.push(db);
  return db.collections.registrations as RxCollection;
}
const local = (i: number) => ({ ...registrationDoc('org-1', { id: `reg-${String(i).padStart(4, '0')}`, serialNumber: String(700_000_000_000 + i) }) });
type Storage = RxStorageInstance<Record<string, unknown>, unknown, unknown, { id: string; lwt: number }>;

/** Every page of the collection's changes, `limit` at a time, as (id, deleted, lwt) and checkpoint. */
async function allPages(col: RxCollection, limit: number) {
  const pages: { ids: string[]; checkpoint: unknown }[] = [];
  let checkpoint: { id: string; lwt: number } | undefined;
  for (;;) {
    const page = await getChangedDocumentsSince(col.storageInstance as unknown as Storage, limit, checkpoint);
    pages.push({ ids: page.documents.map((d) => `${d.id as string}:${String(d._deleted)}:${(d._meta as { lwt: number }).lwt}`), checkpoint: page.checkpoint });
    checkpoint = page.checkpoint;
    if (page.documents.length < limit) return pages;
  }
}

describe('the client push path', () => {
  it('reads local changes from the [_meta.lwt+id] index exactly as RxDB’s query does', async () => {
    const col = await registrationsDb();
    for (let b = 0; b < 3; b++) await col.bulkInsert(Array.from({ length: 12 }, (_, i) => local(b * 12 + i)));
    await (await col.findOne('reg-0003').exec())!.remove();
    await (await col.findOne('reg-0030').exec())!.incrementalPatch({ dealerName: 'Changed' });
    const byQuery = await Promise.all([1, 5, 12, 100].map((limit) => allPages(col, limit)));
    expect(await installIndexedChangeReads(col)).toBe(true);
    expect(await installIndexedChangeReads(col)).toBe(false); // already installed: left as it is
    const byIndex = await Promise.all([1, 5, 12, 100].map((limit) => allPages(col, limit)));
    expect(byIndex).toEqual(byQuery);
    expect(byIndex[3]![0]!.ids).toHaveLength(36);
    expect(byIndex[3]![0]!.ids.at(-1)).toMatch(/^reg-0030:false:/);
    expect(byIndex[3]![0]!.ids.some((k) => k.startsWith('reg-0003:true:'))).toBe(true);
  });

  it('reads many ids as one key range when it holds few other records, with exactly the answer of one read per id', async () => {
    const col = await registrationsDb();
    await col.bulkInsert(Array.from({ length: 300 }, (_, i) => local(i)));
    await (await col.findOne('reg-0010').exec())!.remove();
    const table = (await dexieInternalsOf(col))!.dexieTable as unknown as BulkGetTable;
    const id = (i: number) => `reg-${String(i).padStart(4, '0')}`;
    const keySets = {
      contiguous: [...Array.from({ length: 100 }, (_, i) => id(i)), 'reg-0050x', 'reg-0099', 'zzz-missing'].reverse(),
      everyFourth: Array.from({ length: 64 }, (_, i) => id(i * 4)),
      spread: [...Array.from({ length: 64 }, (_, i) => id(i * 4)), id(299)],
      few: [id(5), id(250)],
    };
    const perKey = Object.fromEntries(await Promise.all(Object.entries(keySets).map(async ([k, keys]) => [k, await table.bulkGet(keys)] as const)));
    expect(installRangedBulkGet(table)).toBe(true);
    expect(installRangedBulkGet(table)).toBe(true); // installed once
    const where = table.where.bind(table);
    let rangeReads = 0;
    table.where = (index: string) => (rangeReads++, where(index));
    for (const [k, keys] of Object.entries(keySets)) expect(await table.bulkGet(keys), k).toEqual(perKey[k]);
    expect(rangeReads, 'contiguous, every fourth and spread count their range (spread then falls back); two ids never do').toBe(3);
    expect(perKey.contiguous!.filter(Boolean)).toHaveLength(101);
    expect(perKey.contiguous![0]).toBeUndefined();
    // RxDB's reads and conflict-checked writes go through it unchanged
    expect((await col.storageInstance.findDocumentsById(keySets.contiguous, true)).map((d) => d.id)).toHaveLength(101);
    await col.bulkUpsert(Array.from({ length: 80 }, (_, i) => ({ ...local(i + 20), dealerName: 'Upserted' })));
    expect((await col.find({ selector: { dealerName: 'Upserted' } }).exec()).length).toBe(80);
  });

  it('scans the collection in pages at start: every local change not yet on the server is pending, deleted ones are not', async () => {
    const col = await registrationsDb();
    await col.bulkInsert(Array.from({ length: 23 }, (_, i) => local(i)));
    await (await col.findOne('reg-0005').exec())!.remove();
    const outbox = new Outbox(col, 'registrations', new RefusalStore(col.database));
    await outbox.scan('cps-desk:registrations:http://server.test', null, 4);
    expect(outbox.size).toBe(22);
    expect(outbox.stateOf('reg-0022')).toBe('queued');
    expect(outbox.stateOf('reg-0005')).toBe(null);
    outbox.close();
  });

  it('stops the start-up scan at the first document written after the outbox began to listen: those were classified live', async () => {
    const col = await registrationsDb();
    await col.bulkInsert(Array.from({ length: 6 }, (_, i) => local(i)));
    await installIndexedChangeReads(col);
    const storage = col.storageInstance as unknown as { getChangedDocumentsSince(limit: number, cp?: unknown): Promise<{ documents: { id: string }[] }> };
    const read = storage.getChangedDocumentsSince.bind(storage);
    const scanned: string[] = [];
    const outbox = new Outbox(col, 'registrations', new RefusalStore(col.database));
    // typed while sync waits for the server (a backlog written offline)
    for (let b = 0; b < 5; b++) await col.bulkInsert(Array.from({ length: 8 }, (_, i) => local(100 + b * 8 + i)));
    expect(outbox.size).toBe(40);
    storage.getChangedDocumentsSince = async (limit, cp) => {
      const page = await read(limit, cp);
      scanned.push(...page.documents.map((d) => d.id));
      return page;
    };
    await outbox.scan('cps-desk:registrations:http://server.test', null, 4);
    expect(outbox.size).toBe(46);
    expect(outbox.stateOf('reg-0005')).toBe('queued');
    expect(outbox.stateOf('reg-0139')).toBe('queued');
    // two pages of 4: the six earlier documents and the first two written while listening, no more
    expect(scanned).toHaveLength(8);
    expect(scanned.slice(0, 6)).toEqual(Array.from({ length: 6 }, (_, i) => local(i).id));
    outbox.close();
  });

  it('sends one collection’s pushes one at a time, in order, when RxDB hands several over at once', async () => {
    const col = await registrationsDb();
    const bodies: string[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const fetchStub = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.includes('/push')) {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        bodies.push((JSON.parse(String(init?.body)) as { newDocumentState: { id: string } }[]).map((r) => r.newDocumentState.id));
        await new Promise((r) => setTimeout(r, 15));
        inFlight--;
        return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
      }
      if (url.includes('/pull')) return new Response('{"documents":[],"checkpoint":null}', { status: 200, headers: { 'content-type': 'application/json' } });
      return new Response('{"status":"ok"}', { status: 200 });
    }) as typeof fetch;
    const sync = startSync({ db: col.database, serverUrl: 'http://server.test', getToken: () => 't', fetch: fetchStub, collections: ['registrations'], liveCollections: [], waitForLeadership: false, pushBatchSize: 10, pushRequestsInFlight: 1, uploads: false });
    try {
      await sync.awaitInitialReplication();
      // Written while a push is under way: RxDB's next cycle then holds 35 documents, 4 batches of 10 at once.
      await col.insert(local(999));
      await col.bulkInsert(Array.from({ length: 35 }, (_, i) => local(i)));
      await eventually('every registration pushed', () => bodies.flat().length >= 36, 20_000);
      await sync.awaitInSync();
    } finally {
      await sync.stop();
    }
    expect(mostInFlight).toBe(1);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    const sent = bodies.flat().filter((id) => id !== 'reg-0999');
    expect(sent).toEqual(Array.from({ length: 35 }, (_, i) => local(i).id));
  });
});
