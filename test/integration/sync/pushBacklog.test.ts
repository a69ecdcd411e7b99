import { describe, expect, it } from 'vitest';
import { CuttableFetch, registrationBacklog, serverDocs, useSyncServer, withoutRxFields } from './harness';
import { storageOverride } from './storageOverride';
import { documentsEqual } from '../../../shared/sync/conflicts';

/**
 * An offline backlog costs one trip to the server and back, not two.
 *
 * The server answers each registration it stores with the stored document (its decision: status,
 * points, timestamps — docs/sync.md "Push answers"), which RxDB resolves and records as the master
 * state. RxDB 17.6 then runs its upstream once more over the resolved documents
 * (replication-protocol/upstream.ts); it must not send them again. And the pull that follows brings
 * the same versions back: they must not cost RxDB's downstream a read of every local document and
 * its master record (renderer/sync/pushEchoes.ts).
 */
const env = useSyncServer();

/** The client's fetch, counting push requests and rows, and the documents pulls return. */
class CountingFetch extends CuttableFetch {
  pushes = 0;
  pushedRows = 0;
  pulledDocs = 0;
  constructor() {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
      if (path.endsWith('/push') && !this.offline) {
        this.pushes++;
        this.pushedRows += (JSON.parse(String(init?.body)) as unknown[]).length;
      }
      const res = await inner(input, init);
      if (path.endsWith('/pull') && res.ok) this.pulledDocs += ((await res.clone().json()) as { documents: unknown[] }).documents.length;
      return res;
    };
  }
}

/** Counts the ids RxDB reads by id from the registrations collection (the downstream reads every pulled id). */
function countingReads() {
  const reads = { ids: 0 };
  const wrap = storageOverride(
    (p) => p.collectionName === 'registrations',
    (instance) => ({
      findDocumentsById: (ids: string[], withDeleted: boolean) => {
        reads.ids += ids.length;
        return instance.findDocumentsById(ids as never, withDeleted);
      },
    }),
  );
  return { reads, wrap };
}

const strip = withoutRxFields;

describe('an offline backlog of 1,000 registrations', () => {
  it('is sent once, and the pull that brings the stored versions back does not read them locally again', async () => {
    const net = new CountingFetch();
    const { reads, wrap } = countingReads();
    const c = await env.client('studio@demo.test', ['registrations'], { net, wrapStorage: wrap, sync: { liveCollections: [] } });
    await c.sync.awaitInitialReplication();
    net.offline = true;
    const docs = registrationBacklog(1000, 'backlog', 320_000_000_000);
    const ids = docs.map((d) => d.id as string);
    await c.db.collections.registrations!.bulkInsert(docs);
    await new Promise((r) => setTimeout(r, 300));
    net.offline = false;
    const readsBefore = reads.ids;
    c.sync.retryNow();
    await c.sync.awaitInSync();
    // what RxDB does after the answers (their resolution, its second upstream pass) settles within this
    await new Promise((r) => setTimeout(r, 1000));
    // The pull after the push (a RESYNC here — retryNow's, queued behind the push — and again now;
    // with a pull stream, its announcement) returns the 1,000 stored versions, which the client
    // already has from the answers.
    c.sync.retryNow();
    await c.sync.awaitInSync();
    await new Promise((r) => setTimeout(r, 300));
    await c.sync.awaitInSync();
    expect(net.pushedRows, 'rows sent to the server').toBe(1000);
    expect(net.pushes, 'push requests (at most 1,000 rows each)').toBe(1);
    expect(net.pulledDocs, 'documents the pulls returned').toBeGreaterThanOrEqual(1000);
    // RxDB keeps a pull checkpoint only from a page with documents: each page keeps its last one
    expect(reads.ids - readsBefore, 'local documents read by id for the pulled ones').toBeLessThanOrEqual(3);

    // and the client holds the server's documents: decisions and timestamps included
    const token = (await env.server.login('studio@demo.test')).token;
    const onServer = new Map((await serverDocs(env.server.url, token, 'registrations')).map((d) => [d.id as string, strip(d)]));
    const local = await c.db.collections.registrations!.findByIds(ids).exec();
    const differing = ids.filter((id) => !documentsEqual(strip(local.get(id)!.toJSON() as Record<string, unknown>), onServer.get(id)));
    expect(differing).toEqual([]);
    expect(ids.filter((id) => onServer.get(id)?.status === 'points-assigned')).toHaveLength(1000);
    expect(c.sync.status.pendingLocalChanges).toBe(0);
  }, 180_000);
});
