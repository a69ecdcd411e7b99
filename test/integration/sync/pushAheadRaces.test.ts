/**
 * The push sent ahead (renderer/sync/pushAhead.ts) against what happens around it: edits during the
 * first pass, stops, kills, deletes, refusals and failures, another device. Real program
 * server, the desk's database, the whole sync running; pushes of 500 documents.
 */
import { describe, expect, it } from 'vitest';
import { CuttableFetch, eventually, organisation, registration, registrationBacklog, serverDocs, useSyncServer, withoutRxFields, type DeskClient } from './harness';
import { startSync } from '../../../renderer/sync/replication';
import { documentsEqual } from '../../../shared/sync/conflicts';
import { storageOverride, type AnyStorageInstance } from './storageOverride';
import { uid } from '../../support/ids';

const env = useSyncServer();
const batch = { pushBatchSize: 500, liveCollections: [] as never[], storeKeptRecordsAfterMs: 60_000 };

/** Records the ids of every registrations push request, in order. */
class RecordingFetch extends CuttableFetch {
  readonly pushes: string[][] = [];
  /** Ids of every registrations push the server answered, in order. */
  readonly answered: string[][] = [];
  /** May act on a push before it goes out, or answer it instead of the server. */
  onPush: ((ids: string[]) => Promise<Response | void> | Response | void) | null = null;
  /** Holds every organisations push until it resolves. */
  holdOrganisations: Promise<void> | null = null;
  constructor() {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/organisations/push') && this.holdOrganisations) await this.holdOrganisations;
      if (url.endsWith('/registrations/push') && typeof init?.body === 'string' && !this.offline) {
        const ids = (JSON.parse(init.body) as { newDocumentState: { id: string } }[]).map((r) => r.newDocumentState.id);
        this.pushes.push(ids);
        const answer = await this.onPush?.(ids);
        if (answer instanceof Response) return answer;
        const res = await inner(input, init);
        this.answered.push(ids);
        return res;
      }
      return inner(input, init);
    };
  }
}

/**
 * The replication meta stores with a hook run before their first read of `size` ids: RxDB's read of
 * the assumed master states of its first push batch (upstream.ts persistToMaster), after it read
 * that batch from the collection and before it hands it to the push handler.
 */
function beforeFirstMetaRead(size: number, hook: { run: (() => Promise<void>) | null }) {
  return storageOverride(
    (p) => p.collectionName.startsWith('rx-replication-meta'),
    (instance: AnyStorageInstance) => {
      const find = instance.findDocumentsById.bind(instance);
      return {
        findDocumentsById: async (ids: string[], withDeleted: boolean) => {
          const run = hook.run;
          if (run && ids.length === size) {
            hook.run = null;
            await run();
          }
          return find(ids as never, withDeleted);
        },
      };
    },
  );
}

async function settled(c: DeskClient): Promise<void> {
  await c.sync.awaitInSync();
  await new Promise((r) => setTimeout(r, 500));
  await c.sync.awaitInSync();
}

/**
 * Lets `c` push its backlog and settle, then expects `hook` to have run, both registrations pushed,
 * and `second` refused by the server as a duplicate of the serial `first` keeps.
 */
async function expectFirstKeepsSerial(c: DeskClient, net: RecordingFetch, hook: { run: unknown }, first: Record<string, unknown>, second: Record<string, unknown>): Promise<void> {
  net.offline = false;
  c.sync.retryNow();
  await settled(c);
  expect(hook.run, 'the hook ran').toBeNull();
  const token = (await c.secrets.read('token'))!;
  const server = new Map((await serverDocs(env.server.url, token, 'registrations')).map((d) => [d.id as string, d]));
  const pushed = net.pushes.flat();
  const order = { first: pushed.indexOf(first.id as string), second: pushed.indexOf(second.id as string) };
  expect(order.first, 'the first registration pushed').toBeGreaterThanOrEqual(0);
  expect(order.second, 'the second registration pushed').toBeGreaterThanOrEqual(0);
  expect({ first: server.get(first.id as string)?.status, second: server.get(second.id as string)?.status, order }).toMatchObject({ second: 'rejected-duplicate' });
  expect(server.get(first.id as string)?.status).not.toBe('rejected-duplicate');
}

describe('push ahead: order of two registrations of one serial', () => {
  for (const pushAhead of [true, false]) {
    it(`a document of the first batch changed after RxDB read it, then a second registration of a serial of the second batch: the first registration keeps the serial (pushAhead: ${pushAhead})`, async () => {
      const net = new RecordingFetch();
      const hook: { run: (() => Promise<void>) | null } = { run: null };
      net.offline = true;
      const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-break'), net, wrapStorage: beforeFirstMetaRead(500, hook), sync: { ...batch, pushAhead } });
      const docs = registrationBacklog(1000, 'brk', 360_000_000_000);
      await c.db.collections.registrations!.bulkInsert(docs);
      const first = docs[700]!; // second batch of RxDB's first pass
      const second = registration(uid('brk-late'), 'org-demo-studio', first.serialNumber as string);
      hook.run = async () => {
        // the user changes a document of the first batch, then registers the serial of document 700 again
        await c.db.collections.registrations!.findOne(docs[0]!.id as string).update({ $set: { dealerName: 'Changed while pushing' } });
        await c.db.collections.registrations!.insert(second);
      };
      await expectFirstKeepsSerial(c, net, hook, first, second);
    });
  }

  for (const pushAhead of [true, false]) {
    it(`a backlog document RxDB already read, changed while the first batch is out, and a later registration of its serial: the first registration keeps the serial (pushAhead: ${pushAhead})`, async () => {
      const net = new RecordingFetch();
      const hook: { run: (() => Promise<void>) | null } = { run: null };
      net.offline = true;
      const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-break'), net, wrapStorage: beforeFirstMetaRead(500, hook), sync: { ...batch, pushAhead } });
      const docs = registrationBacklog(1000, 'brk', 370_000_000_000, 'org-demo-studio', (i, serialOf) => (i === 800 ? { serialNumber: serialOf(600) } : {}));
      await c.db.collections.registrations!.bulkInsert(docs);
      const first = docs[600]!;
      const second = docs[800]!;
      hook.run = async () => {
        // RxDB reads the next batches meanwhile (up to 4 reads ahead of its pushes); then the user changes document 600
        await new Promise((r) => setTimeout(r, 300));
        await c.db.collections.registrations!.findOne(first.id as string).update({ $set: { dealerName: 'Changed while pushing' } });
      };
      await expectFirstKeepsSerial(c, net, hook, first, second);
    });
  }
});

function backlog(n: number) {
  return registrationBacklog(n, 'brk', 380_000_000_000);
}

async function localVsServer(c: DeskClient, ids: string[]) {
  const token = (await c.secrets.read('token'))!;
  const server = new Map((await serverDocs(env.server.url, token, 'registrations')).map((d) => [d.id as string, d]));
  const local = await c.db.collections.registrations!.storageInstance.findDocumentsById(ids, true);
  return {
    missingOnServer: ids.filter((id) => !server.has(id)),
    differing: local.filter((d) => !documentsEqual(withoutRxFields(d as never), withoutRxFields(server.get((d as { id: string }).id) as never))).map((d) => (d as { id: string }).id),
    localCount: local.length,
  };
}

/** Waits until `c` settled twice with a second between, then expects every one of `ids` on the server, equal on both sides, nothing pending or refused. */
async function expectAllSynced(c: DeskClient, ids: string[]): Promise<void> {
  await settled(c);
  await new Promise((r) => setTimeout(r, 1000));
  await settled(c);
  expect(await localVsServer(c, ids)).toEqual({ missingOnServer: [], differing: [], localCount: ids.length });
  expect(c.sync.status.pendingLocalChanges).toBe(0);
  expect(c.sync.status.refusedDocuments).toBe(0);
}

describe('push ahead: stops, deletes', () => {
  it('sync stopped while the push sent ahead is out, then started again on the same database: everything on the server, nothing pending', async () => {
    const net = new RecordingFetch();
    net.offline = true;
    const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-stop'), net, sync: { ...batch } });
    const docs = backlog(1500);
    const ids = docs.map((d) => d.id as string);
    await c.db.collections.registrations!.bulkInsert(docs);
    let stopped: Promise<void> | null = null;
    net.onPush = (sent) => {
      if (stopped || !sent.some((id) => ids.indexOf(id) >= 500)) return;
      stopped = c.sync.stop();
    };
    net.offline = false;
    c.sync.retryNow();
    await eventually('stopped', async () => stopped !== null, 20_000);
    await stopped;
    c.sync = startSync({ db: c.db, serverUrl: env.server.url, getToken: () => c.secrets.read('token'), collections: ['registrations'], fetch: net.fetch, backoff: { baseMs: 50, maxMs: 500 }, waitForLeadership: false, ...batch });
    await settled(c);
    expect(await localVsServer(c, ids)).toEqual({ missingOnServer: [], differing: [], localCount: 1500 });
    expect(c.sync.status.pendingLocalChanges).toBe(0);
    expect(c.sync.status.refusedDocuments).toBe(0);
  });

  for (const pushAhead of [true, false]) {
    it(`a document deleted locally while its push is out (sent ahead or not) ends deleted on both sides, an incomplete one (pushAhead: ${pushAhead})`, async () => {
      const net = new RecordingFetch();
      net.offline = true;
      const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-del'), net, sync: { ...batch, pushAhead } });
      // the one deleted is still incomplete (no dealer): the server keeps it editable, so the deletion can win
      const docs = backlog(1500).map((d, i) => (i === 1200 ? { ...d, dealerName: '' } : d));
      const ids = docs.map((d) => d.id as string);
      const gone = ids[1200]!;
      await c.db.collections.registrations!.bulkInsert(docs);
      let deleted = false;
      net.onPush = async (sent) => {
        if (deleted || !sent.includes(gone)) return;
        deleted = true;
        await c.db.collections.registrations!.findOne(gone).remove();
      };
      net.offline = false;
      c.sync.retryNow();
      await settled(c);
      await new Promise((r) => setTimeout(r, 1500));
      await settled(c);
      expect(deleted).toBe(true);
      const token = (await c.secrets.read('token'))!;
      const server = (await serverDocs(env.server.url, token, 'registrations')).find((d) => d.id === gone);
      const [local] = await c.db.collections.registrations!.storageInstance.findDocumentsById([gone], true);
      expect({ server: server?._deleted ?? 'missing', local: (local as { _deleted?: boolean } | undefined)?._deleted, pending: c.sync.status.pendingLocalChanges, refused: c.sync.status.refusedDocuments }).toEqual({
        server: true,
        local: true,
        pending: 0,
        refused: 0,
      });
      expect(await localVsServer(c, ids.filter((id) => id !== gone))).toMatchObject({ missingOnServer: [], differing: [] });
    });
  }
});

describe('push ahead: an app killed while the push sent ahead is out', () => {
  for (const pushAhead of [true, false]) {
    it(`restarted on the same database (some documents answered and marked, the rest a backlog): everything on the server, the same on both sides, nothing pending (pushAhead: ${pushAhead})`, async () => {
      const name = uid('ahead-kill');
      const net = new RecordingFetch();
      net.offline = true;
      const c = await env.client('studio@demo.test', ['registrations'], { name, net, sync: { ...batch, pushAhead } });
      const docs = backlog(2000);
      const ids = docs.map((d) => d.id as string);
      await c.db.collections.registrations!.bulkInsert(docs);
      let killed: Promise<unknown> | null = null;
      net.onPush = (sent) => {
        // the first push of rows past the first batch: sent ahead (or RxDB's second batch without)
        if (killed || !sent.some((id) => ids.indexOf(id) >= 500)) return;
        killed = new Promise((r) => setTimeout(r, 50)).then(() => c.db.close());
      };
      net.offline = false;
      c.sync.retryNow();
      await eventually('killed', async () => killed !== null, 20_000);
      await killed;
      const again = await env.client('studio@demo.test', ['registrations'], { name, net: new RecordingFetch(), sync: { ...batch, pushAhead } });
      await expectAllSynced(again, ids);
      const token = (await again.secrets.read('token'))!;
      const statuses = (await serverDocs(env.server.url, token, 'registrations')).filter((d) => ids.includes(d.id as string)).map((d) => d.status);
      expect(statuses.filter((st) => st !== 'points-assigned')).toEqual([]);
    });
  }
});

describe('push ahead: registrations of an organisation still in the organisations backlog', () => {
  it('the push sent ahead is answered 409 unknown-organisation until the organisation arrives, then everything is stored, nothing refused or pending', async () => {
    const setup = await env.client('dealer2@demo.test', ['organisations'], { name: uid('ahead-org-setup') });
    await setup.sync.awaitInitialReplication();
    const own = uid('org-dealer2');
    await setup.db.collections.organisations!.insert(organisation(own, 'dealer-demo-2'));
    await setup.sync.awaitInSync();
    const net = new RecordingFetch();
    net.offline = true;
    let release!: () => void;
    net.holdOrganisations = new Promise<void>((r) => (release = r));
    const c = await env.client('dealer2@demo.test', ['organisations', 'registrations'], { name: uid('ahead-org'), net, sync: { ...batch } });
    const fresh = uid('org-dealer2-new');
    await c.db.collections.organisations!.insert(organisation(fresh, 'dealer-demo-2'));
    const docs = registrationBacklog(1500, 'brk-org', 390_000_000_000, own, (i) => (i < 500 ? {} : { organisationId: fresh }));
    const ids = docs.map((d) => d.id as string);
    await c.db.collections.registrations!.bulkInsert(docs);
    let tries = 0;
    net.onPush = (sent) => {
      if (sent.some((id) => ids.indexOf(id) >= 500)) tries++;
    };
    net.offline = false;
    c.sync.retryNow();
    await eventually('the rows of the new organisation tried a few times', async () => tries >= 3, 20_000);
    release();
    net.holdOrganisations = null;
    await expectAllSynced(c, ids);
  });
});

describe('push ahead: the server failing on the push sent ahead', () => {
  for (const status of [503, 401]) {
    it(`answered ${status} (then the server takes it): everything stored, the same on both sides, nothing pending`, async () => {
      const net = new RecordingFetch();
      net.offline = true;
      const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-fail'), net, sync: { ...batch } });
      const docs = backlog(1500);
      const ids = docs.map((d) => d.id as string);
      await c.db.collections.registrations!.bulkInsert(docs);
      let failures = 0;
      net.onPush = (sent) => {
        if (failures >= 2 || !sent.some((id) => ids.indexOf(id) >= 500)) return;
        failures++;
        return new Response(JSON.stringify({ code: status === 401 ? 'unauthorized' : 'unavailable', message: 'test' }), { status, headers: { 'Content-Type': 'application/json' } });
      };
      net.offline = false;
      c.sync.retryNow();
      await eventually('the push sent ahead failed', async () => failures >= (status === 401 ? 1 : 2), 20_000);
      if (status === 401) {
        await eventually('unauthorized', async () => c.unauthorizedCalls > 0, 10_000);
        await new Promise((r) => setTimeout(r, 300));
        failures = 2;
        c.sync.signedIn();
      }
      await expectAllSynced(c, ids);
    });
  }
});

describe('push ahead: another device changes a document the push sent ahead stored', () => {
  it('before RxDB took the answer (RxDB still writing the first batch\'s answers): the other device\'s change reaches this client', async () => {
    const net = new RecordingFetch();
    net.offline = true;
    const docs = backlog(1500).map((d, i) => (i === 1200 ? { ...d, dealerName: '' } : d));
    const ids = docs.map((d) => d.id as string);
    const target = ids[1200]!;
    let done = false;
    let sentAhead = false;
    const hold = async () => {
      // the push sent ahead answered: another device changes the document on the server, its stream announces it
      for (let i = 0; i < 300 && !net.answered.some((a) => a.includes(target)); i++) await new Promise((r) => setTimeout(r, 20));
      sentAhead = net.answered.some((a) => a.includes(target));
      const token = (await env.server.login('studio@demo.test')).token;
      const v1 = (await serverDocs(env.server.url, token, 'registrations')).find((d) => d.id === target)!;
      const res = await fetch(`${env.server.url}/sync/registrations/push`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify([{ assumedMasterState: v1, newDocumentState: { ...v1, dealerName: 'Set elsewhere' } }]),
      });
      expect(res.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 800));
      done = true;
    };
    let first = true;
    const wrap = storageOverride(
      (p) => p.collectionName === 'registrations',
      (instance: AnyStorageInstance) => {
        const write = instance.bulkWrite.bind(instance);
        return {
          bulkWrite: async (rows: never, context: string) => {
            if (context === 'replication-up-write-conflict' && first) {
              first = false;
              await hold();
            }
            return write(rows, context);
          },
        };
      },
    );
    const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-other'), net, wrapStorage: wrap, sync: { pushBatchSize: 500, storeKeptRecordsAfterMs: 60_000 } });
    await c.db.collections.registrations!.bulkInsert(docs);
    net.offline = false;
    c.sync.retryNow();
    await eventually('held', async () => done, 20_000);
    expect(sentAhead, 'the document was sent ahead and answered before RxDB wrote the first answers').toBe(true);
    await settled(c);
    await eventually('the other device\'s change on this client', async () => (await c.db.collections.registrations!.findOne(target).exec())?.get('dealerName') === 'Set elsewhere', 15_000);
    await settled(c);
    expect(await localVsServer(c, ids)).toEqual({ missingOnServer: [], differing: [], localCount: 1500 });
  });
});
