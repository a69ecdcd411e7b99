import { describe, expect, it } from 'vitest';
import { CuttableFetch, CuttableStreams, eventually, organisation, registration, serverDocs, useSyncServer, withoutRxFields } from './harness';
import { documentsEqual } from '../../../shared/sync/conflicts';

/**
 * The chaos test's "registrations <id> equal to the server's" with the client left at the
 * document's first server version while the server had later edits: a pull the server answered
 * before a push of the same document was stored, persisted by the client after it took that
 * push's answer.
 *
 * RxDB 17.6's downstream writes a pulled document whenever the local one equals its recorded
 * master state, whatever the versions' ages; a pull already running does not wait for a push
 * (docs/sync.md, "Push answers"). So the older version went back over the newer one the push
 * answer had brought: the user's edit looked undone, and the pull's echo filter then left the
 * newer version out as the push answer's echo (renderer/sync/olderVersions.ts).
 *
 * The order is forced from outside, through the client's fetch: the pull stream is cut and held
 * off (the pushed insert is not pulled), a RESYNC pull is answered by the server with the first
 * version and that answer held, the edit is pushed and its answer taken, and only then the held
 * pull answer is given to the client.
 */
const env = useSyncServer();

/** A latch: `wait()` resolves once `open()` was called. */
function latch() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { open, wait: () => p };
}

/** The client's fetch with holds on pull streams and on pull answers, and a cut for open streams. */
class Choreography extends CuttableFetch {
  holdStreams = false;
  holdPullAnswers = false;
  streamsGo = latch();
  pullAnswersGo = latch();
  pullAnswered = latch();
  private readonly streams = new CuttableStreams();
  constructor() {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
      if (this.holdStreams && path.endsWith('/pull-stream')) await this.streamsGo.wait();
      const held = this.holdPullAnswers && path.endsWith('/pull');
      const res = await inner(input, init);
      if (held) {
        // the server has answered (its read is done); the client gets the answer only later
        const body = await res.text();
        this.pullAnswered.open();
        await this.pullAnswersGo.wait();
        return new Response(body, { status: res.status, headers: res.headers });
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

const settle = () => new Promise((r) => setTimeout(r, 500));

describe('a pull answered before a push was stored, persisted after its answer', () => {
  for (const collection of ['organisations', 'registrations'] as const) {
    it(`never puts the older ${collection} version back over the pushed one`, async () => {
      const net = new Choreography();
      const c = await env.client('dealer@demo.test', ['organisations', 'registrations'], { net });
      await c.sync.awaitInitialReplication();
      const stamp = `${process.pid}-${Date.now()}`;
      const orgId = `stale-pull-org-${collection}-${stamp}`;
      const regId = `stale-pull-reg-${stamp}`;
      const docs = c.db.collections[collection]!;
      const id = collection === 'organisations' ? orgId : regId;
      const local = async () => strip((await docs.findOne(id).exec())?.toJSON() as Record<string, unknown>);
      if (collection === 'registrations') {
        await c.db.collections.organisations!.insert(organisation(orgId, 'dealer-demo-1', { city: 'Leiden' }));
        await c.sync.awaitInSync();
      }

      // 1. The pull stream breaks and stays away, so what is pushed now is not pulled.
      net.holdStreams = true;
      net.cutStreams();
      await settle();
      if (collection === 'organisations') await docs.insert(organisation(orgId, 'dealer-demo-1', { city: 'Leiden' }));
      // Incomplete (no purchase date): its dealer name stays editable.
      else await docs.insert(registration(regId, orgId, String(Date.now()).slice(-12).padStart(12, '7'), { purchaseDate: null }));
      await eventually('the client took the answer to the first push', async () => documentsEqual(await local(), strip(await serverDoc(collection, id))));
      const first = (await local())!;

      // 2. A RESYNC pull: the server answers it with the first version; the client does not get it yet.
      net.holdPullAnswers = true;
      c.sync.retryNow();
      await net.pullAnswered.wait();
      net.holdPullAnswers = false;

      // 3. An edit; its push is stored and answered, and the client takes the answer.
      await (await docs.findOne(id).exec())!.incrementalPatch(collection === 'organisations' ? { city: 'Delft' } : { dealerName: 'Foto Delft' });
      await eventually('the client took the answer to the edit', async () => {
        const s = strip(await serverDoc(collection, id));
        return s?.updatedAt !== first.updatedAt && documentsEqual(await local(), s);
      });
      const pushed = (await local())!;

      // 4. Now the held pull answer arrives, with the first version.
      net.pullAnswersGo.open();
      await settle();
      await c.sync.awaitInSync();
      expect(await local(), 'the client keeps the version its push was answered with').toEqual(pushed);

      // 5. The stream comes back; everyone ends with the server's document.
      net.holdStreams = false;
      net.streamsGo.open();
      c.sync.retryNow();
      await c.sync.awaitInSync();
      await settle();
      await c.sync.awaitInSync();
      const onServer = strip(await serverDoc(collection, id));
      expect(onServer?.[collection === 'organisations' ? 'city' : 'dealerName']).toBe(collection === 'organisations' ? 'Delft' : 'Foto Delft');
      expect(await local(), 'the client ends with the server’s document').toEqual(onServer);
      expect(c.sync.status.pendingLocalChanges).toBe(0);
    });
  }
});
