/**
 * New documents the server answered get their record of the server state written after the push,
 * not during it (renderer/sync/answeredInserts.ts): the answer is written with RxDB's "came from the
 * master" marker and RxDB's record is kept in memory until the replication is idle or stops. Real
 * program server, the desk's database (RxDB + Dexie on fake-indexeddb), the whole sync running
 * (startSync).
 *
 * What must hold besides the saved writes: the records reach IndexedDB (idle, stop); a document
 * whose record was lost (the app killed before) behaves as one the first pull wrote — its first
 * local edit goes out with the answer as the assumed master state, so the conflict rule merges
 * field by field and a change another device made meanwhile stays — and an edit made in the same
 * session, before such a kill, keeps that base too.
 */
import { describe, expect, it } from 'vitest';
import { CuttableFetch, eventually, organisation, registrationBacklog, serverDocs, useSyncServer, withoutRxFields, type DeskClient } from './harness';
import { storageOverride, type AnyStorageInstance } from './storageOverride';
import { isUnchangedMasterState, masterMarkerHash } from '../../../renderer/sync/itemState';
import { replicationIdentifierOf, startSync } from '../../../renderer/sync/replication';
import { documentsEqual } from '../../../shared/sync/conflicts';

const env = useSyncServer();
const email = 'dealer@demo.test';

/** Kept records are not written while a test looks (the idle time before they are is a minute). */
const holdRecords = { storeKeptRecordsAfterMs: 60_000 };

/**
 * Captures the replication meta stores as created, to read what IndexedDB holds: through the
 * storage class's own `findDocumentsById`, past the sync client's wrappers (which answer from memory).
 */
function metaStores() {
  const stores: AnyStorageInstance[] = [];
  const wrap = storageOverride(
    (p) => p.collectionName.startsWith('rx-replication-meta-'),
    (instance) => {
      stores.push(instance);
      return {};
    },
  );
  /** The records IndexedDB holds for the documents `itemIds` (RxDB's meta key `<itemId>|0`), read through the open stores. */
  const stored = async (itemIds: string[]): Promise<Record<string, unknown>[]> => {
    const out: Record<string, unknown>[] = [];
    for (const s of stores) {
      if ((s as { closed?: unknown }).closed) continue;
      const read = Object.getPrototypeOf(s).findDocumentsById as AnyStorageInstance['findDocumentsById'];
      out.push(...((await read.call(s, itemIds.map((id) => `${id}|0`) as never, true)) as Record<string, unknown>[]));
    }
    return out;
  };
  /** How many stores were created so far (a restarted client's replication creates its own). */
  const created = () => stores.length;
  return { wrap, stored, created };
}

/**
 * Opens the database `name` again with sync started but the network down, so no pull writes
 * anything, and waits until its replication opened the meta store: what IndexedDB kept is then
 * readable through `meta.stored`.
 */
async function reopenOffline(name: string, email: string, collection: 'registrations' | 'organisations', meta: ReturnType<typeof metaStores>): Promise<DeskClient> {
  const net = new CuttableFetch();
  net.offline = true;
  const before = meta.created();
  const c = await env.client(email, [collection], { name, net, wrapStorage: meta.wrap, sync: { liveCollections: [], ...holdRecords } });
  await eventually('the meta store opened', async () => meta.created() > before, 10_000);
  return c;
}

async function push(token: string, collection: string, rows: unknown[]): Promise<void> {
  const res = await fetch(`${env.server.url}/sync/${collection}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
}

/** Renames the organisation `id` on the server, as another device of the dealer does. */
async function renameElsewhere(token: string, id: string, name = 'Renamed elsewhere'): Promise<void> {
  const master = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id)!;
  await push(token, 'organisations', [{ assumedMasterState: master, newDocumentState: { ...master, name, _deleted: false } }]);
}

async function settled(c: DeskClient): Promise<void> {
  await c.sync.awaitInSync();
  // RxDB's resolution of the answers and its second upstream pass settle within this
  await new Promise((r) => setTimeout(r, 500));
  await c.sync.awaitInSync();
}

/** Creates an organisation of the dealer while `net` is offline, then lets `c` push it; returns its id. */
async function createOffline(c: DeskClient, net: CuttableFetch, tag: string): Promise<string> {
  net.offline = true;
  const id = `org-${tag}-${process.pid}-${Date.now()}`;
  await c.db.collections.organisations!.insert(organisation(id, 'dealer-demo-1'));
  net.offline = false;
  c.sync.retryNow();
  return id;
}

/** Closes `c`'s database without stopping sync first: what a killed app leaves behind. */
async function kill(c: DeskClient): Promise<void> {
  await c.db.close();
}

describe('an offline backlog of new registrations', () => {
  it('is answered with one IndexedDB write per document during the push: the server state, marked as such; the records follow at stop', async () => {
    const net = new CuttableFetch();
    const meta = metaStores();
    const name = `client-answered-backlog-${process.pid}-${Date.now()}`;
    const c = await env.client('studio@demo.test', ['registrations'], { name, net, wrapStorage: meta.wrap, sync: { liveCollections: [], ...holdRecords } });
    await c.sync.awaitInitialReplication();
    net.offline = true;
    const docs = registrationBacklog(300, 'answered', 330_000_000_000);
    const ids = docs.map((d) => d.id as string);
    await c.db.collections.registrations!.bulkInsert(docs);
    net.offline = false;
    c.sync.retryNow();
    await settled(c);

    expect(await meta.stored(ids), 'records of the answered documents in IndexedDB').toEqual([]);
    const hash = await masterMarkerHash(c.db, replicationIdentifierOf('registrations', env.server.url));
    const local = await c.db.collections.registrations!.findByIds(ids).exec();
    expect(ids.filter((id) => !isUnchangedMasterState(local.get(id)!.toJSON(true), hash)), 'documents without the marker').toEqual([]);
    const token = (await env.server.login('studio@demo.test')).token;
    const onServer = new Map((await serverDocs(env.server.url, token, 'registrations')).map((d) => [d.id as string, withoutRxFields(d)]));
    expect(ids.filter((id) => !documentsEqual(withoutRxFields(local.get(id)!.toJSON() as Record<string, unknown>), onServer.get(id))), 'differing from the server').toEqual([]);
    expect(ids.filter((id) => onServer.get(id)?.status !== 'points-assigned')).toEqual([]);
    expect(c.sync.status.pendingLocalChanges).toBe(0);
    await c.close();
    await reopenOffline(name, 'studio@demo.test', 'registrations', meta);
    const stored = await meta.stored(ids);
    expect(stored.length, 'records in IndexedDB after stop').toBe(300);
    expect(stored.filter((r) => !documentsEqual(withoutRxFields(r.docData as Record<string, unknown>), onServer.get((r.docData as { id: string }).id))), 'records differing from the server').toEqual([]);
  }, 120_000);

  it('gets its records written once the replication is idle', async () => {
    const net = new CuttableFetch();
    const meta = metaStores();
    const c = await env.client('studio@demo.test', ['registrations'], { net, wrapStorage: meta.wrap, sync: { liveCollections: [], storeKeptRecordsAfterMs: 200 } });
    await c.sync.awaitInitialReplication();
    net.offline = true;
    const docs = registrationBacklog(50, 'idle', 340_000_000_000);
    const ids = docs.map((d) => d.id as string);
    await c.db.collections.registrations!.bulkInsert(docs);
    net.offline = false;
    c.sync.retryNow();
    await settled(c);
    await eventually('records in IndexedDB', async () => (await meta.stored(ids)).length === 50, 10_000);
  }, 120_000);
});

describe('an answered new organisation, edited later', () => {

  /** Creates an organisation offline on a fresh client named `name`, pushes it, and returns its id once answered. */
  async function answeredDraft(name: string, meta: ReturnType<typeof metaStores>): Promise<{ c: DeskClient; id: string; token: string }> {
    const net = new CuttableFetch();
    const c = await env.client(email, ['organisations'], { name, net, wrapStorage: meta.wrap, sync: { liveCollections: [], ...holdRecords } });
    await c.sync.awaitInitialReplication();
    const id = await createOffline(c, net, 'answered');
    await settled(c);
    const token = (await env.server.login(email)).token;
    const onServer = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id);
    expect(onServer?.city).toBe('Utrecht');
    expect(await meta.stored([id]), 'the record of the answered document in IndexedDB').toEqual([]);
    return { c, id, token };
  }

  /** Waits until the client's city edit is on the server and the client holds the server's document. */
  async function mergedOnBoth(c: DeskClient, token: string, id: string): Promise<void> {
    const onServer = await eventually('the edit on the server', async () => (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id && d.city === 'Zeist'), 20_000);
    expect(onServer.name, "the other device's rename on the server").toBe('Renamed elsewhere');
    c.sync.retryNow();
    await eventually('the server state on the client', async () => (await c.db.organisations!.findOne(id).exec())?.get('name') === 'Renamed elsewhere', 20_000);
    expect((await c.db.organisations!.findOne(id).exec())?.get('city')).toBe('Zeist');
  }

  it('killed before its record was stored, then restarted: the first edit carries the answer as its base, and a change another device made to another field stays', async () => {
    const name = `client-answered-restart-${process.pid}-${Date.now()}`;
    const meta = metaStores();
    const { c, id, token } = await answeredDraft(name, meta);
    await kill(c);
    const again = await reopenOffline(name, email, 'organisations', meta);
    expect(await meta.stored([id]), 'the record in IndexedDB').toEqual([]);
    await renameElsewhere(token, id);
    // offline, and no pull stream: the rename is not pulled before the edit
    await (await again.db.organisations!.findOne(id).exec())!.incrementalPatch({ city: 'Zeist' });
    again.net.offline = false;
    again.sync.retryNow();
    await mergedOnBoth(again, token, id);
  }, 120_000);

  it('edited in the same session while offline, then killed and restarted: the edit stores the base it needs', async () => {
    const name = `client-answered-edit-${process.pid}-${Date.now()}`;
    const meta = metaStores();
    const { c, id, token } = await answeredDraft(name, meta);
    c.net.offline = true;
    await (await c.db.organisations!.findOne(id).exec())!.incrementalPatch({ city: 'Zeist' });
    // the record RxDB kept in memory is written before the edit: a restart does not lose it
    const [record] = await meta.stored([id]);
    expect(record?.docData, 'the stored record').toMatchObject({ id, city: 'Utrecht' });
    await kill(c);
    await renameElsewhere(token, id);
    const again = await env.client(email, ['organisations'], { name, sync: { liveCollections: [] } });
    await mergedOnBoth(again, token, id);
  }, 120_000);
});

/**
 * Races and restarts: the records of answered new documents kept in memory against a
 * pull answered while RxDB resolves the push: RxDB's downstream may write a pulled change of the
 * document (and its record) between RxDB's write of the resolution and its record of the answer.
 * The record of the answer must then not replace the newer one, or the next local edit is pushed
 * against the answer as its base and undoes a later change another device made to another field.
 */

/**
 * Holds RxDB's write of a push's resolutions to the organisations collection, after it reached
 * IndexedDB and before RxDB goes on to write its records, while `held` is set: a pull answered in
 * between (another device's change) is written by RxDB's downstream meanwhile.
 */
function holdConflictWrites() {
  const gate = { held: false, reached: false, release: () => {} };
  const wrap = storageOverride(
    (p) => p.collectionName === 'organisations',
    (instance) => {
      const inner = instance.bulkWrite.bind(instance);
      (instance as { bulkWrite: unknown }).bulkWrite = async (rows: never, context: string) => {
        const result = await inner(rows, context);
        if (context === 'replication-up-write-conflict' && gate.held) {
          gate.reached = true;
          await new Promise<void>((r) => (gate.release = r));
        }
        return result;
      };
      return {};
    },
  );
  return { gate, wrap };
}

describe('an answered new organisation whose record RxDB writes after a pull of another device\'s change', () => {
  it("another device's change pulled between RxDB's write of an answered new organisation and its record, then a local edit: a later change of the other device stays", async () => {
    const { gate, wrap } = holdConflictWrites();
    const net = new CuttableFetch();
    const plain = net.fetch;
    const pullGate = { held: false, reached: false, answered: false, release: () => {} };
    (net as { fetch: typeof fetch }).fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (pullGate.held && url.includes('/sync/organisations/pull')) {
        pullGate.held = false;
        pullGate.reached = true;
        await new Promise<void>((r) => (pullGate.release = r));
        const res = await plain(input, init);
        pullGate.answered = true;
        return res;
      }
      return plain(input, init);
    };
    const c = await env.client(email, ['organisations'], { net, wrapStorage: wrap, sync: { liveCollections: [], storeKeptRecordsAfterMs: 100 } });
    try {
      await c.sync.awaitInitialReplication();
      await settled(c);
      const token = (await env.server.login(email)).token;
      // a pull begins while the replication is idle; its request waits
      pullGate.held = true;
      c.sync.retryNow();
      await eventually('the pull request', async () => pullGate.reached, 10_000);
      // a new organisation is pushed and answered meanwhile; RxDB's write of the answer waits before its record
      const id = `org-race-${process.pid}-${Date.now()}`;
      gate.held = true;
      await c.db.collections.organisations!.insert(organisation(id, 'dealer-demo-1'));
      await eventually('the resolution written', async () => gate.reached, 10_000);
      // another device renames it, and the waiting pull brings the rename
      await renameElsewhere(token, id, 'Renamed once');
      pullGate.release();
      await eventually('the pull answered', async () => pullGate.answered, 10_000);
      await new Promise((r) => setTimeout(r, 300)); // RxDB's downstream writes what it pulled
      gate.held = false;
      gate.release();
      await settled(c);
      await new Promise((r) => setTimeout(r, 500)); // idle: records stored
      // the other device renames it again; this client, offline, changes the city
      await renameElsewhere(token, id, 'Renamed twice');
      net.offline = true;
      await (await c.db.organisations!.findOne(id).exec())!.incrementalPatch({ city: 'Zeist' });
      net.offline = false;
      c.sync.retryNow();
      await eventually('the city on the server', async () => (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id && d.city === 'Zeist'), 20_000);
      await settled(c);
      const final = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id)!;
      expect(final.name, "the other device's second rename on the server").toBe('Renamed twice');
      c.sync.retryNow();
      await eventually('the second rename on the client', async () => (await c.db.organisations!.findOne(id).exec())?.get('name') === 'Renamed twice', 10_000);
    } finally {
      gate.held = false;
      gate.release();
      pullGate.release();
    }
  }, 40_000);
});

/**
 * Sync stopped and started again on the same database (the session effect of renderer/app/session.tsx
 * runs again): ./firstEditBase.ts must serve the new replication, or the first edit of an answered
 * document (whose record the new replication keeps in memory) stores no base and a kill loses it.
 */
describe('sync started a second time on the same database', () => {
  it('an answered organisation edited offline in the second run, then killed: the edit keeps the base it needs', async () => {
    const name = `client-second-run-${process.pid}-${Date.now()}`;
    const net = new CuttableFetch();
    const c = await env.client(email, ['organisations'], { name, net, sync: { liveCollections: [], storeKeptRecordsAfterMs: 60_000 } });
    await c.sync.awaitInitialReplication();
    await c.sync.stop();
    c.sync = startSync({ db: c.db, serverUrl: env.server.url, getToken: () => c.secrets.read('token'), collections: ['organisations'], fetch: net.fetch, backoff: { baseMs: 50, maxMs: 500 }, waitForLeadership: false, liveCollections: [], storeKeptRecordsAfterMs: 60_000 });
    await c.sync.awaitInitialReplication();
    const token = (await env.server.login(email)).token;
    const id = await createOffline(c, net, 'second');
    await eventually('on the server', async () => (await serverDocs(env.server.url, token, 'organisations')).some((d) => d.id === id), 10_000);
    await settled(c);
    net.offline = true;
    await (await c.db.organisations!.findOne(id).exec())!.incrementalPatch({ city: 'Zeist' });
    await c.db.close(); // killed: sync not stopped
    await renameElsewhere(token, id);
    await env.client(email, ['organisations'], { name, sync: { liveCollections: [] } });
    const onServer = await eventually('the edit on the server', async () => (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id && d.city === 'Zeist'), 20_000);
    expect(onServer.name, "the other device's rename on the server").toBe('Renamed elsewhere');
  }, 40_000);
});

/**
 * The app killed after RxDB wrote an answered new document (marked, its record in memory only) and
 * before RxDB's push checkpoint passed that write: at restart RxDB's push side reads the document
 * again and, without a record, pushes it as a new one; the conflict rule, with no base, then keeps
 * its fields over a change another device made meanwhile.
 */
describe('killed after the answer, before the push checkpoint passed it', () => {
  it("an answered organisation pushed again at restart keeps another device's rename", async () => {
    const name = `client-kill-checkpoint-${process.pid}-${Date.now()}`;
    const armed = { on: false };
    const wrap = (base: Parameters<ReturnType<typeof storageOverride>>[0]) =>
      storageOverride(
        (p) => p.collectionName === 'organisations',
        (instance) => {
          const inner = instance.bulkWrite.bind(instance);
          (instance as { bulkWrite: unknown }).bulkWrite = async (rows: never, context: string) => {
            const result = await inner(rows, context);
            if (context === 'replication-up-write-conflict') armed.on = true;
            return result;
          };
          return {};
        },
      )(
        storageOverride(
          (p) => p.collectionName.startsWith('rx-replication-meta-'),
          (instance) => {
            const inner = instance.bulkWrite.bind(instance);
            (instance as { bulkWrite: unknown }).bulkWrite = async (rows: never, context: string) => {
              // the app is killed before RxDB's push checkpoint passes the answer: the checkpoint never reaches IndexedDB
              if (armed.on && context === 'replication-set-checkpoint') return { error: [] };
              return inner(rows, context);
            };
            return {};
          },
        )(base),
      );
    const net = new CuttableFetch();
    const c = await env.client(email, ['organisations'], { name, net, wrapStorage: wrap as never, sync: { liveCollections: [], storeKeptRecordsAfterMs: 60_000 } });
    await c.sync.awaitInitialReplication();
    await settled(c);
    const token = (await env.server.login(email)).token;
    const id = await createOffline(c, net, 'kcp');
    await eventually('answered', async () => armed.on, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    net.offline = true;
    await c.db.close().catch(() => undefined);
    await renameElsewhere(token, id);
    const again = await env.client(email, ['organisations'], { name, sync: { liveCollections: [] } });
    await settled(again);
    again.sync.retryNow();
    await settled(again);
    const onServer = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id)!;
    expect(onServer.name, "the other device's rename on the server").toBe('Renamed elsewhere');
    await eventually('the rename on the client', async () => (await again.db.organisations!.findOne(id).exec())?.get('name') === 'Renamed elsewhere', 10_000);
    expect(again.sync.status.pendingLocalChanges).toBe(0);
  }, 40_000);
});

/**
 * RxDB's first pass over the stored changes could hold an answered new document whose record was
 * lost (the case above), so the push handler checks the stored state of its rows first. It reads
 * only the documents RxDB's own reads of the changes found marked: a backlog typed offline has
 * none, and its documents are not read again before they are pushed.
 */
describe('the first pass over an offline backlog', () => {
  it('reads none of its documents again before pushing them', async () => {
    const events: string[] = [];
    let backlogIds = new Set<string>();
    const wrap = storageOverride(
      (p) => p.collectionName === 'registrations',
      (instance) => {
        const read = instance.findDocumentsById.bind(instance);
        return {
          findDocumentsById: async (ids: string[], deleted: boolean) => {
            const ours = ids.filter((id) => backlogIds.has(id)).length;
            if (ours > 0) events.push(`read ${ours}`);
            return read(ids as never, deleted);
          },
        };
      },
    );
    const net = new (class extends CuttableFetch {
      constructor() {
        super();
        const inner = this.fetch;
        (this as { fetch: typeof fetch }).fetch = async (input, init) => {
          const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
          if (url.endsWith('/registrations/push') && !this.offline) events.push('push');
          return inner(input, init);
        };
      }
    })();
    net.offline = true; // the replication starts once the server answers, with the backlog stored: RxDB's first pass finds it
    // (pushAhead: false — sending ahead reads the stored documents after the first batch while it is out, on purpose: pushAhead.test.ts)
    const c = await env.client('studio@demo.test', ['registrations'], { name: `client-first-pass-${process.pid}-${Date.now()}`, net, wrapStorage: wrap, sync: { liveCollections: [], pushAhead: false, ...holdRecords } });
    const docs = registrationBacklog(300, 'first-pass', 360_000_000_000);
    backlogIds = new Set(docs.map((d) => d.id as string));
    await c.db.collections.registrations!.bulkInsert(docs);
    events.length = 0;
    net.offline = false;
    c.sync.retryNow();
    await settled(c);
    const firstPush = events.indexOf('push');
    expect(firstPush, 'the backlog was pushed').toBeGreaterThanOrEqual(0);
    expect(events.slice(0, firstPush), 'reads of backlog documents before the first push').toEqual([]);
    expect(c.sync.status.pendingLocalChanges).toBe(0);
  }, 40_000);
});
