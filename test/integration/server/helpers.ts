/* eslint-disable @typescript-eslint/no-explicit-any -- test HTTP client: JSON answers are inspected loosely */
/**
 * Shared helpers of the server integration tests (not a test file).
 *
 * Every server test file runs its suite on PGlite and, when DATABASE_URL is set, on real
 * PostgreSQL too. Each test server on PostgreSQL works in a fresh schema of its own
 * (startTestServer), so files running in parallel on one database never see each other's data.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestServer, TestServerOptions } from '../../support/testServer';
import { organisationDoc } from '../../support/documents';
import type { ReplicatedDocument } from '../../../shared/sync/protocol';

export { organisationDoc, registrationDoc, membershipDoc, termsVersionInForce } from '../../support/documents';
export { uid as newId } from '../../support/ids';

export const databaseUrl = process.env.DATABASE_URL;

/** The engines to run a suite on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const engines: { name: string; options: TestServerOptions; skip: boolean }[] = [
  { name: 'PGlite', options: {}, skip: false },
  { name: 'PostgreSQL', options: databaseUrl ? { databaseUrl } : {}, skip: !databaseUrl },
];

let warned = false;
/** Prints once per file why the PostgreSQL variants are skipped. */
export function warnIfNoPostgres(): void {
  if (!databaseUrl && !warned) {
    warned = true;
    console.warn('DATABASE_URL is not set: the PostgreSQL variants of the server tests are skipped (PGlite only).');
  }
}

/** A small HTTP client of a test server, authorised by a bearer token. */
export function client(url: string, token: string | null) {
  const headers = (extra: Record<string, string> = {}) => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra });
  return {
    async get(path: string): Promise<{ status: number; body: any }> {
      const r = await fetch(url + path, { headers: headers() });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    async post(path: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
      const r = await fetch(url + path, { method: 'POST', headers: headers({ 'content-type': contentType }), body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    async pull(collection: string, checkpoint?: { id: string; updatedAt: string } | null, limit = 1000) {
      const q = new URLSearchParams({ limit: String(limit) });
      if (checkpoint) {
        q.set('id', checkpoint.id);
        q.set('updatedAt', checkpoint.updatedAt);
      }
      const r = await fetch(`${url}/sync/${collection}/pull?${q}`, { headers: headers() });
      return { status: r.status, body: (await r.json()) as { documents: ReplicatedDocument[]; checkpoint: { id: string; updatedAt: string } | null } & { message?: string } };
    },
    async push(collection: string, rows: { assumedMasterState: unknown; newDocumentState: unknown }[]) {
      const r = await fetch(`${url}/sync/${collection}/push`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(rows) });
      return { status: r.status, body: (await r.json()) as any };
    },
  };
}

/** A {@link client} of a test server. */
export type Client = ReturnType<typeof client>;

/** Signs in each of `emails` on `srv` (demo logins share the test password); one client each, in order. */
export async function signIn<Emails extends string[]>(srv: TestServer, ...emails: Emails): Promise<{ [K in keyof Emails]: Client }> {
  const clients: Client[] = [];
  for (const email of emails) clients.push(client(srv.url, (await srv.login(email)).token));
  return clients as { [K in keyof Emails]: Client };
}

/**
 * Registers a `beforeAll` that starts a test server (`options`, or a function giving them when the
 * server starts, after the describe's earlier hooks) and signs in each of `emails` (one client each,
 * in order), and an `afterAll` that closes the server. Call it at the top of a `describe`: the
 * returned `srv` and `clients` stand for the started ones inside its tests and later hooks.
 * @throws Error (on use) while the server is not started, e.g. at the describe's top level.
 */
export function useTestServer<Emails extends string[]>(
  options: TestServerOptions | (() => TestServerOptions),
  ...emails: Emails
): { srv: TestServer; clients: { [K in keyof Emails]: Client } } {
  let started: { srv: TestServer; clients: Client[] } | undefined;
  const current = () => {
    if (!started) throw new Error('the test server is not started yet: use it inside a test or a later hook');
    return started;
  };
  beforeAll(async () => {
    const { startTestServer } = await import('../../support/testServer');
    const srv = await startTestServer(typeof options === 'function' ? options() : options);
    started = { srv, clients: await signIn(srv, ...emails) };
  });
  afterAll(async () => started?.srv.close());
  return {
    srv: forwardTo(() => current().srv),
    clients: emails.map((_, i) => forwardTo(() => current().clients[i]!)) as { [K in keyof Emails]: Client },
  };
}

/** An object that reads every property from `target()` at the time of the read (methods bound to it). */
function forwardTo<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const t = target();
      const v = Reflect.get(t, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    has: (_, key) => Reflect.has(target(), key),
  });
}

/** The demo logins of every role (demo seed, test password): dealer 1, dealer 2, the demo studio's manager, the back office. */
export const demoLogins = { dealer: 'dealer@demo.test', dealer2: 'dealer2@demo.test', studio: 'studio@demo.test', office: 'office@demo.test' } as const;

/** Signs in every {@link demoLogins} user on `srv`; their bearer tokens by role. */
export async function demoTokens(srv: TestServer): Promise<Record<keyof typeof demoLogins, string>> {
  const tokens = {} as Record<keyof typeof demoLogins, string>;
  for (const [role, email] of Object.entries(demoLogins) as [keyof typeof demoLogins, string][]) tokens[role] = (await srv.login(email)).token;
  return tokens;
}

/** Pushes `docs` as new documents of `collection` (no assumed master state) and asserts the push is answered 200. */
export async function pushNew(c: Client, collection: string, ...docs: Record<string, unknown>[]): Promise<void> {
  expect((await c.push(collection, docs.map((d) => ({ assumedMasterState: null, newDocumentState: d })))).status).toBe(200);
}

/**
 * An organisation of `dealer`'s (test/support `organisationDoc`, pending validation, `over`
 * replacing any field) with a Chamber of Commerce extract, validated by `office` through
 * `POST /admin/organisations/:id/validate`; asserts that each step is answered 200.
 * @returns the organisation document as pushed.
 */
export async function validatedOrganisation(dealer: Client, office: Client, over: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const org = organisationDoc({ status: 'pending-validation', ...over });
  expect((await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }])).status).toBe(200);
  const ev = { id: crypto.randomUUID(), organisationId: org.id, kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf', updatedAt: 'x', _deleted: false };
  expect((await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: ev }])).status).toBe(200);
  expect((await office.post(`/admin/organisations/${String(org.id)}/validate`, {})).status).toBe(200);
  return org;
}

/** Pulls a whole collection (all pages). */
export async function pullAll(c: ReturnType<typeof client>, collection: string): Promise<ReplicatedDocument[]> {
  const out: ReplicatedDocument[] = [];
  let cp: { id: string; updatedAt: string } | null = null;
  for (;;) {
    const r = await c.pull(collection, cp, 1000);
    if (r.status !== 200) throw new Error(`pull ${collection}: ${r.status} ${r.body.message}`);
    out.push(...r.body.documents);
    if (r.body.documents.length < 1000) return out;
    cp = r.body.checkpoint;
  }
}

/** Reads Server-Sent Events from a pull stream until `until` returns true or `timeoutMs` passes. Returns the parsed events. */
export async function readStream(
  url: string,
  token: string | null,
  opts: { until: (events: unknown[]) => boolean; timeoutMs: number; onOpen?: () => Promise<void> | void },
): Promise<{ status: number; events: unknown[]; comments: number }> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs);
  const events: unknown[] = [];
  let comments = 0;
  try {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: ac.signal });
    if (res.status !== 200 || !res.body) return { status: res.status, events, comments };
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    let opened = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        for (const line of block.split('\n')) {
          if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
          else if (line.startsWith(':')) comments++;
        }
      }
      if (!opened && events.length > 0) {
        opened = true;
        await opts.onOpen?.();
      }
      if (opts.until(events)) break;
    }
    ac.abort();
    return { status: 200, events, comments };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return { status: 200, events, comments };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** One database for several test servers of a file: PGlite in memory, or a fresh PostgreSQL schema. */
export async function sharedDatabase(options: TestServerOptions): Promise<{ db: import('../../../server/db').Db; close(): Promise<void> }> {
  const { openDatabase } = await import('../../../server/db');
  const { createTestSchema } = await import('../../support/testServer');
  if (options.databaseUrl) {
    const schema = await createTestSchema(options.databaseUrl);
    const db = await openDatabase({ databaseUrl: schema.url });
    return { db, close: async () => (await db.close(), await schema.drop()) };
  }
  const { openTestDatabase } = await import('../../support/testServer');
  const db = await openTestDatabase();
  return { db, close: () => db.close() };
}
