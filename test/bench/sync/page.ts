/**
 * Bench page (runs in Chromium): the contenders, exposed as `window.bench`.
 * - floor: fetch pull pages and `bulkPut` them into a raw Dexie table with the same indexes;
 * - pull: the sync module (`startSync`) pulling into a fresh RxDB database on the desk's Dexie storage
 *   (renderer/db/dexieStorage.ts), or with `rxIndexes` on RxDB's Dexie storage as it comes (its own index set);
 * - push: N registrations written while offline, then pushed on reconnect (also driven by ../sync-push.ts).
 */
import Dexie from 'dexie';
import { addRxPlugin, createRxDatabase, type RxDatabase, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { deskDexieStorage } from '../../../renderer/db/dexieStorage';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { collectionSchemas, type CollectionName } from '../../../shared/schemas';
import { conflictHandlers } from '../../../shared/sync/conflicts';
import { startSync, type StartSyncOptions } from '../../../renderer/sync/replication';
import { bootstrapEmptyCollection } from '../../../renderer/sync/bootstrap';
import { SyncConnection } from '../../../renderer/sync/connection';
import { storeKeptRecords } from '../../../renderer/sync/writtenRecords';

addRxPlugin(RxDBLeaderElectionPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * Diagnostics (`BENCH_STORAGE_TIMES=1`): time spent in each storage call, per storage instance and
 * method (calls overlap, so the sums can exceed the wall time), and in push requests.
 */
const storageTimes = new Map<string, { calls: number; ms: number; docs: number }>();
let timeStorage = false;
function timed<T>(key: string, docs: number, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  return run().finally(() => {
    const e = storageTimes.get(key) ?? { calls: 0, ms: 0, docs: 0 };
    e.calls++;
    e.ms += performance.now() - t0;
    e.docs += docs;
    storageTimes.set(key, e);
  });
}
function timingStorage(base: RxStorage<unknown, unknown>): RxStorage<unknown, unknown> {
  return {
    ...base,
    name: base.name,
    rxdbVersion: base.rxdbVersion,
    async createStorageInstance(params) {
      const inst = await base.createStorageInstance(params);
      const label = params.collectionName.startsWith('rx-replication-meta') ? 'replication meta' : params.collectionName;
      const i = inst as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      for (const m of ['bulkWrite', 'findDocumentsById', 'query', 'count'] as const) {
        const orig = i[m]!.bind(inst);
        i[m] = (...a: unknown[]) => (timeStorage ? timed(`${label} ${m}`, Array.isArray(a[0]) ? a[0].length : 0, () => orig(...a)) : orig(...a));
      }
      // the parts of a Dexie bulkWrite: IndexedDB puts, and the change events RxDB handles synchronously after it
      const internals = (await (inst as unknown as { internals?: Promise<{ dexieTable?: { bulkPut(d: unknown[]): Promise<unknown> } }> }).internals) ?? {};
      const table = internals.dexieTable;
      if (table) {
        const put = table.bulkPut.bind(table);
        table.bulkPut = (d: unknown[]) => (timeStorage ? timed(`${label} dexie bulkPut`, d.length, () => put(d)) : put(d));
      }
      const changes = (inst as unknown as { changes$?: { next(e: { events: unknown[] }): void } }).changes$;
      if (changes) {
        const next = changes.next.bind(changes);
        changes.next = (e) => {
          if (!timeStorage) return next(e);
          const t0 = performance.now();
          next(e);
          const k = `${label} change events (sync handlers)`;
          const v = storageTimes.get(k) ?? { calls: 0, ms: 0, docs: 0 };
          storageTimes.set(k, { calls: v.calls + 1, ms: v.ms + performance.now() - t0, docs: v.docs + e.events.length });
        };
      }
      return inst;
    },
  };
}
const realFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!timeStorage || !url.endsWith('/push')) return realFetch(input, init);
  return timed('HTTP push', 0, async () => {
    const res = await realFetch(input, init);
    await res.clone().arrayBuffer();
    return res;
  });
};

/** `rxIndexes`: RxDB's Dexie storage with its own index set (the code before renderer/db/dexieStorage.ts), for same-run comparisons. */
async function openDb(name: string, collections: CollectionName[], rxIndexes = false): Promise<RxDatabase> {
  const base = rxIndexes ? (getRxStorageDexie() as RxStorage<unknown, unknown>) : deskDexieStorage();
  const db = await createRxDatabase({ name, storage: timingStorage(base), multiInstance: false, eventReduce: true });
  await db.addCollections(Object.fromEntries(collections.map((c) => [c, { ...collectionSchemas[c], conflictHandler: conflictHandlers[c] }])) as never);
  return db;
}

async function floor(serverUrl: string, batch: number, rxIndexes = false): Promise<{ ms: number; counts: Record<string, number> }> {
  const dx = new Dexie(`floor-${Date.now()}`);
  dx.version(1).stores(
    rxIndexes
      ? { registrations: 'id, [_deleted+id], organisationId, serialNumber, [_meta.lwt+id], _meta.lwt', productModels: 'id, [_deleted+id], [_meta.lwt+id], _meta.lwt' }
      : { registrations: 'id, organisationId, serialNumber, [updatedAt+id]', productModels: 'id, [updatedAt+id]' },
  );
  await dx.open();
  const t0 = performance.now();
  const counts: Record<string, number> = {};
  await Promise.all(
    (['registrations', 'productModels'] as const).map(async (name) => {
      let cp: { id: string; updatedAt: string } | null = null;
      let n = 0;
      let write: Promise<unknown> = Promise.resolve();
      for (;;) {
        const q = new URLSearchParams({ limit: String(batch) });
        if (cp) {
          q.set('id', cp.id);
          q.set('updatedAt', cp.updatedAt);
        }
        const body = (await (await fetch(`${serverUrl}/sync/${name}/pull?${q}`)).json()) as { documents: Record<string, unknown>[]; checkpoint: { id: string; updatedAt: string } | null };
        await write; // one write in flight while the next page downloads
        const lwt = Date.now();
        write = dx.table(name).bulkPut(rxIndexes ? body.documents.map((d) => ({ ...d, _deleted: d._deleted ? '1' : '0', _meta: { lwt }, _rev: '1-x', _attachments: {} })) : body.documents);
        n += body.documents.length;
        cp = body.checkpoint;
        if (body.documents.length < batch) break;
      }
      await write;
      counts[name] = n;
    }),
  );
  const ms = performance.now() - t0;
  await dx.delete(); // leave the profile as empty as the next contender found it
  return { ms, counts };
}

async function pull(serverUrl: string, batch: number, expected: Record<string, number>, rxIndexes = false): Promise<{ ms: number; counts: Record<string, number> }> {
  const db = await openDb(`pull-${Date.now()}`, ['registrations', 'productModels'], rxIndexes);
  const t0 = performance.now();
  const sync = startSync({ db, serverUrl, getToken: () => 'bench', collections: ['registrations', 'productModels'], liveCollections: [], pullBatchSize: batch, waitForLeadership: false });
  await sync.awaitInitialReplication();
  const ms = performance.now() - t0;
  const counts: Record<string, number> = {};
  for (const name of Object.keys(expected)) counts[name] = await db.collections[name]!.count().exec();
  await sync.stop();
  await db.remove();
  return { ms, counts };
}

async function push(
  serverUrl: string,
  n: number,
  token = 'bench',
  organisationId = 'o-0001',
  productModelId = 'pm-000001',
  tuning: Partial<Pick<StartSyncOptions, 'pushBatchSize' | 'pushRequestsInFlight' | 'pushAhead'>> = {},
): Promise<{ writeMs: number; pushMs: number; pendingBefore: number; pendingAfter: number; times: string[] }> {
  const db = await openDb(`push-${Date.now()}`, ['registrations']);
  let online = false;
  const sync = startSync({ db, serverUrl, getToken: () => token, collections: ['registrations'], liveCollections: [], platformOnline: () => online, waitForLeadership: false, ...tuning });
  // RxDB's reads of the local changes (renderer/sync/dexieReads.ts, installed once sync set the collection up)
  const changeReads = setInterval(() => {
    const inst = db.collections.registrations!.storageInstance as unknown as { getChangedDocumentsSince?: (...a: unknown[]) => Promise<{ documents: unknown[] }> };
    const read = inst.getChangedDocumentsSince;
    if (typeof read !== 'function') return;
    clearInterval(changeReads);
    inst.getChangedDocumentsSince = (...a: unknown[]) => {
      if (!timeStorage) return read(...a);
      const t0 = performance.now();
      return read(...a).then((r) => {
        const k = 'registrations getChangedDocumentsSince';
        const v = storageTimes.get(k) ?? { calls: 0, ms: 0, docs: 0 };
        storageTimes.set(k, { calls: v.calls + 1, ms: v.ms + performance.now() - t0, docs: v.docs + r.documents.length });
        return r;
      });
    };
  }, 5);
  const tl = performance.now();
  // logged on changes of connection or activity only: a console message per status emission would cost the page more than the push
  let said = '';
  sync.status$.subscribe((s) => {
    const now = `${s.connection} active=${s.collections.registrations?.active}`;
    if (now !== said) console.log(`[status] ${Math.round(performance.now() - tl)} ms ${(said = now)} pending=${s.pendingLocalChanges} push=${s.collections.registrations?.lastPushAt}`);
  });
  const now = new Date().toISOString();
  const docs = Array.from({ length: n }, (_, i) => ({
    id: `local-${i}-${crypto.randomUUID()}`, organisationId, productModelId, serialNumber: String(200000000000 + i),
    purchaseDate: '2026-11-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Bench', status: 'draft', statusReason: null,
    points: 0, migratedFrom: null, createdAt: now, updatedAt: now,
  }));
  const tw = performance.now();
  for (let i = 0; i < docs.length; i += 1000) await db.collections.registrations!.bulkInsert(docs.slice(i, i + 1000));
  const writeMs = performance.now() - tw;
  await new Promise((r) => setTimeout(r, 500));
  const pendingBefore = sync.status.pendingLocalChanges;
  storageTimes.clear();
  timeStorage = true;
  const t0 = performance.now();
  online = true;
  sync.retryNow();
  await sync.awaitInSync();
  const pushMs = performance.now() - t0;
  timeStorage = false;
  const times = [...storageTimes].map(([k, v]) => `${k}: ${v.calls} calls, ${Math.round(v.ms)} ms, ${v.docs} docs`);
  // the records of the answered documents, written after the push (renderer/sync/answeredInserts.ts): off the push's path, timed apart
  const meta = sync.replications.registrations?.metaInstance;
  if (meta) {
    const tr = performance.now();
    const records = await storeKeptRecords(meta);
    times.push(`replication records written after the push (storeKeptRecords): ${Math.round(performance.now() - tr)} ms, ${records} records`);
  }
  sync.retryNow(); // pull the server's echo: the outbox empties
  for (let i = 0; i < 600 && sync.status.pendingLocalChanges > 0; i++) await new Promise((r) => setTimeout(r, 100));
  const pendingAfter = sync.status.pendingLocalChanges;
  clearInterval(changeReads);
  await sync.stop();
  await db.remove();
  return { writeMs, pushMs, pendingBefore, pendingAfter, times };
}

async function bootOnly(serverUrl: string, batch: number): Promise<{ ms: number; openMs: number }> {
  const to = performance.now();
  const db = await openDb(`boot-${Date.now()}`, ['registrations', 'productModels']);
  const openMs = performance.now() - to;
  const connection = new SyncConnection({ serverUrl, getToken: () => 'bench' });
  const t0 = performance.now();
  await Promise.all(
    (['registrations', 'productModels'] as const).map((name) =>
      bootstrapEmptyCollection({ collection: db.collections[name]!, name, connection, replicationIdentifier: 'x', batchSize: batch }),
    ),
  );
  const ms = performance.now() - t0;
  connection.stop();
  await db.remove();
  return { ms, openMs };
}

/**
 * Diagnostics (`BENCH_PUT_PROBE=1`): what one IndexedDB put costs by store and document shape, n
 * puts per transaction in one fresh Dexie database: registrations as the floor stores them, as
 * RxDB's Dexie storage stores them on the lean index set (insert, then update of every one), and
 * RxDB's replication meta records (the pushed document in `docData`). Two rounds; ms per step.
 */
async function putProbe(n: number): Promise<Record<string, number[]>> {
  const dx = new Dexie(`probe-${Date.now()}`);
  dx.version(1).stores({
    floor: 'id, organisationId, serialNumber, [updatedAt+id]',
    lean: 'id, [_deleted+organisationId+id], [_deleted+serialNumber+id], [_meta.lwt+id]',
    meta: 'id, [_deleted+id], [_meta.lwt+id], _meta.lwt',
  });
  await dx.open();
  const out: Record<string, number[]> = {};
  const time = async (k: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    (out[k] ??= []).push(Math.round(performance.now() - t0));
  };
  for (let round = 0; round < 2; round++) {
    await Promise.all(['floor', 'lean', 'meta'].map((t) => dx.table(t).clear()));
    const now = new Date().toISOString();
    const docs = Array.from({ length: n }, (_, i) => ({
      id: `local-${i}-${crypto.randomUUID()}`, organisationId: 'org-demo-studio', productModelId: 'pm-eos-r5', serialNumber: String(200000000000 + i),
      purchaseDate: '2026-11-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Bench', status: 'draft', statusReason: null,
      points: 0, migratedFrom: null, createdAt: now, updatedAt: now,
    }));
    const lwt = Date.now();
    const fork = docs.map((d) => ({ ...d, _deleted: '0', _meta: { lwt }, _rev: '1-abcdefghij', _attachments: {} }));
    await time('floor insert', () => dx.table('floor').bulkPut(docs));
    await time('lean insert', () => dx.table('lean').bulkPut(fork));
    await time('lean update', () => dx.table('lean').bulkPut(fork.map((d) => ({ ...d, status: 'points-assigned', points: 10, _meta: { lwt: lwt + 1 }, _rev: '2-abcdefghij' }))));
    await time('lean update, 1,000 per transaction', async () => {
      for (let i = 0; i < n; i += 1000) await dx.table('lean').bulkPut(fork.slice(i, i + 1000).map((d) => ({ ...d, points: 11, _meta: { lwt: lwt + 2 }, _rev: '3-abcdefghij' })));
    });
    await time('lean update, two tables at once', () =>
      Promise.all([
        dx.table('lean').bulkPut(fork.map((d) => ({ ...d, points: 12, _meta: { lwt: lwt + 3 }, _rev: '4-abcdefghij' }))),
        dx.table('floor').bulkPut(docs.map((d) => ({ ...d, points: 12 }))),
      ]),
    );
    await time('meta insert', () => dx.table('meta').bulkPut(docs.map((d) => ({ id: `${d.id}|0`, isCheckpoint: '0', itemId: d.id, docData: d, _deleted: '0', _meta: { lwt }, _rev: '1-abcdefghij', _attachments: {} }))));
    await time('lean getAll', () => dx.table('lean').toArray());
  }
  dx.close();
  await Dexie.delete(dx.name);
  return out;
}

(window as unknown as { bench: unknown }).bench = { floor, pull, push, bootOnly, putProbe };
(window as unknown as { benchReady: boolean }).benchReady = true;
