/**
 * Scenarios that try to break the push sent ahead (renderer/sync/pushAhead.ts). Real program
 * server, the desk's database, the whole sync running; pushes of 500 documents.
 */
import { describe, expect, it } from 'vitest';
import { CuttableFetch, registration, serverDocs, useSyncServer, type DeskClient } from './harness';
import { storageOverride, type AnyStorageInstance } from './storageOverride';
import { uid } from '../../support/ids';

const env = useSyncServer();
const batch = { pushBatchSize: 500, liveCollections: [] as never[], storeKeptRecordsAfterMs: 60_000 };

/** Records the ids of every registrations push request, in order. */
class RecordingFetch extends CuttableFetch {
  readonly pushes: string[][] = [];
  constructor() {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/registrations/push') && typeof init?.body === 'string' && !this.offline) {
        this.pushes.push((JSON.parse(init.body) as { newDocumentState: { id: string } }[]).map((r) => r.newDocumentState.id));
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

describe('push ahead: order of two registrations of one serial', () => {
  for (const pushAhead of [true, false]) {
    it(`a document of the first batch changed after RxDB read it, then a second registration of a serial of the second batch: the first registration keeps the serial (pushAhead: ${pushAhead})`, async () => {
      const net = new RecordingFetch();
      const hook: { run: (() => Promise<void>) | null } = { run: null };
      net.offline = true;
      const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-break'), net, wrapStorage: beforeFirstMetaRead(500, hook), sync: { ...batch, pushAhead } });
      const stamp = uid('brk');
      const base = 360_000_000_000 + (Date.now() % 100_000) * 1000;
      const docs = Array.from({ length: 1000 }, (_, i) => registration(`${stamp}-${String(i).padStart(5, '0')}`, 'org-demo-studio', String(base + i)));
      await c.db.collections.registrations!.bulkInsert(docs);
      const first = docs[700]!; // second batch of RxDB's first pass
      const second = registration(`${stamp}-late`, 'org-demo-studio', first.serialNumber as string);
      hook.run = async () => {
        // the user changes a document of the first batch, then registers the serial of document 700 again
        await c.db.collections.registrations!.findOne(docs[0]!.id as string).update({ $set: { dealerName: 'Changed while pushing' } });
        await c.db.collections.registrations!.insert(second);
      };
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
      expect({ first: server.get(first.id as string)?.status, second: server.get(second.id as string)?.status, order }).toMatchObject({
        second: 'rejected-duplicate',
      });
      expect(server.get(first.id as string)?.status).not.toBe('rejected-duplicate');
    });
  }

  for (const pushAhead of [true, false]) {
    it(`a backlog document RxDB already read, changed while the first batch is out, and a later registration of its serial: the first registration keeps the serial (pushAhead: ${pushAhead})`, async () => {
      const net = new RecordingFetch();
      const hook: { run: (() => Promise<void>) | null } = { run: null };
      net.offline = true;
      const c = await env.client('studio@demo.test', ['registrations'], { name: uid('ahead-break'), net, wrapStorage: beforeFirstMetaRead(500, hook), sync: { ...batch, pushAhead } });
      const stamp = uid('brk');
      const base = 370_000_000_000 + (Date.now() % 100_000) * 1000;
      const docs = Array.from({ length: 1000 }, (_, i) => registration(`${stamp}-${String(i).padStart(5, '0')}`, 'org-demo-studio', String(base + (i === 800 ? 600 : i))));
      await c.db.collections.registrations!.bulkInsert(docs);
      const first = docs[600]!;
      const second = docs[800]!;
      hook.run = async () => {
        // RxDB reads the next batches meanwhile (up to 4 reads ahead of its pushes); then the user changes document 600
        await new Promise((r) => setTimeout(r, 300));
        await c.db.collections.registrations!.findOne(first.id as string).update({ $set: { dealerName: 'Changed while pushing' } });
      };
      net.offline = false;
      c.sync.retryNow();
      await settled(c);
      expect(hook.run, 'the hook ran').toBeNull();
      const token = (await c.secrets.read('token'))!;
      const server = new Map((await serverDocs(env.server.url, token, 'registrations')).map((d) => [d.id as string, d]));
      const pushed = net.pushes.flat();
      const order = { first: pushed.indexOf(first.id as string), second: pushed.indexOf(second.id as string) };
      expect({ first: server.get(first.id as string)?.status, second: server.get(second.id as string)?.status, order }).toMatchObject({
        second: 'rejected-duplicate',
      });
    });
  }
});
