/**
 * Server benchmark (prints numbers; not a test). On PGlite, and on PostgreSQL when DATABASE_URL
 * is set, side by side:
 * - push throughput: 20 concurrent clients on loopback, each pushing one new registration per
 *   request (the full authority path: schema, scope, completeness, serial claim, points);
 *   registrations/s and p50/p99 latency per push;
 * - pull: 100,000 registration documents (bulk-inserted with SQL) read by checkpoint in pages of
 *   1,000 (RxDB's batch size) and of 5,000 (the maximum); seconds and documents/s.
 *
 * Run: `npx tsx test/bench/server-sync.ts` (env PUSHES_PER_CLIENT, default 100).
 */
import { startTestServer, type TestServer } from '../../server/testing';
import { formatMicros } from '../../server/store';

const clients = 20;
const perClient = Number(process.env.PUSHES_PER_CLIENT ?? 100);
const pullTotal = 100_000;

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

async function benchPush(srv: TestServer, token: string) {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const s = performance.now();
        const r = await fetch(`${srv.url}/sync/registrations/push`, {
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
  const srv = await startTestServer(databaseUrl ? { databaseUrl } : {});
  try {
    const { token } = await srv.login('dealer@demo.test');
    const push = await benchPush(srv, token);
    console.log(`${name.padEnd(10)} push: ${push.total} registrations from ${clients} clients: ${push.perSecond.toFixed(0)} registrations/s, p50 ${push.p50.toFixed(1)} ms, p99 ${push.p99.toFixed(1)} ms`);
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
