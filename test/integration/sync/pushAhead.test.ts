/**
 * The next part of an offline backlog goes to the server while RxDB writes the answers of the part
 * before (renderer/sync/pushAhead.ts). Real program server, the desk's database (RxDB + Dexie on
 * fake-indexeddb), the whole sync running (startSync), pushes of 500 documents so a backlog of
 * 1,500 takes RxDB three batches.
 *
 * What must hold besides the overlap: every row reaches the server once and RxDB takes the answers
 * as if it had sent the rows itself (the documents end as the server stored them, marked); a
 * document changed after it was sent ahead still gets its change to the server; a row the server
 * refuses for good is recorded once and blocks nothing; a push sent ahead that cannot reach the
 * server loses nothing.
 */
import { describe, expect, it } from 'vitest';
import { CuttableFetch, eventually, organisation, registrationBacklog, serverDocs, useSyncServer, withoutRxFields, type DeskClient } from './harness';
import { storageOverride, type AnyStorageInstance } from './storageOverride';
import { isUnchangedMasterState, masterMarkerHash } from '../../../renderer/sync/itemState';
import { replicationIdentifierOf } from '../../../renderer/sync/replication';
import { documentsEqual } from '../../../shared/sync/conflicts';
import { uid } from '../../support/ids';

const env = useSyncServer();
const batch = { pushBatchSize: 500, liveCollections: [] as never[], storeKeptRecordsAfterMs: 60_000 };

/** What happened, in order: a push request sent (with its row ids), RxDB's write of a push's answers begun and done. */
type Event = { kind: 'push'; ids: string[] } | { kind: 'answers-written'; ids: string[] } | { kind: 'answers-writing' };

/** Records every push request the client sends; `onPush` may act on one before it goes out. */
class RecordingFetch extends CuttableFetch {
  readonly events: Event[] = [];
  onPush: ((ids: string[]) => Promise<void> | void) | null = null;
  constructor() {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/registrations/push') && typeof init?.body === 'string') {
        const ids = (JSON.parse(init.body) as { newDocumentState: { id: string } }[]).map((r) => r.newDocumentState.id);
        if (!this.offline) this.events.push({ kind: 'push', ids });
        await this.onPush?.(ids);
      }
      return inner(input, init);
    };
  }
  /** Ids of every row pushed, in order (a row sent twice counts twice). */
  pushedIds(): string[] {
    return this.events.flatMap((e) => (e.kind === 'push' ? e.ids : []));
  }
}

/**
 * The registrations storage with RxDB's writes of push answers (`replication-up-write-conflict`)
 * recorded in `events`. `holdFirst`, when given, delays the first such write until it resolves: a
 * write as slow as IndexedDB's in Chromium, where the rows sent ahead leave while it runs.
 */
function recordAnswerWrites(events: Event[], holdFirst?: () => Promise<void>) {
  let first = true;
  return storageOverride(
    (p) => p.collectionName === 'registrations',
    (instance: AnyStorageInstance) => {
      // the instance's own write, taken now: RxDB's plugins later wrap the method they find on the instance (this one)
      const write = instance.bulkWrite.bind(instance);
      return {
        bulkWrite: async (rows: { document: { id: string } }[], context: string) => {
          if (context !== 'replication-up-write-conflict') return write(rows as never, context);
          events.push({ kind: 'answers-writing' });
          if (first && holdFirst) await holdFirst();
          first = false;
          const result = await write(rows as never, context);
          events.push({ kind: 'answers-written', ids: rows.map((r) => r.document.id) });
          return result;
        },
      };
    },
  );
}

/**
 * Waits until a push of rows other than `firstBatch` was sent, or 3 s: the first write of answers
 * takes that long at most, so rows sent ahead leave during it and no others do.
 */
function untilPushBeyond(net: RecordingFetch): () => Promise<void> {
  return async () => {
    const firstPush = net.events.find((e) => e.kind === 'push') as { ids: string[] };
    const firstBatch = new Set(firstPush.ids);
    for (let waited = 0; waited < 3000; waited += 20) {
      if (net.events.some((e) => e.kind === 'push' && e.ids.some((id) => !firstBatch.has(id)))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
}

/**
 * Opens a fresh client of `email` with the network down from the start, so its replication starts
 * only once the server answers (the first pull of an empty collection waits for it): the backlog
 * written meanwhile is what RxDB's first pass over the stored changes finds, as after a start with
 * an offline backlog.
 */
async function openOffline(pushAhead: boolean, net: RecordingFetch, email = 'studio@demo.test', hold = true): Promise<DeskClient> {
  net.offline = true;
  return env.client(email, ['registrations'], { name: uid('push-ahead-db'), net, wrapStorage: recordAnswerWrites(net.events, hold ? untilPushBeyond(net) : undefined), sync: { ...batch, pushAhead } });
}

function backlog(n: number, over: (i: number) => Record<string, unknown> = () => ({})) {
  return registrationBacklog(n, 'ahead', 340_000_000_000, 'org-demo-studio', over);
}

/** Writes `docs` while the network is down, then lets `c` push them and waits until it settled. */
async function pushBacklog(c: DeskClient, net: RecordingFetch, docs: Record<string, unknown>[]): Promise<void> {
  await c.db.collections.registrations!.bulkInsert(docs);
  net.offline = false;
  c.sync.retryNow();
  await settled(c);
}

async function settled(c: DeskClient): Promise<void> {
  await c.sync.awaitInSync();
  await new Promise((r) => setTimeout(r, 500));
  await c.sync.awaitInSync();
}

/** Every local registration of `ids` equals the server's and (`marked`) carries the replication's "came from the master" marker. */
async function expectAsOnServer(c: DeskClient, ids: string[], marked = true): Promise<void> {
  const token = (await c.secrets.read('token'))!;
  const server = new Map((await serverDocs(env.server.url, token, 'registrations')).map((d) => [d.id as string, d]));
  const hash = await masterMarkerHash(c.db, replicationIdentifierOf('registrations', env.server.url));
  const local = await c.db.collections.registrations!.storageInstance.findDocumentsById(ids, false);
  expect(local).toHaveLength(ids.length);
  const differing = local.filter((d) => !documentsEqual(withoutRxFields(d as never), withoutRxFields(server.get((d as { id: string }).id) as never)));
  expect(differing.map((d) => (d as { id: string }).id), 'local documents that differ from the server').toEqual([]);
  if (!marked) return;
  const unmarked = local.filter((d) => !isUnchangedMasterState(d as never, hash));
  expect(unmarked.map((d) => (d as { id: string }).id), 'documents not marked as the server state').toEqual([]);
}

describe('an offline backlog pushed in several batches', () => {
  it('sends the next batches while RxDB writes the first batch\'s answers, each row once; the documents end as the server stored them', async () => {
    const net = new RecordingFetch();
    const c = await openOffline(true, net);
    const docs = backlog(1500);
    const ids = docs.map((d) => d.id as string);
    await pushBacklog(c, net, docs);

    const pushed = net.pushedIds();
    expect(pushed.filter((id) => ids.includes(id)).sort(), 'every row of the backlog sent exactly once').toEqual([...ids].sort());
    // the order of events: the first batch sent, then the rest sent before its answers were written
    const firstWrite = net.events.findIndex((e) => e.kind === 'answers-written');
    expect(firstWrite, 'RxDB wrote answers').toBeGreaterThan(0);
    const firstBatch = (net.events[firstWrite] as { ids: string[] }).ids;
    expect(firstBatch).toHaveLength(500);
    const sentBeforeFirstWriteDone = net.events.slice(0, firstWrite).flatMap((e) => (e.kind === 'push' ? e.ids : []));
    expect(sentBeforeFirstWriteDone.length, 'rows sent before the first batch\'s answers were written').toBe(1500);
    // after that write RxDB asked for the other 1,000 and got the answers without a request
    expect(net.events.slice(firstWrite).some((e) => e.kind === 'push' && e.ids.some((id) => ids.includes(id))), 'a backlog row sent after the first write').toBe(false);
    await expectAsOnServer(c, ids);
  });

  it('without sending ahead (pushAhead: false) each batch goes only after the answers before it were written', async () => {
    const net = new RecordingFetch();
    const c = await openOffline(false, net);
    const docs = backlog(1500);
    const ids = docs.map((d) => d.id as string);
    await pushBacklog(c, net, docs);
    const firstWrite = net.events.findIndex((e) => e.kind === 'answers-written');
    expect(net.events.slice(0, firstWrite).flatMap((e) => (e.kind === 'push' ? e.ids : []))).toHaveLength(500);
    expect(net.pushedIds().filter((id) => ids.includes(id))).toHaveLength(1500);
    await expectAsOnServer(c, ids);
  });

  it('a document changed after it was sent ahead still gets its change to the server', async () => {
    const net = new RecordingFetch();
    const c = await openOffline(true, net);
    // the one changed is still incomplete when sent ahead (no dealer): the server keeps it editable
    // and the conflict rule keeps the local change (a complete one gets points and is locked)
    const docs = backlog(1500, (i) => (i === 1200 ? { dealerName: '' } : {}));
    const ids = docs.map((d) => d.id as string);
    const changed = ids[1200]!;
    await c.db.collections.registrations!.bulkInsert(docs);
    let edited = false;
    net.onPush = async (sent) => {
      // the push that carries it ahead of RxDB: change it locally while that push is out
      if (edited || !sent.includes(changed) || net.events.some((e) => e.kind === 'answers-written')) return;
      edited = true;
      await c.db.collections.registrations!.findOne(changed).update({ $set: { dealerName: 'Changed while sent ahead' } });
    };
    net.offline = false;
    c.sync.retryNow();
    await settled(c);
    expect(edited, 'the document was sent ahead of RxDB and changed meanwhile').toBe(true);
    await eventually('the change on the server', async () => {
      const token = (await c.secrets.read('token'))!;
      return (await serverDocs(env.server.url, token, 'registrations')).find((d) => d.id === changed)?.dealerName === 'Changed while sent ahead';
    }, 10_000);
    await settled(c);
    expect((await c.db.collections.registrations!.findOne(changed).exec())?.get('dealerName')).toBe('Changed while sent ahead');
    // the changed one was pushed as an edit at the end (an assumed master state): equal to the server, not marked
    await expectAsOnServer(c, ids.filter((id) => id !== changed));
    await expectAsOnServer(c, [changed], false);
  });

  it('a row sent ahead that the server refuses for good is recorded once and blocks none of the others', async () => {
    const net = new RecordingFetch();
    // dealer2's organisation, created and synced by another client first
    const setup = await env.client('dealer2@demo.test', ['organisations'], { name: uid('push-ahead-org') });
    await setup.sync.awaitInitialReplication();
    const own = uid('org-dealer2');
    await setup.db.collections.organisations!.insert(organisation(own, 'dealer-demo-2'));
    await setup.sync.awaitInSync();
    const c = await openOffline(true, net, 'dealer2@demo.test', false);
    const token = (await c.secrets.read('token'))!;
    // one registration, in the part sent ahead, names another dealer's organisation: refused for good (403)
    const docs = registrationBacklog(1500, 'ahead-refused', 350_000_000_000, own, (i) => (i === 1100 ? { organisationId: 'org-demo-studio' } : {}));
    const bad = docs[1100]!.id as string;
    await c.db.collections.registrations!.bulkInsert(docs);
    net.offline = false;
    c.sync.retryNow();
    await eventually('the refusal recorded', async () => c.sync.status.refusedDocuments === 1, 20_000);
    await settled(c);
    expect(c.sync.status.refusedDocuments).toBe(1);
    const stored = new Set((await serverDocs(env.server.url, token, 'registrations')).map((d) => d.id as string));
    const good = docs.map((d) => d.id as string).filter((id) => id !== bad);
    expect(good.filter((id) => !stored.has(id)), 'good rows missing on the server').toEqual([]);
    expect(stored.has(bad)).toBe(false);
    await expectAsOnServer(c, good);
  });

  it('a push sent ahead while the network drops waits and goes again: nothing lost', async () => {
    const net = new RecordingFetch();
    const c = await openOffline(true, net);
    const docs = backlog(1500);
    const ids = docs.map((d) => d.id as string);
    await c.db.collections.registrations!.bulkInsert(docs);
    let cut = false;
    net.onPush = (sent) => {
      // the first push after the first batch's: the one sent ahead; the network drops as it leaves
      if (cut || sent.includes(ids[0]!) || !sent.some((id) => ids.indexOf(id) >= 500)) return;
      cut = true;
      net.offline = true;
      throw new TypeError('fetch failed (test: network cut)');
    };
    net.offline = false;
    c.sync.retryNow();
    await eventually('the push sent ahead was cut', async () => cut, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    net.offline = false;
    c.sync.retryNow();
    await settled(c);
    const token = (await c.secrets.read('token'))!;
    const stored = (await serverDocs(env.server.url, token, 'registrations')).filter((d) => ids.includes(d.id as string));
    expect(stored).toHaveLength(1500);
    await expectAsOnServer(c, ids);
  });
});
