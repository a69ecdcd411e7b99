/**
 * The records of answered new documents kept in memory (renderer/sync/answeredInserts.ts) against a
 * pull answered while RxDB resolves the push: RxDB's downstream may write a pulled change of the
 * document (and its record) between RxDB's write of the resolution and its record of the answer.
 * The record of the answer must then not replace the newer one, or the next local edit is pushed
 * against the answer as its base and undoes a later change another device made to another field.
 */
import { describe, expect, it } from 'vitest';
import { CuttableFetch, eventually, organisation, serverDocs, useSyncServer, type DeskClient } from './harness';
import { storageOverride } from './storageOverride';

const env = useSyncServer();
const email = 'dealer@demo.test';

async function push(token: string, collection: string, rows: unknown[]): Promise<void> {
  const res = await fetch(`${env.server.url}/sync/${collection}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
}

async function settled(c: DeskClient): Promise<void> {
  await c.sync.awaitInSync();
  await new Promise((r) => setTimeout(r, 500));
  await c.sync.awaitInSync();
}

async function renameElsewhere(token: string, id: string, name = 'Renamed elsewhere'): Promise<void> {
  const master = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id)!;
  await push(token, 'organisations', [{ assumedMasterState: master, newDocumentState: { ...master, name, _deleted: false } }]);
}

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
    const { startSync } = await import('../../../renderer/sync/replication');
    c.sync = startSync({ db: c.db, serverUrl: env.server.url, getToken: () => c.secrets.read('token'), collections: ['organisations'], fetch: net.fetch, backoff: { baseMs: 50, maxMs: 500 }, waitForLeadership: false, liveCollections: [], storeKeptRecordsAfterMs: 60_000 });
    await c.sync.awaitInitialReplication();
    const token = (await env.server.login(email)).token;
    net.offline = true;
    const id = `org-second-${process.pid}-${Date.now()}`;
    await c.db.collections.organisations!.insert(organisation(id, 'dealer-demo-1'));
    net.offline = false;
    c.sync.retryNow();
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
    net.offline = true;
    const id = `org-kcp-${process.pid}-${Date.now()}`;
    await c.db.collections.organisations!.insert(organisation(id, 'dealer-demo-1'));
    net.offline = false;
    c.sync.retryNow();
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
