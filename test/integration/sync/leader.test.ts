import { describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, type RxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { collectionSchemas } from '../../../shared/schemas';
import { conflictHandlers } from '../../../shared/sync/conflicts';
import { startSync, type SyncController } from '../../../renderer/sync/replication';
import { CuttableFetch, eventually, registration, serverDocs, useSyncServer } from './harness';

// Two "windows" on one local database (same name, multiInstance: changes and leadership travel
// over BroadcastChannel, as between Electron windows). Dev-mode is needed for a second instance
// of the same database in one JS process (`ignoreDuplicate`).
disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const env = useSyncServer();

async function windowDb(name: string): Promise<RxDatabase> {
  const db = await createRxDatabase({
    name,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) }),
    multiInstance: true,
    ignoreDuplicate: true,
  });
  await db.addCollections({ registrations: { ...collectionSchemas.registrations, conflictHandler: conflictHandlers.registrations } } as never);
  return db;
}

describe('multi-window', () => {
  it('only the leader window replicates; the other sees its changes live and takes over when the leader closes', { timeout: 60_000 }, async () => {
    const name = `windows-${process.pid}-${Date.now()}`;
    const token = (await env.server.login('dealer@demo.test')).token;
    const nets = [new CuttableFetch(), new CuttableFetch()];
    const dbs = [await windowDb(name), await windowDb(name)];
    const syncs: SyncController[] = dbs.map((db, i) =>
      startSync({ db, serverUrl: env.server.url, getToken: () => token, collections: ['registrations'], fetch: nets[i]!.fetch, backoff: { baseMs: 50, maxMs: 500 } }),
    );
    try {
      await eventually('a leader', async () => syncs.some((s) => s.status.leader));
      await new Promise((r) => setTimeout(r, 500));
      const leader = syncs.findIndex((s) => s.status.leader);
      const follower = 1 - leader;
      expect(syncs[follower]!.status.leader).toBe(false);
      expect(nets[follower]!.counts.size).toBe(0); // the follower never talked to the server

      // a write in the follower window is pushed by the leader
      const id = `win-${process.pid}-${Date.now()}`;
      await dbs[follower]!.collections.registrations!.insert(registration(id, 'org-demo-studio', String(770000000000 + (process.pid % 100000))));
      await eventually('pushed by the leader', async () => (await serverDocs(env.server.url, token, 'registrations')).some((d) => d.id === id));
      // and the server's decision shows up in the follower window
      await eventually('decision visible in the follower', async () => (await dbs[follower]!.collections.registrations!.findOne(id).exec())?.get('status') === 'points-assigned');
      expect(nets[follower]!.counts.size).toBe(0);

      // the leader window closes: the other one takes over
      await syncs[leader]!.stop();
      await dbs[leader]!.close();
      await eventually('the follower leads', async () => syncs[follower]!.status.leader, 20_000);
      await eventually('and replicates', async () => nets[follower]!.count('/sync/registrations/pull') > 0, 20_000);
    } finally {
      for (const s of syncs) await s.stop().catch(() => undefined);
      for (const db of dbs) if (!db.closed) await db.close();
    }
  });
});
