import { describe, expect, it } from 'vitest';
import { getChangedDocumentsSince } from 'rxdb';
import { eventually, organisation, serverDocs, useSyncServer } from './harness';
import { storageOverride } from './storageOverride';

/**
 * The upstream race of rxdb 17.6 that the chaos test caught (renderer/sync/outdatedRows.ts): after
 * a RESYNC, RxDB's upstream can read a document's OLD local state, then the downstream writes the
 * server's newer state (document and assumed master), then the upstream pairs the old state with the
 * new assumed master and pushes it: another user's accepted edit is undone on the server.
 *
 * Timing cannot be forced from outside RxDB, so this test makes the upstream's read return the old
 * state deterministically: client B's storage hands the upstream a stored copy of the document as it
 * was before A's edit, exactly what the race produces. B never edited the document.
 */
const env = useSyncServer();


/** Wraps a storage so the next `getChangedDocumentsSince` of `collection` also returns `inject` (an old stored document). */
function staleReadStorage(collection: string) {
  const hook = { inject: null as Record<string, unknown> | null, consumed: 0 };
  const wrap = storageOverride(
    (params) => params.collectionName === collection,
    (instance) => ({
      getChangedDocumentsSince: async (limit: number, checkpoint?: unknown) => {
        const res = await getChangedDocumentsSince(instance, limit, checkpoint as never);
        const doc = hook.inject;
        if (!doc) return res;
        hook.inject = null;
        hook.consumed++;
        const others = res.documents.filter((d) => (d as unknown as { id: string }).id !== doc.id);
        return { documents: [...others, doc as never], checkpoint: res.checkpoint ?? checkpoint };
      },
    }),
  );
  return { hook, wrap };
}

describe('an outdated local state is never pushed over a newer server state', () => {
  it("client B's stale read of another user's edit does not undo it on the server", async () => {
    const { hook, wrap } = staleReadStorage('organisations');
    const a = await env.client('dealer@demo.test', ['organisations']);
    const b = await env.client('dealer@demo.test', ['organisations'], { wrapStorage: wrap });
    await Promise.all([a.sync.awaitInitialReplication(), b.sync.awaitInitialReplication()]);

    const id = `outdated-${process.pid}-${Date.now()}`;
    await a.db.collections.organisations!.insert(organisation(id, 'dealer-demo-1', { city: 'Leiden' }));
    await a.sync.awaitInSync();
    const bOrgs = b.db.collections.organisations!;
    await eventually('B has the organisation', async () => (await bOrgs.findOne(id).exec())?.get('city') === 'Leiden');
    await b.sync.awaitInSync();
    // B's stored document (with RxDB's _rev/_meta) as it is before A's edit: what the race hands the upstream.
    const [old] = await bOrgs.storageInstance.findDocumentsById([id], true);
    expect(old).toBeDefined();

    await (await a.db.collections.organisations!.findOne(id).exec())!.incrementalPatch({ city: 'Delft' });
    await a.sync.awaitInSync();
    await eventually('B has A’s edit', async () => (await bOrgs.findOne(id).exec())?.get('city') === 'Delft');
    await b.sync.awaitInSync();

    const pushesBefore = b.net.count('/sync/organisations/push');
    hook.inject = old as unknown as Record<string, unknown>;
    b.sync.retryNow(); // RESYNC: RxDB's upstream re-reads the local changes since its checkpoint
    await eventually('the upstream read the old state', async () => hook.consumed === 1);
    await b.sync.awaitInSync();
    await new Promise((r) => setTimeout(r, 300));
    await b.sync.awaitInSync();

    const token = (await env.server.login('office@demo.test')).token;
    const onServer = (await serverDocs(env.server.url, token, 'organisations')).find((d) => d.id === id);
    expect(onServer?.city, 'the server keeps A’s edit').toBe('Delft');
    expect((await bOrgs.findOne(id).exec())?.get('city'), 'B keeps the server’s state').toBe('Delft');
    expect(b.net.count('/sync/organisations/push') - pushesBefore, 'B pushed nothing').toBe(0);
    expect(b.sync.status.pendingLocalChanges).toBe(0);
  });
});
