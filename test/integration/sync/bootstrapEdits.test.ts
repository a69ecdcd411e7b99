/**
 * A local edit made while the first pull of an empty collection runs (renderer/sync/bootstrap.ts),
 * on the real program server and the desk's database (RxDB + Dexie on fake-indexeddb), with the
 * whole sync running (startSync): the edit is kept locally, the pulled pages do not overwrite it,
 * it reaches the server, and the local document ends as the server's answer.
 *
 * The dealer has organisation drafts on the server (drafts keep the client's edits by the conflict
 * rule, shared/sync/conflicts.ts); a second device of the dealer starts with an empty database and
 * pulls three documents per page, so the bootstrap takes several pages. The edit is made at the
 * windows bootstrap.test.ts pauses the bootstrap at: just after the collection was found empty,
 * while the next page downloads, and with the edit's change event reaching nobody before the
 * bootstrap ended (RxDB announces a write after its IndexedDB transaction, which can queue behind
 * the bootstrap's).
 */
import { describe, expect, it } from 'vitest';
import { Observable } from 'rxjs';
import { CuttableFetch, eventually, organisation, serverDocs, useSyncServer, withoutRxFields, type DeskClient } from './harness';
import { storageOverride } from './storageOverride';
import { bootstrapContext } from '../../../renderer/sync/bootstrap';

const env = useSyncServer();
const email = 'dealer@demo.test';
const pageSize = 3;

/** A fetch that runs `beforePull(n)` before the n-th pull request of organisations (1-based) goes out. */
class PausingFetch extends CuttableFetch {
  pulls = 0;
  constructor(beforePull: (n: number) => Promise<void>) {
    super();
    const inner = this.fetch;
    (this as { fetch: typeof fetch }).fetch = async (input, init) => {
      const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
      if (path === '/sync/organisations/pull') await beforePull(++this.pulls);
      return inner(input, init);
    };
  }
}

/**
 * Stores `count` organisation drafts on the server (a push, as another device of the dealer sends
 * them) and returns their ids with the number of the bootstrap's page (1-based) holding each.
 */
async function draftsOnServer(tag: string, count: number): Promise<{ ids: string[]; pageOf(id: string): number; token: string }> {
  const { token } = await env.server.login(email);
  const ids = Array.from({ length: count }, (_, i) => `org-${tag}-${Date.now()}-${i}`);
  const rows = ids.map((id) => ({ assumedMasterState: null, newDocumentState: { ...organisation(id, 'dealer-demo-1'), _deleted: false } }));
  const res = await fetch(`${env.server.url}/sync/organisations/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) });
  expect(res.status).toBe(200);
  // the server's pull order, (updatedAt, id): the pages the bootstrap will fetch
  const order = (await serverDocs(env.server.url, token, 'organisations')).map((d) => d.id as string);
  for (const id of ids) expect(order).toContain(id);
  return { ids, token, pageOf: (id) => Math.floor(order.indexOf(id) / pageSize) + 1 };
}

/** Waits until `id` is stored locally (written by the bootstrap), then changes its city as the user does. */
async function editWhenStored(c: DeskClient, id: string, city: string): Promise<void> {
  await eventually(`${id} stored by the first pull`, async () => await c.db.organisations!.findOne(id).exec(), 10_000, 5);
  await (await c.db.organisations!.findOne(id).exec())!.incrementalPatch({ city });
}

/** Waits until the server holds `city` for `id` and the local document is the server's answer (nothing left to push). */
async function expectPushedAndAnswered(c: DeskClient, token: string, id: string, city: string): Promise<void> {
  const onServer = await eventually(
    `${id}'s edit on the server`,
    async () => (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id && d.city === city),
    20_000,
  );
  await eventually(
    `${id} as the server answered it`,
    async () => {
      const local = (await c.db.organisations!.findOne(id).exec())?.toJSON();
      return local?.updatedAt === onServer.updatedAt && c.sync.status.collections.organisations?.pendingLocalChanges === 0;
    },
    20_000,
  );
  const local = (await c.db.organisations!.findOne(id).exec())!.toMutableJSON() as Record<string, unknown>;
  expect(withoutRxFields(local)).toEqual(withoutRxFields(onServer));
}

describe('a local edit during the first pull of an empty collection', () => {
  it('is kept, pushed and answered when the user edits a pulled document while the next page downloads', async () => {
    const { ids, pageOf, token } = await draftsOnServer('while', 3 * pageSize);
    const edited = ids[0]!;
    const page = pageOf(edited);
    const box: { c?: DeskClient } = {};
    let edits = 0;
    const net = new PausingFetch(async (n) => {
      // the request for the page after the edited document's: that page is being written meanwhile
      if (n !== page + 1 || !box.c) return;
      await editWhenStored(box.c, edited, 'Amersfoort');
      edits++;
    });
    box.c = await env.client(email, ['organisations'], { net, sync: { pullBatchSize: pageSize } });
    await expectPushedAndAnswered(box.c, token, edited, 'Amersfoort');
    expect(edits).toBe(1);
    // the bootstrap ran over several pages after the edit (the window was real)
    expect(net.pulls).toBeGreaterThan(page + 1);
  }, 60_000);

  it('is kept, pushed and answered when the user saves and edits a document just after the collection was found empty', async () => {
    // Before the first page is answered: the bootstrap has found the collection empty and watches.
    const { token } = await draftsOnServer('first', 2 * pageSize);
    const id = `org-typed-${Date.now()}`;
    const box: { c?: DeskClient } = {};
    const net = new PausingFetch(async (n) => {
      if (n !== 1 || !box.c) return;
      await box.c.db.organisations!.insert(organisation(id, 'dealer-demo-1'));
      await editWhenStored(box.c, id, 'Houten');
    });
    box.c = await env.client(email, ['organisations'], { net, sync: { pullBatchSize: pageSize } });
    await expectPushedAndAnswered(box.c, token, id, 'Houten');
    expect(net.pulls).toBeGreaterThan(2);
  }, 60_000);

  it('is kept, pushed and answered when the edit is announced only after the first pull', async () => {
    // The edit is stored while the pages are written, but its change event comes only once the
    // bootstrap has stopped watching, and before RxDB's push side subscribes: neither of them sees
    // it, so the push side finds it only by searching the stored documents.
    const { ids, pageOf, token } = await draftsOnServer('late', 3 * pageSize);
    const edited = ids[0]!;
    const page = pageOf(edited);
    const hold = { on: false, held: 0 };
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    let streams = 0;
    const wrap = storageOverride(
      (p) => p.collectionName === 'organisations',
      (inner) => ({
        changeStream: (): Observable<unknown> => {
          streams++;
          // the second subscriber is RxDB's push side, after the bootstrap: the held event goes out
          // now, to the collection only (as a late event the push side subscribed too late for)
          if (streams > 1) {
            release();
            return inner.changeStream() as Observable<unknown>;
          }
          return new Observable((sub) =>
            (inner.changeStream() as Observable<{ context: string }>).subscribe({
              next: (bulk) => {
                if (!hold.on || bulk.context === bootstrapContext) return sub.next(bulk);
                hold.on = false;
                hold.held++;
                void released.then(() => sub.next(bulk));
              },
              error: (e: unknown) => sub.error(e),
              complete: () => sub.complete(),
            }),
          );
        },
      }),
    );
    const box: { c?: DeskClient } = {};
    const net = new PausingFetch(async (n) => {
      if (n !== page + 1 || !box.c) return;
      hold.on = true;
      await editWhenStored(box.c, edited, 'Zeist');
    });
    box.c = await env.client(email, ['organisations'], { net, wrapStorage: wrap, sync: { pullBatchSize: pageSize } });
    await eventually('the edit held until the push side subscribed', () => hold.held === 1 && streams > 1, 20_000);
    expect(net.pulls).toBeGreaterThan(page + 1);
    await expectPushedAndAnswered(box.c, token, edited, 'Zeist');
  }, 60_000);
});

describe('the first local edit of a document the first pull wrote', () => {
  it('keeps a change another device made meanwhile to another field (the rule merges field by field, as after a normal pull)', async () => {
    // The bootstrap records no server state per document (docs/sync.md, "Fast first pull"): without
    // one, the first edit went out with no assumed master state and the rule kept every local
    // field, so the other device's rename was undone.
    const { ids, token } = await draftsOnServer('base', 2);
    const id = ids[1]!;
    // no pull stream: the other device's rename is not pulled here before the edit
    const c = await env.client(email, ['organisations'], { sync: { liveCollections: [], pullBatchSize: pageSize } });
    await c.sync.awaitInitialReplication();
    expect((await c.db.organisations!.findOne(id).exec())?.get('name')).toBe(`Studio ${id}`);
    const master = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id)!;
    const renamed = await fetch(`${env.server.url}/sync/organisations/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ assumedMasterState: master, newDocumentState: { ...master, name: 'Renamed elsewhere', _deleted: false } }]),
    });
    expect(renamed.status).toBe(200);
    await (await c.db.organisations!.findOne(id).exec())!.incrementalPatch({ city: 'Zeist' });
    await expectPushedAndAnswered(c, token, id, 'Zeist');
    const onServer = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id)!;
    expect(onServer.name).toBe('Renamed elsewhere');
    expect((await c.db.organisations!.findOne(id).exec())?.get('name')).toBe('Renamed elsewhere');
  }, 60_000);

  it('pushes the first edit of an evidence document the first pull wrote (a collection with attachments: the record carries the local ones)', async () => {
    const { ids, token } = await draftsOnServer('ev', 1);
    const evId = `ev-base-${Date.now()}`;
    const evidence = { id: evId, organisationId: ids[0]!, kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf', updatedAt: new Date().toISOString(), _deleted: false };
    const stored = await fetch(`${env.server.url}/sync/evidenceDocuments/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ assumedMasterState: null, newDocumentState: evidence }]),
    });
    expect(stored.status).toBe(200);
    const c = await env.client(email, ['organisations', 'evidenceDocuments'], { sync: { liveCollections: [], uploads: false } });
    await c.sync.awaitInitialReplication();
    await (await c.db.evidenceDocuments!.findOne(evId).exec())!.incrementalPatch({ fileName: 'kvk-2026.pdf' });
    const onServer = await eventually('the edit on the server', async () => (await serverDocs(env.server.url, token, 'evidenceDocuments')).find((d) => d.id === evId && d.fileName === 'kvk-2026.pdf'), 20_000);
    await eventually('answered', async () => (await c.db.evidenceDocuments!.findOne(evId).exec())?.get('updatedAt') === onServer.updatedAt && c.sync.status.collections.evidenceDocuments?.pendingLocalChanges === 0, 20_000);
  }, 60_000);
});
