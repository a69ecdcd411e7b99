import { describe, expect, it } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxDatabase } from 'rxdb';
import { createDeskDatabase } from '../../../renderer/db/database';
import { startSync } from '../../../renderer/sync/replication';
import { conflictHandlers } from '../../../shared/sync/conflicts';
import { CuttableFetch, MemorySecretStore, eventually, openClient, registration, serverDocs, statusUntil, useSyncServer } from './harness';
import { uniqueSerial } from '../../support/ids';

// Real server (PGlite, or PostgreSQL with DATABASE_URL) on loopback; clients on RxDB + fake-indexeddb.
const env = useSyncServer();
const org = 'org-demo-studio'; // seeded, validated, served by dealer@demo.test
const serial = uniqueSerial;


/**
 * A fetch for the client that can hold back the end of pull streams: while `holding`, a pull
 * stream's response body that the server ends (or that fails) is delivered to the client only on
 * `release()`. So a test decides when the client learns that a stream ended, whatever the load.
 */
function streamEndHold(net: CuttableFetch) {
  let open!: () => void;
  let gate: Promise<void> = Promise.resolve();
  let heldOne!: () => void;
  const held = new Promise<void>((r) => (heldOne = r));
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const res = await net.fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/pull-stream') || !res.body) return res;
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          heldOne();
          await gate;
          return ctrl.error(e);
        }
        if (!chunk.done) return ctrl.enqueue(chunk.value);
        heldOne();
        await gate;
        ctrl.close();
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return {
    fetch,
    /** From now on, stream ends wait for `release()`. */
    hold() {
      gate = new Promise((r) => (open = r));
    },
    /** Resolves once a stream's end is being held. */
    held,
    release: () => open?.(),
  };
}

async function client(email: string, opts: Parameters<typeof openClient>[3] = {}, collections: Parameters<typeof openClient>[2] = ['organisations', 'registrations']) {
  return env.client(email, collections, opts);
}

describe('sync client against the program server', () => {
  it('runs on the desk database factory (renderer/db) and installs the conflict rules itself', async () => {
    const db = await createDeskDatabase({ name: `desk-${process.pid}-${Date.now()}`, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }), devMode: false, multiInstance: false });
    const secrets = new MemorySecretStore();
    await secrets.store('sync-token', (await env.server.login('studio@demo.test')).token);
    const sync = startSync({ db: db as unknown as RxDatabase, serverUrl: env.server.url, getToken: () => secrets.read('sync-token'), backoff: { baseMs: 50, maxMs: 500 } });
    try {
      await sync.awaitInitialReplication();
      expect(sync.status.leader).toBe(true);
      expect(db.registrations.conflictHandler).toBe(conflictHandlers.registrations);
      expect(await db.organisations.findOne(org).exec()).not.toBeNull();
      expect(await db.productModels.count().exec()).toBeGreaterThan(10);
      expect(await db.programTiers.count().exec()).toBe(6);
    } finally {
      await sync.stop();
      await db.close();
    }
  });

  it('keeps working offline and pushes the queued writes on reconnect', async () => {
    const c = await client('dealer@demo.test');
    await c.sync.awaitInitialReplication();
    expect(await c.db.collections.organisations!.findOne(org).exec()).not.toBeNull();

    c.net.offline = true;
    const ids = ['off-1', 'off-2', 'off-3'].map((s) => `${s}-${process.pid}-${Date.now()}`);
    for (const id of ids) await c.db.collections.registrations!.insert(registration(id, org, serial()));
    await statusUntil(c, (s) => s.connection === 'offline' && s.pendingLocalChanges === 3);
    expect(c.sync.status.collections.registrations!.lastError?.kind).toBe('network');
    const item = await firstValueFrom(c.sync.itemState$('registrations', ids[0]!).pipe(filter(Boolean)));
    expect(item.state).toBe('queued');

    c.net.offline = false; // the probe finds the server by itself (no retryNow)
    await statusUntil(c, (s) => s.connection === 'online' && s.pendingLocalChanges === 0, 15_000);
    const token = (await c.secrets.read('token'))!;
    const onServer = await serverDocs(env.server.url, token, 'registrations');
    for (const id of ids) expect(onServer.find((d) => d.id === id)).toMatchObject({ status: 'points-assigned', points: 900 });
    // the server's decision came back: confirmed, with points
    const local = await c.db.collections.registrations!.findOne(ids[0]!).exec();
    expect(local!.toJSON()).toMatchObject({ status: 'points-assigned', points: 900 });
    const confirmed = await firstValueFrom(c.sync.itemState$('registrations', ids[0]!).pipe(filter((s) => s?.state === 'confirmed'), timeout(5000)));
    expect(confirmed!.state).toBe('confirmed');
  });

  it('resumes from the stored checkpoint after a restart without pulling everything again', async () => {
    const name = `restart-${process.pid}-${Date.now()}`;
    const first = await client('dealer@demo.test', { name }, ['organisations', 'registrations', 'productModels']);
    await first.sync.awaitInitialReplication();
    const models = await first.db.collections.productModels!.count().exec();
    expect(models).toBeGreaterThan(10);
    await first.close();

    // a change made on the server while the client is closed (by another client of the dealer)
    const other = await client('dealer@demo.test');
    const changedId = `while-closed-${process.pid}-${Date.now()}`;
    await other.sync.awaitInitialReplication();
    await other.db.collections.registrations!.insert(registration(changedId, org, serial()));
    await other.sync.awaitInSync();

    const net = new CuttableFetch();
    const again = await client('dealer@demo.test', { name, net }, ['organisations', 'registrations', 'productModels']);
    let received = 0;
    await again.sync.awaitInitialReplication();
    for (const r of Object.values(again.sync.replications)) r!.received$.subscribe(() => received++);
    await eventually('the change made while closed', () => again.db.collections.registrations!.findOne(changedId).exec());
    // one pull per collection from its checkpoint (the stream's opening RESYNC may add one more), never a page per 1,000 models
    expect(net.count('/sync/productModels/pull')).toBeLessThanOrEqual(2);
    expect(net.count('/sync/registrations/pull')).toBeLessThanOrEqual(3);
    expect(await again.db.collections.productModels!.count().exec()).toBe(models);
    expect(received).toBeLessThanOrEqual(1);
  });

  it('pauses on an expired token, keeps queueing, and resumes with the queue intact after signing in again', async () => {
    const net = new CuttableFetch();
    const streams = streamEndHold(net);
    const c = await client('dealer@demo.test', { net, sync: { fetch: streams.fetch } });
    await c.sync.awaitInitialReplication();
    await statusUntil(c, (s) => s.collections.registrations!.streaming);
    // The server ends the open pull streams once it sees the token revoked (its heartbeat re-checks
    // it); the client learns of that only on release, after the push's 401 — the order a loaded
    // machine produced now and then, made certain.
    streams.hold();
    try {
      const token = (await c.secrets.read('token'))!;
      const out = await fetch(`${env.server.url}/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      expect(out.status).toBe(204);

      const ids = ['tok-1', 'tok-2'].map((s) => `${s}-${process.pid}-${Date.now()}`);
      await c.db.collections.registrations!.insert(registration(ids[0]!, org, serial()));
      await statusUntil(c, (s) => s.connection === 'unauthorized');
      expect(c.unauthorizedCalls).toBe(1);
      expect(c.sync.status.collections.registrations!.lastError?.message).toMatch(/Sign in again/);

      // The stream's end (a network failure to the client) reaches it now: "Sign in again" stays.
      await streams.held;
      streams.release();
      await c.db.collections.registrations!.insert(registration(ids[1]!, org, serial()));
      await new Promise((r) => setTimeout(r, 300));
      expect(c.sync.status.connection).toBe('unauthorized');
      expect(c.sync.status.collections.registrations!.lastError).toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/Sign in again/) });
      expect(c.unauthorizedCalls).toBe(1);
      expect(c.sync.status.pendingLocalChanges).toBe(2);

      // sign in again: the UI stores the new token and tells sync
      const fresh = await env.server.login('dealer@demo.test');
      await c.secrets.store('token', fresh.token);
      c.sync.signedIn();
      await statusUntil(c, (s) => s.connection === 'online' && s.pendingLocalChanges === 0, 15_000);
      const onServer = await serverDocs(env.server.url, fresh.token, 'registrations');
      for (const id of ids) expect(onServer.some((d) => d.id === id)).toBe(true);
    } finally {
      streams.release();
    }
  });

  it('shows a back-office validation on an open client within 2 s', async () => {
    const c = await client('dealer@demo.test', {}, ['organisations', 'evidenceDocuments']);
    await c.sync.awaitInitialReplication();
    await statusUntil(c, (s) => s.collections.organisations!.streaming);
    const id = `live-${process.pid}-${Date.now()}`;
    const now = new Date().toISOString();
    await c.db.collections.organisations!.insert({
      id, name: 'Live Studio B.V.', legalForm: 'B.V.', street: 'Markt', houseNumber: '2', postcode: '3511 AA', city: 'Utrecht', country: 'NL',
      vatNumber: '', chamberNumber: '', email: 'live@example.test', legacyEmail: null, dealerId: 'dealer-demo-1', status: 'pending-validation',
      statusReason: null, createdAt: now, updatedAt: now,
    });
    await c.db.collections.evidenceDocuments!.insert({ id: `ev-${id}`, organisationId: id, kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf', updatedAt: now });
    await eventually('the organisation pending validation on the client', async () => (await c.db.collections.organisations!.findOne(id).exec())?.get('status') === 'pending-validation' && c.sync.status.pendingLocalChanges === 0);

    const office = await env.server.login('office@demo.test');
    const t0 = Date.now();
    const res = await fetch(`${env.server.url}/admin/organisations/${id}/validate`, { method: 'POST', headers: { Authorization: `Bearer ${office.token}` } });
    expect(res.status).toBe(200);
    await eventually('validated on the client', async () => (await c.db.collections.organisations!.findOne(id).exec())?.get('status') === 'validated', 2_000);
    const ms = Date.now() - t0;
    console.log(`back-office validation reached the client in ${ms} ms`);
    expect(ms).toBeLessThan(2_000);
  });
});
