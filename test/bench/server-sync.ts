/**
 * Server benchmark (prints numbers; not a test). On PGlite, and on PostgreSQL when DATABASE_URL
 * is set, side by side in one run:
 * - push throughput: 20 concurrent clients on loopback, each pushing one new registration per
 *   request, three ways on the same HTTP server:
 *   `row`   the row-at-a-time authority path (kept for comparison, `setPushPath(db, 'row')`);
 *   `set`   the set-based authority path (the default): schema, scope, completeness, serial claim, points;
 *   `floor` a minimal handler: same token check, JSON parsing, push-body and schema validation,
 *           then one multi-row `INSERT … ON CONFLICT DO NOTHING` per push — no authority at all;
 *   registrations/s, p50/p99 latency per push, SQL statements per push, and authority/floor
 *   (floor throughput ÷ set throughput; 1 = no overhead);
 * - offline backlog: 10,000 registrations pushed in pushes of 1,000 rows (the server's limit),
 *   one request in flight and four in flight;
 * - pull: 100,000 registration documents (bulk-inserted with SQL) read by checkpoint in pages of
 *   1,000 (RxDB's batch size) and of 5,000 (the maximum); seconds and documents/s (BENCH_PULL=0 skips).
 *
 * Run: `npx tsx test/bench/server-sync.ts` (env PUSHES_PER_CLIENT, default 100; BACKLOG, default 10000).
 */
import { startTestServer, type TestServer } from '../support/testServer';
import { formatMicros } from '../../server/store';
import { parsePushBody, setPushPath, type PushPath } from '../../server/push';
import { validatePushedDocument } from '../../server/validate';
import { userForToken } from '../../server/auth';
import type { CpsServer } from '../../server/app';
import type { Db, Queryable } from '../../server/db';

const clients = 20;
const perClient = Number(process.env.PUSHES_PER_CLIENT ?? 100);
const pullTotal = 100_000;
const backlog = Number(process.env.BACKLOG ?? 10_000);

/** Adds the floor route: what every push costs before any authority (see module doc). */
function addFloorRoute(server: CpsServer): void {
  const db = server.services.db;
  server.app.post('/bench/floor/registrations/push', async (req, reply) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !(await userForToken(db, token))) return reply.code(401).send({ statusCode: 401, code: 'unauthorised', message: 'no token' });
    const rows = parsePushBody(req.body).map((r, i) => validatePushedDocument('registrations', r.newDocumentState, `row ${i}`));
    await db.query(
      `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
       select 'registrations', d->>'id', d->>'updatedAt', false, d->>'organisationId', 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d
       on conflict (collection, id) do nothing`,
      [JSON.stringify(rows.map((r) => ({ ...r.data, updatedAt: formatMicros(Date.now() * 1000) })))],
    );
    return [];
  });
}

/** Counts every SQL statement sent through `db` (queries and statements inside transactions). */
function countStatements(db: Db): { n: number } {
  const c = { n: 0 };
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  const mutable = db as { query: Db['query']; transaction: Db['transaction'] };
  mutable.query = (sql, params) => (c.n++, query(sql, params));
  mutable.transaction = (fn) => transaction((tx) => fn({ query: (sql, params) => (c.n++, tx.query(sql, params)) } as Queryable));
  return c;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function registration(i: number, c: number) {
  return {
    id: `bench-${c}-${i}-${crypto.randomUUID().slice(0, 8)}`,
    organisationId: 'org-demo-studio',
    productModelId: 'pm-eos-r5',
    serialNumber: String(100000000000 + Math.floor(Math.random() * 899999999999)),
    purchaseDate: '2025-03-01',
    purchaseDateEstimated: false,
    purchaseCountry: 'NL',
    dealerName: 'Bench',
    status: 'draft',
    statusReason: null,
    points: 0,
    migratedFrom: null,
    updatedAt: 'x',
    _deleted: false,
  };
}

async function benchPush(srv: TestServer, token: string, path: string) {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const s = performance.now();
        const r = await fetch(`${srv.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify([{ assumedMasterState: null, newDocumentState: registration(i, c) }]),
        });
        if (r.status !== 200) throw new Error(`push ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
        latencies.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { total: clients * perClient, perSecond: (clients * perClient) / secs, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/** A backlog of `backlog` new registrations pushed in pushes of 1,000 rows, `inFlight` requests at a time. */
async function benchBacklog(srv: TestServer, token: string, inFlight: number) {
  const rows = Array.from({ length: backlog }, (_, i) => ({ assumedMasterState: null, newDocumentState: registration(i, 1000 + inFlight) }));
  const chunks: (typeof rows)[] = [];
  for (let i = 0; i < rows.length; i += 1000) chunks.push(rows.slice(i, i + 1000));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        const r = await fetch(`${srv.url}/sync/registrations/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(chunk),
        });
        if (r.status !== 200) throw new Error(`push ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { seconds: secs, perSecond: backlog / secs };
}

async function benchPull(srv: TestServer, token: string, limit: number) {
  let cp: { id: string; updatedAt: string } | null = null;
  let n = 0;
  const t0 = performance.now();
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit), ...(cp ? { id: cp.id, updatedAt: cp.updatedAt } : {}) });
    const r = await fetch(`${srv.url}/sync/registrations/pull?${q}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await r.json()) as { documents: unknown[]; checkpoint: { id: string; updatedAt: string } };
    n += body.documents.length;
    if (body.documents.length < limit) break;
    cp = body.checkpoint;
  }
  const secs = (performance.now() - t0) / 1000;
  return { documents: n, seconds: secs, perSecond: n / secs };
}

async function run(name: string, databaseUrl?: string) {
  const srv = await startTestServer({ ...(databaseUrl ? { databaseUrl } : {}), beforeListen: addFloorRoute });
  try {
    const { token } = await srv.login('dealer@demo.test');
    const db = srv.server.services.db;
    const statements = countStatements(db);
    const rates: Record<string, number> = {};
    for (const [label, path, mode] of [
      ['row', '/sync/registrations/push', 'row'],
      ['set', '/sync/registrations/push', 'set'],
      ['floor', '/bench/floor/registrations/push', 'set'],
    ] as const) {
      setPushPath(db, mode as PushPath);
      statements.n = 0;
      const push = await benchPush(srv, token, path);
      rates[label] = push.perSecond;
      console.log(
        `${name.padEnd(10)} push ${label.padEnd(5)}: ${push.total} registrations from ${clients} clients: ${push.perSecond.toFixed(0)} registrations/s, p50 ${push.p50.toFixed(1)} ms, p99 ${push.p99.toFixed(1)} ms, ${(statements.n / push.total).toFixed(2)} SQL statements per push`,
      );
    }
    console.log(`${name.padEnd(10)} authority/floor: set ${(rates.floor! / rates.set!).toFixed(2)}×, row ${(rates.floor! / rates.row!).toFixed(2)}× (floor throughput ÷ path throughput); set/row speed-up ${(rates.set! / rates.row!).toFixed(2)}×`);
    setPushPath(db, 'set');
    for (const inFlight of [1, 4]) {
      const b = await benchBacklog(srv, token, inFlight);
      console.log(`${name.padEnd(10)} backlog: ${backlog} registrations in pushes of 1,000, ${inFlight} in flight: ${b.seconds.toFixed(2)} s, ${b.perSecond.toFixed(0)} registrations/s`);
    }
    if (process.env.BENCH_PULL === '0') return;
    const base = Date.parse('2026-06-01T00:00:00Z') * 1000;
    for (let start = 0; start < pullTotal; start += 10_000) {
      const docs = Array.from({ length: 10_000 }, (_, k) => ({ ...registration(start + k, 99), id: `pull-${String(start + k).padStart(6, '0')}`, updatedAt: formatMicros(base + start + k), status: 'points-assigned', points: 500 }));
      await srv.server.services.db.query(
        `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
         select 'registrations', d->>'id', d->>'updatedAt', false, 'org-demo-studio', 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d`,
        [JSON.stringify(docs)],
      );
    }
    for (const limit of [1000, 5000]) {
      const pull = await benchPull(srv, token, limit);
      console.log(`${name.padEnd(10)} pull: ${pull.documents} documents in pages of ${limit}: ${pull.seconds.toFixed(2)} s, ${pull.perSecond.toFixed(0)} documents/s`);
    }
  } finally {
    await srv.close();
  }
}

await run('PGlite');
if (process.env.DATABASE_URL) await run('PostgreSQL', process.env.DATABASE_URL);
else console.log('PostgreSQL: skipped (set DATABASE_URL=postgres://… to compare)');
