/**
 * The program server of the server benchmark (test/bench/server-sync.ts), in a process of its own
 * so the benchmark's HTTP clients do not share its thread (and `node --cpu-prof` on this process
 * profiles the server alone). A test server (test/support/testServer.ts: PGlite in memory, or a
 * fresh schema on `DATABASE_URL`) plus bench-only routes:
 * - `POST /bench/floor/registrations/push` — the floor: the same bearer-token check (the server's
 *   own preHandler), JSON parsing, push-body and schema validation, then one multi-row
 *   `INSERT … ON CONFLICT DO NOTHING` per push, no authority;
 * - `POST /bench/noop/registrations/push` — the HTTP floor: the same token check, parsing and
 *   validation as the floor, and no database at all (what the HTTP stack alone allows);
 * - `POST /bench/control {path, maxPushes?, gatherMs?}` — switches the push path (`row` | `set`), the most
 *   requests per group commit (server/groupCommit.ts; 1 = one transaction per push, default 64) and
 *   its gathering wait (ms; default 2 on PostgreSQL, 0 on PGlite), and zeroes the counts;
 * - `GET /bench/stats` → `{ statements, transactions, requests, cpuMicros }` database round trips,
 *   group-commit transactions, the requests they answered, and this process's CPU time (user +
 *   system, µs) since the last control call;
 * - `POST /bench/seed-pull {total}` — bulk-inserts `total` registrations for the pull benchmark.
 * `BENCH_LOG_LEVEL=info` (or another pino level) runs the server with Fastify's logger at that level,
 * as a production server logs (config `LOG_LEVEL`), to this process's stdout; default: no logger.
 * Prints one line `READY <url>` when listening; ends (writing its CPU profile, if any) on SIGTERM or SIGINT.
 */
import { startTestServer } from '../support/testServer';
import { formatMicros } from '../../server/store';
import { parsePushBody, setPushPath, type PushPath } from '../../server/push';
import { groupCommitOf, groupLimitsFor, setGroupLimits } from '../../server/groupCommit';
import { validatePushedDocument } from '../../server/validate';
import { authenticator } from '../../server/http';
import type { CpsServer } from '../../server/app';
import type { Db, Transaction } from '../../server/db';

/**
 * Counts the round trips to the database through `db`: every query, and in a transaction BEGIN
 * (with the statement sent along with it), each statement and COMMIT (with the statements sent along).
 */
function countStatements(db: Db): TxCounts {
  const c: TxCounts = { n: 0, tx: 0, beginMs: 0, queryMs: 0, ownMs: 0, commitMs: 0 };
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  const mutable = db as { query: Db['query']; transaction: Db['transaction'] };
  mutable.query = (sql, params) => (c.n++, query(sql, params));
  mutable.transaction = async (fn, opts) => {
    const t0 = performance.now();
    let t1 = t0;
    let t2 = t0;
    const result = await transaction(async (tx, firstRows) => {
      t1 = performance.now();
      c.n += 2;
      const counting: Transaction = {
        query: async (sql, params) => {
          c.n++;
          const s = performance.now();
          try {
            return await tx.query(sql, params);
          } finally {
            c.queryMs += performance.now() - s;
          }
        },
        ...(tx.atCommit ? { atCommit: (sql: string) => tx.atCommit!(sql) } : {}),
      };
      const r = await fn(counting, firstRows);
      t2 = performance.now();
      return r;
    }, opts);
    c.tx++;
    c.beginMs += t1 - t0;
    c.ownMs += t2 - t1;
    c.commitMs += performance.now() - t2;
    return result;
  };
  return c;
}

/**
 * Round trips through the database, and for the transactions that committed: their number and the
 * time (ms, summed) from the call to BEGIN's answer (the clock lock's wait included), of their own
 * statements, of everything between BEGIN's answer and the COMMIT round trip (statements and
 * JavaScript), and of that COMMIT round trip (the WAL flush included).
 */
interface TxCounts {
  n: number;
  tx: number;
  beginMs: number;
  queryMs: number;
  ownMs: number;
  commitMs: number;
}

function addBenchRoutes(server: CpsServer): void {
  const db = server.services.db;
  const statements = countStatements(db);
  const authenticate = authenticator(db);
  server.app.post('/bench/floor/registrations/push', { preHandler: authenticate }, async (req) => {
    const rows = parsePushBody(req.body).map((r, i) => validatePushedDocument('registrations', r.newDocumentState, `row ${i}`));
    await db.query(
      `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
       select 'registrations', d->>'id', d->>'updatedAt', false, d->>'organisationId', 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d
       on conflict (collection, id) do nothing`,
      [JSON.stringify(rows.map((r) => ({ ...r.data, updatedAt: formatMicros(Date.now() * 1000) })))],
    );
    return [];
  });
  server.app.post('/bench/noop/registrations/push', { preHandler: authenticate }, async (req) => {
    parsePushBody(req.body).forEach((r, i) => validatePushedDocument('registrations', r.newDocumentState, `row ${i}`));
    return [];
  });
  const groups = groupCommitOf(db).stats;
  let base = { transactions: 0, requests: 0, cpuMicros: 0 };
  const cpuMicros = (): number => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  server.app.post('/bench/control', async (req) => {
    const body = req.body as { path: PushPath; maxPushes?: number; gatherMs?: number };
    setPushPath(db, body.path);
    const defaults = groupLimitsFor(db.engine);
    setGroupLimits(db, { maxPushes: body.maxPushes ?? defaults.maxPushes, gatherMs: body.gatherMs ?? defaults.gatherMs });
    Object.assign(statements, { n: 0, tx: 0, beginMs: 0, queryMs: 0, ownMs: 0, commitMs: 0 });
    base = { transactions: groups.transactions, requests: groups.requests, cpuMicros: cpuMicros() };
    return {};
  });
  server.app.get('/bench/stats', async () => ({
    statements: statements.n,
    timing: { ...statements },
    transactions: groups.transactions - base.transactions,
    requests: groups.requests - base.requests,
    cpuMicros: cpuMicros() - base.cpuMicros,
  }));
  server.app.post('/bench/seed-pull', async (req) => {
    const total = (req.body as { total: number }).total;
    const base = Date.parse('2026-06-01T00:00:00Z') * 1000;
    for (let start = 0; start < total; start += 10_000) {
      const docs = Array.from({ length: Math.min(10_000, total - start) }, (_, k) => ({
        id: `pull-${String(start + k).padStart(6, '0')}`,
        organisationId: 'org-demo-studio',
        productModelId: 'pm-eos-r5',
        serialNumber: String(100000000000 + start + k),
        purchaseDate: '2025-03-01',
        purchaseDateEstimated: false,
        purchaseCountry: 'NL',
        dealerName: 'Bench',
        status: 'points-assigned',
        statusReason: null,
        points: 500,
        migratedFrom: null,
        updatedAt: formatMicros(base + start + k),
        _deleted: false,
      }));
      await db.query(
        `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
         select 'registrations', d->>'id', d->>'updatedAt', false, 'org-demo-studio', 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d`,
        [JSON.stringify(docs)],
      );
    }
    return {};
  });
}

const logLevel = process.env.BENCH_LOG_LEVEL;
const srv = await startTestServer({
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  ...(logLevel ? { logger: true, config: { logLevel } } : {}),
  beforeListen: addBenchRoutes,
});
process.stdout.write(`READY ${srv.url}\n`);
let closing = false;
const stop = (): void => {
  if (closing) return;
  closing = true;
  void srv.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
