import { afterEach, describe, expect, it } from 'vitest';
import { Subject, concatMap, from, type Observable } from 'rxjs';
import type { RxCollection, RxDatabase, RxStorage } from 'rxdb';
import { getHeightOfRevision } from 'rxdb/plugins/utils';
import { bootstrapContext, bootstrapEmptyCollection } from '../../../renderer/sync/bootstrap';
import { SyncConnection } from '../../../renderer/sync/connection';
import { openClientDb } from './clientDb';
import { registrationDoc } from '../../support/documents';
import { uid } from '../../support/ids';
import { storageOverride } from './storageOverride';

// The first pull of an empty collection (renderer/sync/bootstrap.ts) writes the server's pages
// straight into the Dexie storage, two pages at once. These tests run it on RxDB + Dexie
// (fake-indexeddb) against a feed held in memory that answers the pull protocol
// (shared/sync/protocol.ts: pages ordered by (updatedAt, id) after a checkpoint), so a test can
// change a document on the "server" between two pages.

type Doc = Record<string, unknown> & { id: string; updatedAt: string };

/** The pull side of the protocol over documents in memory; `beforeAnswer(n)` runs before the n-th request (1-based) is answered. */
class Feed {
  requests = 0;
  constructor(
    readonly docs: Doc[],
    private readonly beforeAnswer: (n: number, feed: Feed) => Promise<void> | void = () => undefined,
  ) {}
  /** Changes a document on the server: new fields and a later `updatedAt` than every other document. */
  change(id: string, fields: Record<string, unknown>): void {
    const at = this.docs.map((d) => d.updatedAt).sort().at(-1)!;
    const i = this.docs.findIndex((d) => d.id === id);
    this.docs[i] = { ...this.docs[i]!, ...fields, updatedAt: new Date(Date.parse(at) + 1000).toISOString() };
  }
  readonly fetch: typeof fetch = async (input) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname === '/health') return new Response('{}', { status: 200 });
    await this.beforeAnswer(++this.requests, this);
    const limit = Number(url.searchParams.get('limit'));
    const after = url.searchParams.has('updatedAt') ? [url.searchParams.get('updatedAt')!, url.searchParams.get('id')!] : null;
    const sorted = [...this.docs].sort((a, b) => (a.updatedAt === b.updatedAt ? a.id.localeCompare(b.id) : a.updatedAt.localeCompare(b.updatedAt)));
    const page = sorted.filter((d) => !after || d.updatedAt > after[0]! || (d.updatedAt === after[0] && d.id > after[1]!)).slice(0, limit);
    const last = page.at(-1);
    const checkpoint = last ? { id: last.id, updatedAt: last.updatedAt } : after ? { updatedAt: after[0]!, id: after[1]! } : null;
    return new Response(JSON.stringify({ documents: page, checkpoint }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** `n` registrations with increasing `updatedAt`. */
const serverRegistrations = (n: number): Doc[] =>
  Array.from({ length: n }, (_, i) => registrationDoc('org-boot', { id: `reg-${String(i).padStart(4, '0')}`, updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }) as Doc);

const opened: RxDatabase[] = [];
const connections: SyncConnection[] = [];
afterEach(async () => {
  for (const c of connections.splice(0)) c.stop();
  for (const db of opened.splice(0)) await db.remove();
});

async function setUp(
  feed: Feed,
  wrapStorage?: (s: RxStorage<unknown, unknown>) => RxStorage<unknown, unknown>,
): Promise<{ regs: RxCollection; run: () => ReturnType<typeof bootstrapEmptyCollection> }> {
  const db = await openClientDb(uid('bootstrap-db'), ['registrations'], { wrapStorage });
  opened.push(db);
  const regs = db.collections.registrations!;
  const connection = new SyncConnection({ serverUrl: 'http://feed.test', getToken: () => 'token', fetch: feed.fetch, platformOnline: () => true });
  connections.push(connection);
  const run = () => bootstrapEmptyCollection({ collection: regs, name: 'registrations', connection, replicationIdentifier: 'boot-test', batchSize: 3 });
  return { regs, run };
}

/** The stored document as RxDB's storage holds it (with `_rev` and `_meta`). */
async function stored(regs: RxCollection, id: string): Promise<Record<string, unknown> & { _rev: string; _meta: { o?: { _rev: number } } }> {
  const [doc] = await regs.storageInstance.findDocumentsById([id], true);
  return doc as never;
}

/**
 * A storage wrapper that holds the change events of every write to registrations but the
 * bootstrap's until `release.next()`: RxDB announces a write after its IndexedDB transaction, which
 * can queue behind the bootstrap's. `held` grows by one per held event bulk.
 */
function lateLocalAnnouncements(): { wrap: (s: RxStorage<unknown, unknown>) => RxStorage<unknown, unknown>; held: Promise<void>[]; release: Subject<void> } {
  const release = new Subject<void>();
  const held: Promise<void>[] = [];
  const wrap = storageOverride(
    (p) => p.collectionName === 'registrations',
    (inner) => ({
      changeStream: (): Observable<unknown> =>
        (inner.changeStream() as Observable<{ context: string }>).pipe(
          concatMap((bulk) => {
            if (bulk.context === bootstrapContext) return from([bulk]);
            const late = new Promise<void>((r) => release.subscribe(() => r()));
            held.push(late);
            return from(late.then(() => bulk));
          }),
        ),
    }),
  );
  return { wrap, held, release };
}

describe('the first pull of an empty collection (bootstrap)', () => {
  it('stores every page and announces the documents once each, in the server order', async () => {
    const feed = new Feed(serverRegistrations(11));
    const { regs, run } = await setUp(feed);
    const announced: string[] = [];
    const sub = regs.eventBulks$.subscribe((b) => {
      if (b.context === bootstrapContext) announced.push(...b.events.map((e) => e.documentId));
    });
    const result = await run();
    sub.unsubscribe();
    expect(result?.documents).toBe(11);
    expect(result?.pullCheckpoint).toEqual({ id: 'reg-0010', updatedAt: feed.docs[10]!.updatedAt });
    expect(result?.pushCheckpoint?.id).toBe('reg-0010');
    expect(announced).toEqual(feed.docs.map((d) => d.id));
    expect((await regs.find().exec()).map((d) => d.id).sort()).toEqual(feed.docs.map((d) => d.id));
    // RxDB's "came from the master" marker: the replication's downstream treats them as pulled by itself
    const first = await stored(regs, 'reg-0000');
    expect(first._meta.o?._rev).toBe(getHeightOfRevision(first._rev));
  });

  it('ends with the newer state of a document the server changed while the first pull ran, and still starts the push after it', async () => {
    // answered on the 3rd request: reg-0001 (in the first page, already stored) comes again in the last page
    const feed = new Feed(serverRegistrations(8), (n, f) => {
      if (n === 3) f.change('reg-0001', { status: 'points-assigned', points: 250 });
    });
    const { regs, run } = await setUp(feed);
    const result = await run();
    const doc = await stored(regs, 'reg-0001');
    expect(doc.status).toBe('points-assigned');
    expect(doc.points).toBe(250);
    // still the master's state for the replication: a server state, nothing to push
    expect(doc._meta.o?._rev).toBe(getHeightOfRevision(doc._rev));
    expect(getHeightOfRevision(doc._rev)).toBe(2);
    // no local write happened: the push side starts after the bootstrap, it does not re-push everything
    expect(result?.pushCheckpoint).toBeDefined();
    expect(await regs.count().exec()).toBe(8);
  });

  it('keeps a change the user made meanwhile over the server state of the same document', async () => {
    const local: { regs?: RxCollection } = {};
    const feed = new Feed(serverRegistrations(8), async (n, f) => {
      if (n !== 3) return;
      // the first page is stored by now or soon: the user edits one of its documents, then the server changes it too
      const regs = local.regs!;
      for (let i = 0; i < 200 && !(await regs.findOne('reg-0001').exec()); i++) await new Promise((r) => setTimeout(r, 10));
      await (await regs.findOne('reg-0001').exec())!.incrementalPatch({ dealerName: 'Changed at the counter' });
      f.change('reg-0001', { status: 'points-assigned' });
    });
    const setup = await setUp(feed);
    local.regs = setup.regs;
    const result = await setup.run();
    const doc = await stored(setup.regs, 'reg-0001');
    expect(doc.dealerName).toBe('Changed at the counter');
    expect(doc.status).toBe('draft');
    // a local write happened: the push side scans the whole collection, so it is pushed
    expect(result?.pushCheckpoint).toBeUndefined();
  });

  it('leaves the push side nothing to skip when the user saves a document just after the collection was found empty', async () => {
    // The desk starts sync and the user saves a new registration at once: the write lands right
    // after the bootstrap's emptiness check. The push side must then scan the whole collection;
    // a push checkpoint after the bootstrap's writes would lie above the new document, and RxDB's
    // push side, which subscribes to local changes only after the bootstrap, would never send it.
    const feed = new Feed(serverRegistrations(5));
    const { regs, run } = await setUp(feed);
    const count = regs.count.bind(regs) as (...a: unknown[]) => { exec(): Promise<number> };
    let first = true;
    (regs as unknown as { count: unknown }).count = (...a: unknown[]) => {
      const query = count(...a);
      if (!first) return query;
      first = false;
      return {
        exec: async () => {
          const n = await query.exec();
          await regs.insert(registrationDoc('org-boot', { id: 'reg-local', updatedAt: new Date().toISOString() }));
          return n;
        },
      };
    };
    const result = await run();
    expect(first).toBe(false); // the emptiness check ran (and the user's write after it)
    expect(result?.documents).toBe(5);
    expect(result?.pushCheckpoint).toBeUndefined();
    expect((await regs.findOne('reg-local').exec())?.get('dealerName')).toBeDefined();
  });

  it('leaves the push side nothing to skip when a local insert is announced only after the first pull', async () => {
    // The user's insert is stored while the pages are written, but its change event comes late
    // (RxDB announces a write after its IndexedDB transaction, which can queue behind the
    // bootstrap's): the documents counted at the end then outnumber the ones the bootstrap wrote.
    const { wrap, held, release } = lateLocalAnnouncements();
    const local: { regs?: RxCollection } = {};
    const feed = new Feed(serverRegistrations(8), async (n) => {
      if (n === 2) await local.regs!.insert(registrationDoc('org-boot', { id: 'reg-local', updatedAt: new Date().toISOString() }));
    });
    const setup = await setUp(feed, wrap);
    local.regs = setup.regs;
    const result = await setup.run();
    expect(held.length).toBeGreaterThan(0); // the insert's announcement was held until now
    release.next();
    expect(result?.documents).toBe(8);
    expect(result?.pushCheckpoint).toBeUndefined();
  });

  it('leaves the push side nothing to skip when a local edit of a pulled document is announced only after the first pull', async () => {
    // As above, for an edit of a document the first page wrote: the count does not change, and the
    // edit's write time lies below the push checkpoint after the last page, so a push side starting
    // there would never send it (test/integration/sync/bootstrapEdits.test.ts: on the server).
    const { wrap, held, release } = lateLocalAnnouncements();
    const local: { regs?: RxCollection } = {};
    const feed = new Feed(serverRegistrations(8), async (n) => {
      if (n !== 2) return;
      // the first page is being written: the user edits one of its documents once it is stored
      const regs = local.regs!;
      for (let i = 0; i < 200 && !(await regs.findOne('reg-0001').exec()); i++) await new Promise((r) => setTimeout(r, 10));
      await (await regs.findOne('reg-0001').exec())!.incrementalPatch({ dealerName: 'Changed at the counter' });
    });
    const setup = await setUp(feed, wrap);
    local.regs = setup.regs;
    const result = await setup.run();
    expect(held.length).toBeGreaterThan(0); // the edit's announcement was held until now
    release.next();
    expect(result?.documents).toBe(8);
    expect((await stored(setup.regs, 'reg-0001')).dealerName).toBe('Changed at the counter');
    expect(result?.pushCheckpoint).toBeUndefined();
  });
});
