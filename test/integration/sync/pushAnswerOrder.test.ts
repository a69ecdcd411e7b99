import { describe, expect, it } from 'vitest';
import { CuttableFetch, CuttableStreams, eventually, organisation, registration, serverDocs, useSyncServer, withoutRxFields } from './harness';
import { documentsEqual } from '../../../shared/sync/conflicts';

/**
 * The chaos test's "organisations <id> equal to the server's" with only `updatedAt` differing: a
 * pull that started before a push, and is answered after the server stored that push.
 *
 * RxDB 17.6's downstream (replication-protocol/downstream.ts) skips a pulled document while the
 * local document has a write not yet acknowledged by a push answer, and its upstream then records
 * the pushed state as the server's. Pull-stream events and RESYNCs wait for a running push, but a
 * pull already running does not (e.g. one retrying while the server restarts). So when that pull
 * returns the pushed write under its new `updatedAt` and the push is then answered "no conflict",
 * the client keeps its older `updatedAt` for good: its checkpoint is past the write, and a pull
 * stream opened afterwards starts after it too. The server therefore answers every row it stored
 * (and every retry of a stored row) with the stored document unless it equals what was sent,
 * `updatedAt` included.
 *
 * The order is forced from outside, through the client's fetch: the pull stream is cut and held
 * off, a RESYNC pull is held until the push is stored, and the push answer is held until that
 * pull was answered.
 */
const env = useSyncServer();

/** A latch: `wait()` resolves once `open()` was called. */
function latch() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { open, wait: () => p };
}

/** The client's fetch with holds on pulls, pull streams and push answers, and a cut for open streams. */
class Choreography extends CuttableFetch {
  holdStreams = false;
  holdPulls = false;
  holdPushAnswers = false;
  streamsGo = latch();
  pullsGo = latch();
  pushAnswersGo = latch();
  pushStored = latch();
  pullAnswered = latch();
  private readonly streams = new CuttableStreams();
  constructor() {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
      if (this.holdStreams && path.endsWith('/pull-stream')) await this.streamsGo.wait();
      const pull = this.holdPulls && path.endsWith('/pull');
      if (pull) await this.pullsGo.wait();
      const res = await inner(input, init);
      if (pull) this.pullAnswered.open();
      if (this.holdPushAnswers && path.endsWith('/push')) {
        this.pushStored.open();
        await this.pushAnswersGo.wait();
      }
      return this.streams.wrap(path, res);
    };
  }
  /** Breaks every open pull stream (as a server restart does). */
  cutStreams(): void {
    this.streams.cut();
  }
}

async function serverDoc(collection: 'organisations' | 'registrations', id: string): Promise<Record<string, unknown> | undefined> {
  const token = (await env.server.login('office@demo.test')).token;
  return (await serverDocs(env.server.url, token, collection)).find((d) => d.id === id);
}

const strip = withoutRxFields;

describe('a pull running while a push is stored', () => {
  for (const collection of ['organisations', 'registrations'] as const) {
    it(`leaves the client with the server's ${collection} document, updatedAt included`, async () => {
      const net = new Choreography();
      const c = await env.client('dealer@demo.test', ['organisations', 'registrations'], { net });
      await c.sync.awaitInitialReplication();
      const stamp = `${process.pid}-${Date.now()}`;
      const orgId = `answer-order-org-${collection}-${stamp}`;
      await c.db.collections.organisations!.insert(organisation(orgId, 'dealer-demo-1', { city: 'Leiden' }));
      const regId = `answer-order-reg-${stamp}`;
      if (collection === 'registrations') {
        await c.sync.awaitInSync();
        // Incomplete (no purchase date): its dealer name stays editable.
        await c.db.collections.registrations!.insert(registration(regId, orgId, String(Date.now()).slice(-12).padStart(12, '7'), { purchaseDate: null }));
      }
      const id = collection === 'organisations' ? orgId : regId;
      const docs = c.db.collections[collection]!;
      const local = async () => strip((await docs.findOne(id).exec())?.toJSON() as Record<string, unknown>);
      await eventually('the client has the server’s first version', async () => documentsEqual(await local(), strip(await serverDoc(collection, id))));
      const before = String((await local())!.updatedAt);

      // 1. The pull stream breaks and stays away; a RESYNC pull starts and is held.
      net.holdStreams = true;
      net.holdPulls = true;
      net.cutStreams();
      c.sync.retryNow();
      await new Promise((r) => setTimeout(r, 300));
      // 2. A local edit of client-owned fields only; its push is stored, its answer held.
      net.holdPushAnswers = true;
      await (await docs.findOne(id).exec())!.incrementalPatch(collection === 'organisations' ? { city: 'Delft' } : { dealerName: 'Foto Delft' });
      await net.pushStored.wait();
      // 3. The held pull now returns the stored edit (new updatedAt) while the push is unanswered.
      net.pullsGo.open();
      await net.pullAnswered.wait();
      await new Promise((r) => setTimeout(r, 300));
      // 4. The push answer, then the pull stream (opened after the write: it starts after it).
      net.pushAnswersGo.open();
      await new Promise((r) => setTimeout(r, 300));
      net.streamsGo.open();
      net.holdPulls = net.holdPushAnswers = net.holdStreams = false;
      await c.sync.awaitInSync();
      await new Promise((r) => setTimeout(r, 500));
      await c.sync.awaitInSync();

      const onServer = strip(await serverDoc(collection, id));
      expect(onServer?.updatedAt, 'the edit was stored under a new updatedAt').not.toBe(before);
      expect(await local(), 'the client ends with the server’s document').toEqual(onServer);
      expect(c.sync.status.pendingLocalChanges).toBe(0);
    });
  }
});
