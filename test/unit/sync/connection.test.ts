import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, filter } from 'rxjs';
import { SyncConnection } from '../../../renderer/sync/connection';
import { networkError, responseError } from '../../../renderer/sync/errors';
import { SyncStatusStore, feedSyncStatus } from '../../../renderer/sync/status';
import { EMPTY } from 'rxjs';

// A real loopback HTTP server whose behaviour the test switches: 'ok', '401', '503', or 'down' (closed).
let server: Server | null = null;
let mode: 'ok' | '401' | '503' = 'ok';
let hits = 0;
async function listen(port = 0): Promise<string> {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/health') return res.end('{"status":"ok"}');
    if (mode === '401') return res.writeHead(401, { 'content-type': 'application/json' }).end('{"statusCode":401,"code":"unauthorised","message":"token expired"}');
    if (mode === '503') return res.writeHead(503, { 'content-type': 'application/json' }).end('{"statusCode":503,"code":"internal","message":"db down"}');
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
async function shutdown() {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((r) => server!.close(r));
  server = null;
}
const conns: SyncConnection[] = [];
afterEach(async () => {
  conns.splice(0).forEach((c) => c.stop());
  await shutdown();
  mode = 'ok';
  hits = 0;
});

function gate(url: string, extra: Partial<ConstructorParameters<typeof SyncConnection>[0]> = {}) {
  const c = new SyncConnection({ serverUrl: url, getToken: () => 'tok', backoff: { baseMs: 20, maxMs: 100 }, ...extra });
  conns.push(c);
  return c;
}
const get = (c: SyncConnection, path: string) =>
  c.run('registrations', async (token, signal) => {
    let res: Response;
    try {
      res = await fetch(c.serverUrl + path, { headers: { Authorization: `Bearer ${token}` }, signal });
    } catch (e) {
      throw (await import('../../../renderer/sync/errors')).networkError(c.serverUrl, e);
    }
    if (!res.ok) throw await responseError(res, 'the test request');
    return res.json();
  });

describe('SyncConnection', () => {
  it('goes offline when the server is down, probes, and resumes the waiting request by itself', async () => {
    const url = await listen();
    const port = Number(new URL(url).port);
    await shutdown();
    const c = gate(url);
    const states: string[] = [];
    c.state$.subscribe((s) => states.push(s));
    const pending = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'offline')));
    await listen(port);
    await expect(pending).resolves.toEqual({ ok: true });
    expect(states).toContain('offline');
    expect(c.current).toBe('online');
  });

  it('pauses on navigator-style offline without touching the network, resumes on retryNow', async () => {
    const url = await listen();
    let online = false;
    const c = gate(url, { platformOnline: () => online, backoff: { baseMs: 10_000, maxMs: 10_000 } });
    const pending = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'offline')));
    await new Promise((r) => setTimeout(r, 100));
    expect(hits).toBe(0);
    online = true;
    c.retryNow();
    await expect(pending).resolves.toEqual({ ok: true });
  });

  it('on 401 calls onUnauthorized once and waits for signedIn()', async () => {
    const url = await listen();
    mode = '401';
    let told = 0;
    const c = gate(url, { onUnauthorized: () => told++ });
    const errors: string[] = [];
    c.errors$.subscribe((e) => errors.push(e.error.kind));
    const pending = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'unauthorized')));
    await new Promise((r) => setTimeout(r, 200));
    expect(told).toBe(1);
    const hitsWhileWaiting = hits;
    await new Promise((r) => setTimeout(r, 200));
    expect(hits).toBe(hitsWhileWaiting); // no hammering with a dead token
    mode = 'ok';
    c.signedIn();
    await expect(pending).resolves.toEqual({ ok: true });
    expect(errors).toContain('unauthorized');
  });

  // The desk reads the token from the OS secret store before every request, and that read can come
  // back empty for a moment (a keyring locked briefly): the connection reads it again with backoff
  // before it asks the user to sign in again.
  it('reads a missing token again with backoff and sends the request once it is there, without asking to sign in', async () => {
    const url = await listen();
    let told = 0;
    let reads = 0;
    const c = gate(url, { getToken: () => (++reads === 1 ? null : 'tok'), onUnauthorized: () => told++ });
    const states: string[] = [];
    c.state$.subscribe((s) => states.push(s));
    await expect(get(c, '/x')).resolves.toEqual({ ok: true });
    expect(reads).toBe(2);
    expect(told).toBe(0);
    expect(states).not.toContain('unauthorized');
    expect(c.current).toBe('online');
  });

  it('goes unauthorized and asks to sign in once when the token stays missing after a few reads, then waits for signedIn()', async () => {
    const url = await listen();
    let told = 0;
    let reads = 0;
    let token: string | null = '';
    const c = gate(url, { getToken: () => (reads++, token), onUnauthorized: () => told++ });
    // two requests at once, as the collections' pulls are: still one request to sign in
    const pending = [get(c, '/x'), get(c, '/y')];
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'unauthorized')));
    expect(reads).toBeGreaterThanOrEqual(2 * 3); // each request read again before giving up…
    expect(reads).toBeLessThanOrEqual(2 * 10); // …a bounded number of times
    const readsWhenGivenUp = reads;
    await new Promise((r) => setTimeout(r, 300));
    expect(told).toBe(1);
    expect(reads).toBe(readsWhenGivenUp); // no more reads until signedIn()
    expect(hits).toBe(0); // no request without a token
    token = 'tok';
    c.signedIn();
    await expect(Promise.all(pending)).resolves.toEqual([{ ok: true }, { ok: true }]);
    expect(told).toBe(1);
  });

  it('cuts the wait between token reads short on retryNow()', async () => {
    const url = await listen();
    let reads = 0;
    let token: string | null = null;
    const c = gate(url, { getToken: () => (reads++, token), backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const pending = get(c, '/x');
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBe(1); // waiting (a minute) before the next read
    token = 'tok';
    c.retryNow();
    await expect(pending).resolves.toEqual({ ok: true });
    expect(reads).toBe(2);
  });

  it('on 401 goes unauthorized at once, without reading the token again first', async () => {
    const url = await listen();
    mode = '401';
    let told = 0;
    let reads = 0;
    // a slow backoff: a re-read or retry before giving up would show as a wait here
    const c = gate(url, { getToken: () => (reads++, 'tok'), onUnauthorized: () => told++, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const pending = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'unauthorized')));
    expect(told).toBe(1);
    expect(reads).toBe(1);
    expect(hits).toBe(1);
    c.stop();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('stays paused (without spinning) when the token expired and the platform is offline too', async () => {
    const url = await listen();
    mode = '401';
    let online = true;
    const c = gate(url, { platformOnline: () => online });
    const pending = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'unauthorized')));
    online = false;
    c.retryNow(); // a wake-up while unauthorized and offline must not busy-loop
    await new Promise((r) => setTimeout(r, 100));
    expect(c.current).toBe('unauthorized');
    mode = 'ok';
    online = true;
    c.signedIn();
    await expect(pending).resolves.toEqual({ ok: true });
  });

  // Two requests in flight with the same token, as the push and a pull stream are: the server refuses
  // the token on one (401) and the other then fails to reach it (the stream the server ends on its
  // token re-check). The test holds the second request's outcome until the 401 is in, so the order
  // that a loaded machine produces now and then happens every time.
  it('keeps "sign in again" when a request already in flight then fails with a network error', async () => {
    const url = await listen();
    let told = 0;
    const c = gate(url, { onUnauthorized: () => told++ });
    const store = new SyncStatusStore([{ name: 'registrations', pushable: true }]);
    feedSyncStatus(store, { connection: c, names: ['registrations'], outboxes: {}, refusals$: EMPTY, nowIso: () => new Date().toISOString() });
    let failStream!: (e: unknown) => void;
    let streamStarted!: () => void;
    const started = new Promise<void>((r) => (streamStarted = r));
    const stream = c.run('stream:registrations', (_token, signal) => {
      streamStarted();
      return new Promise((_resolve, reject) => {
        failStream = reject;
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
    });
    await started;
    mode = '401';
    const push = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'unauthorized')));
    expect(store.value.collections.registrations!.lastError?.message).toMatch(/Sign in again/);

    failStream(networkError(url, new Error('the server closed the pull stream')));
    await new Promise((r) => setTimeout(r, 100)); // the stream's loop goes round (backoff 20–100 ms) and waits
    expect(c.current).toBe('unauthorized');
    expect(store.value.connection).toBe('unauthorized');
    expect(store.value.collections.registrations!.lastError).toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/Sign in again/) });
    expect(told).toBe(1);

    mode = 'ok';
    c.signedIn();
    await expect(push).resolves.toEqual({ ok: true });
    c.stop();
    await expect(stream).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('stays unauthorized when a request already in flight then succeeds (only signedIn() leaves it)', async () => {
    const url = await listen();
    let told = 0;
    const c = gate(url, { onUnauthorized: () => told++ });
    let answer!: (v: string) => void;
    let heldStarted!: () => void;
    const started = new Promise<void>((r) => (heldStarted = r));
    const held = c.run('stream:registrations', () => {
      heldStarted();
      return new Promise<string>((resolve) => (answer = resolve));
    });
    await started;
    mode = '401';
    const push = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'unauthorized')));
    const states: string[] = [];
    c.state$.subscribe((s) => states.push(s));
    answer('connected before the token was revoked');
    await expect(held).resolves.toBe('connected before the token was revoked');
    c.markOnline(); // what the pull stream does when its response arrives
    expect(c.current).toBe('unauthorized');
    expect(states).toEqual(['unauthorized']);
    expect(told).toBe(1);
    mode = 'ok';
    c.signedIn();
    await expect(push).resolves.toEqual({ ok: true });
  });

  it('retries server errors with backoff and reports a human message', async () => {
    const url = await listen();
    mode = '503';
    const c = gate(url);
    const messages: string[] = [];
    c.errors$.subscribe((e) => messages.push(e.error.message));
    const pending = get(c, '/x');
    await firstValueFrom(c.errors$.pipe(filter((e) => e.error.status === 503)));
    mode = 'ok';
    await expect(pending).resolves.toEqual({ ok: true });
    expect(messages[0]).toMatch(/HTTP 503: db down/);
  });

  it('reports a server that keeps answering 5xx as a persistent fault after 5 attempts in a row (not "retries automatically" forever)', async () => {
    const url = await listen();
    mode = '503';
    const c = gate(url);
    const seen: { message: string; attempts: number }[] = [];
    c.errors$.subscribe((e) => seen.push({ message: e.error.message, attempts: e.error.attempts }));
    const pending = get(c, '/x');
    await firstValueFrom(c.errors$.pipe(filter((e) => e.error.attempts >= 6)));
    mode = 'ok';
    await expect(pending).resolves.toEqual({ ok: true });
    expect(seen.slice(0, 4).every((e) => e.attempts === 1 && /retries automatically/.test(e.message))).toBe(true);
    expect(seen[4]).toEqual({ attempts: 5, message: "The program server failed 5 times in a row (HTTP 503: db down). Your changes are kept on this computer and sync keeps trying; if this goes on, tell the program's back office." });
    expect(seen[5]!.attempts).toBe(6);
  });

  it('stop() ends waiting requests with an aborted error', async () => {
    const url = await listen();
    mode = '401';
    const c = gate(url);
    const pending = get(c, '/x');
    await firstValueFrom(c.state$.pipe(filter((s) => s === 'unauthorized')));
    c.stop();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});
