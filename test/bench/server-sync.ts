/**
 * Server benchmark (prints numbers; not a test). On PGlite, and on PostgreSQL when DATABASE_URL
 * is set, side by side in one run:
 * - push throughput: 20 concurrent clients on loopback, each pushing one new registration per
 *   request, five ways on the same HTTP server:
 *   `row`     the row-at-a-time authority path (kept for comparison, `setPushPath(db, 'row')`),
 *             concurrent pushes grouped;
 *   `set`     the set-based authority path with ONE transaction per push (group commit off:
 *             `setGroupLimits(db, { maxPushes: 1 })`);
 *   `nowait`  set-based path and group commit without gathering (`gatherMs: 0`): the next group
 *             starts with the pushes queued when the one before is answered;
 *   `grouped` the server as it runs: set-based path and group commit (server/groupCommit.ts) —
 *             the pushes waiting while a transaction runs are written by the next one together,
 *             which on PostgreSQL first waits up to 2 ms for the clients just answered
 *             ("Gathering"; on PGlite `nowait` and `grouped` are the same);
 *   `floor`   a minimal handler: same token check, JSON parsing, push-body and schema validation,
 *             then one multi-row `INSERT … ON CONFLICT DO NOTHING` per push — no authority at all;
 *   `noop`    the HTTP floor: the floor without the database (what the HTTP stack alone allows);
 *   registrations/s, p50/p99 latency per push, database round trips per push (BEGIN and COMMIT
 *   included; the statements sent along with them share their round trip), pushes per write
 *   transaction, and the same-run ratios authority/floor (floor throughput ÷ grouped throughput;
 *   1 = no overhead), grouped/set (what group commit gives) and grouped/nowait (what gathering gives);
 * - offline backlog: 10,000 registrations pushed in pushes of 1,000 rows (the server's limit),
 *   one request in flight and four in flight;
 * - pull: 100,000 registration documents (bulk-inserted with SQL) read by checkpoint in pages of
 *   1,000 (RxDB's batch size) and of 5,000 (the maximum); seconds and documents/s (BENCH_PULL=0 skips).
 *
 * - mixed: the same 20 clients pushing 1–5 registrations per request (a counter's realistic push),
 *   set path, registrations/s and pushes/s.
 *
 * The server runs in a process of its own (test/bench/pushServer.ts), so the clients' CPU is not
 * counted as the server's; `BENCH_CPU_PROF=<dir>` starts it with `node --cpu-prof` and writes one
 * `.cpuprofile` per engine there (open it in Chrome DevTools, or sum self time per function).
 *
 * Run: `npm run bench:server` or `npx tsx test/bench/server-sync.ts` (env PUSHES_PER_CLIENT,
 * default 100; BACKLOG, default 10000; BENCH_PULL=0 skips the pull; BENCH_ENGINES=pglite or
 * postgres runs one engine; BENCH_PHASES=grouped,floor (labels, comma-separated) runs only those
 * one-row phases, in that order, a label as often as it is named; BENCH_WARMUP, pushes per client
 * before the first phase, default 5; BENCH_CLIENTS, concurrent clients, default 20; BENCH_CPU_PROF=<dir> profiles the server process; BENCH_LOG_LEVEL=info
 * runs the server with request logging as in production). Prints `uptime`'s
 * load average before each engine: on a shared machine absolute rates depend on it, ratios less.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import os from 'node:os';

const clients = Number(process.env.BENCH_CLIENTS ?? 20);
const perClient = Number(process.env.PUSHES_PER_CLIENT ?? 100);
const pullTotal = 100_000;
const backlog = Number(process.env.BACKLOG ?? 10_000);

/**
 * The benchmark's HTTP client for pushes: node:http with a keep-alive agent, one connection per
 * client (20), sending the request a `fetch` sends (the same headers, in the same order: what an
 * RxDB client's request looks like to the server, one request at a time per kept connection).
 * Not `fetch` itself: on Node 20 its WHATWG streams and per-request objects cost the client process
 * 4–6× the server's CPU per push (docs/performance.md "Where the time of a push goes"), so 20 fetch
 * clients on the same two cores measure the clients, not the server. The phases `grouped·fetch` and
 * `noop·fetch` run the same pushes through `fetch` for comparison (`BENCH_FETCH_CLIENTS=0` skips them).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });

/** POSTs `body` (JSON text) with the headers a `fetch` sends; resolves with status and body text. */
function postJson(url: string, path: string, token: string, body: string): Promise<{ status: number; text: string }> {
  const u = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: '*/*',
          'accept-language': '*',
          'sec-fetch-mode': 'cors',
          'user-agent': 'node',
          'accept-encoding': 'gzip, deflate',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The same push through `fetch` (undici), for the comparison phases. */
async function postJsonFetch(url: string, path: string, token: string, body: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  return { status: r.status, text: await r.text() };
}

/** A benchmark server process (test/bench/pushServer.ts) and its URL. */
interface BenchServer {
  url: string;
  child: ChildProcess;
  login(email: string): Promise<{ token: string }>;
  post(path: string, body: unknown): Promise<unknown>;
  stats(): Promise<BenchStats>;
  close(): Promise<void>;
}

async function startBenchServer(databaseUrl: string | undefined): Promise<BenchServer> {
  const env = { ...process.env };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const prof = process.env.BENCH_CPU_PROF;
  const child = spawn(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx', fileURLToPath(new URL('./pushServer.ts', import.meta.url))], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (l) => l.startsWith('READY ') && resolve(l.slice(6)));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return {
    url,
    child,
    post,
    login: (email) => post('/auth/login', { email, password: 'demo-password-for-tests' }) as Promise<{ token: string }>,
    stats: async () => (await (await fetch(`${url}/bench/stats`)).json()) as BenchStats,
    async close() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** What `GET /bench/stats` answers since the last control call (test/bench/pushServer.ts). */
interface BenchStats {
  statements: number;
  transactions: number;
  requests: number;
  /** CPU time of the server process (user + system), µs. */
  cpuMicros: number;
  /** Committed write transactions (their count `tx`) and their time, ms summed: BEGIN with the clock lock, own statements, BEGIN's answer → COMMIT sent, COMMIT round trip. */
  timing: { tx: number; beginMs: number; queryMs: number; ownMs: number; commitMs: number };
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

/** `clients` clients (20 unless BENCH_CLIENTS), `perClient` pushes each, of `rowsPerPush()` new registrations. */
async function benchPush(srv: BenchServer, token: string, path: string, rowsPerPush: () => number = () => 1, pushesPerClient = perClient, post = postJson) {
  const latencies: number[] = [];
  let rows = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < pushesPerClient; i++) {
        const n = rowsPerPush();
        const body = JSON.stringify(Array.from({ length: n }, (_, k) => ({ assumedMasterState: null, newDocumentState: registration(i * 10 + k, c) })));
        const s = performance.now();
        const r = await post(srv.url, path, token, body);
        if (r.status !== 200) throw new Error(`push ${r.status}: ${r.text}`);
        latencies.push(performance.now() - s);
        rows += n;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const pushes = clients * pushesPerClient;
  return { pushes, rows, perSecond: rows / secs, pushesPerSecond: pushes / secs, p50: pct(latencies, 50), p99: pct(latencies, 99), clientMicrosPerPush: (cpu.user + cpu.system) / pushes };
}

/** A backlog of `backlog` new registrations pushed in pushes of 1,000 rows, `inFlight` requests at a time. */
async function benchBacklog(srv: BenchServer, token: string, inFlight: number) {
  const rows = Array.from({ length: backlog }, (_, i) => ({ assumedMasterState: null, newDocumentState: registration(i, 1000 + inFlight) }));
  const chunks: (typeof rows)[] = [];
  for (let i = 0; i < rows.length; i += 1000) chunks.push(rows.slice(i, i + 1000));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        const r = await postJson(srv.url, '/sync/registrations/push', token, JSON.stringify(chunk));
        if (r.status !== 200) throw new Error(`push ${r.status}: ${r.text}`);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { seconds: secs, perSecond: backlog / secs };
}

async function benchPull(srv: BenchServer, token: string, limit: number) {
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

const summary: string[] = [];

type PushPathName = 'row' | 'set';

/** `uptime`'s load averages (1, 5, 15 minutes). */
const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function run(name: string, databaseUrl?: string) {
  const load = loadAverage();
  console.log(`${name.padEnd(10)} load average ${load}`);
  const srv = await startBenchServer(databaseUrl);
  try {
    const { token } = await srv.login('dealer@demo.test');
    const rates: Record<string, number> = {};
    const p99: Record<string, number> = {};
    // Warm-up (JIT, caches, the engine's buffers), not measured: BENCH_WARMUP pushes per client (default 5).
    await benchPush(srv, token, '/sync/registrations/push', () => 1, Number(process.env.BENCH_WARMUP ?? 5));
    const phases: [label: string, path: string, mode: PushPathName, maxPushes: number | undefined, post: typeof postJson, gatherMs?: number][] = [
      ['row', '/sync/registrations/push', 'row', undefined, postJson],
      ['set', '/sync/registrations/push', 'set', 1, postJson],
      ['nowait', '/sync/registrations/push', 'set', undefined, postJson, 0],
      ['grouped', '/sync/registrations/push', 'set', undefined, postJson],
      ['floor', '/bench/floor/registrations/push', 'set', undefined, postJson],
      ['noop', '/bench/noop/registrations/push', 'set', undefined, postJson],
    ];
    if (process.env.BENCH_FETCH_CLIENTS !== '0')
      phases.push(['grouped·fetch', '/sync/registrations/push', 'set', undefined, postJsonFetch], ['noop·fetch', '/bench/noop/registrations/push', 'set', undefined, postJsonFetch]);
    const only = process.env.BENCH_PHASES?.split(',');
    // BENCH_PHASES also sets the order, and may repeat a label (the first phase after the warm-up runs on the least warm server).
    const chosen = only ? only.flatMap((l) => phases.filter(([label]) => label === l)) : phases;
    for (const [label, path, mode, maxPushes, post, gatherMs] of chosen) {
      await srv.post('/bench/control', { path: mode, ...(maxPushes ? { maxPushes } : {}), ...(gatherMs !== undefined ? { gatherMs } : {}) });
      const push = await benchPush(srv, token, path, () => 1, perClient, post);
      const st = await srv.stats();
      const statements = st.statements - 1; // minus the stats request's own token lookup
      rates[label] = push.perSecond;
      p99[label] = push.p99;
      const group = st.transactions > 0 ? `, ${(st.requests / st.transactions).toFixed(1)} pushes per write transaction` : '';
      const t = st.timing;
      const perTx = t.tx > 0 ? `; per write transaction: BEGIN + clock lock ${(t.beginMs / t.tx).toFixed(2)} ms, own statements ${(t.queryMs / t.tx).toFixed(2)} ms, BEGIN answered → COMMIT sent ${(t.ownMs / t.tx).toFixed(2)} ms, COMMIT ${(t.commitMs / t.tx).toFixed(2)} ms` : '';
      console.log(
        `${name.padEnd(10)} push ${label.padEnd(13)}: ${push.rows} registrations from ${clients} clients: ${push.perSecond.toFixed(0)} registrations/s, p50 ${push.p50.toFixed(1)} ms, p99 ${push.p99.toFixed(1)} ms, ${(statements / push.pushes).toFixed(2)} database round trips per push${group}; CPU per push: server ${(st.cpuMicros / push.pushes).toFixed(0)} µs, clients ${push.clientMicrosPerPush.toFixed(0)} µs${perTx}`,
      );
    }
    const ratio = (a: string, b: string): string => (rates[a] && rates[b] ? (rates[a] / rates[b]).toFixed(2) : '—');
    const ratios = `authority/floor: grouped ${ratio('floor', 'grouped')}×, set ${ratio('floor', 'set')}×, row ${ratio('floor', 'row')}× (floor throughput ÷ path throughput); grouped/set ${ratio('grouped', 'set')}×, grouped/nowait ${ratio('grouped', 'nowait')}×, set/row ${ratio('set', 'row')}×; grouped/noop ${ratio('grouped', 'noop')}×`;
    console.log(`${name.padEnd(10)} ${ratios}`);
    await srv.post('/bench/control', { path: 'set' });
    const mixed = await benchPush(srv, token, '/sync/registrations/push', () => 1 + Math.floor(Math.random() * 5));
    console.log(
      `${name.padEnd(10)} push mixed (1–5 rows per push, grouped): ${mixed.rows} registrations in ${mixed.pushes} pushes: ${mixed.perSecond.toFixed(0)} registrations/s, ${mixed.pushesPerSecond.toFixed(0)} pushes/s, p50 ${mixed.p50.toFixed(1)} ms, p99 ${mixed.p99.toFixed(1)} ms`,
    );
    summary.push(
      `${name.padEnd(10)} (load ${load}) one-row: ${Object.keys(rates).map((l) => `${l} ${rates[l]!.toFixed(0)}/s (p99 ${p99[l]!.toFixed(0)} ms)`).join(', ')}; ${ratios}; mixed 1–5 rows ${mixed.perSecond.toFixed(0)}/s (p99 ${mixed.p99.toFixed(0)} ms)`,
    );
    for (const inFlight of [1, 4]) {
      const b = await benchBacklog(srv, token, inFlight);
      console.log(`${name.padEnd(10)} backlog: ${backlog} registrations in pushes of 1,000, ${inFlight} in flight: ${b.seconds.toFixed(2)} s, ${b.perSecond.toFixed(0)} registrations/s`);
    }
    if (process.env.BENCH_PULL === '0') return;
    await srv.post('/bench/seed-pull', { total: pullTotal });
    for (const limit of [1000, 5000]) {
      const pull = await benchPull(srv, token, limit);
      console.log(`${name.padEnd(10)} pull: ${pull.documents} documents in pages of ${limit}: ${pull.seconds.toFixed(2)} s, ${pull.perSecond.toFixed(0)} documents/s`);
    }
  } finally {
    await srv.close();
  }
}

const engines = process.env.BENCH_ENGINES ?? 'pglite,postgres';
if (engines.includes('pglite')) await run('PGlite');
if (engines.includes('postgres')) {
  if (process.env.DATABASE_URL) await run('PostgreSQL', process.env.DATABASE_URL);
  else console.log('PostgreSQL: skipped (set DATABASE_URL=postgres://… to compare)');
}
console.log(`\nside by side (same run; load average now ${loadAverage()}):`);
for (const line of summary) console.log(line);
