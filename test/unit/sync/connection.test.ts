import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, filter } from 'rxjs';
import { SyncConnection } from '../../../renderer/sync/connection';
import { responseError } from '../../../renderer/sync/errors';

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
