/**
 * Offline-backlog push bench: N registrations written while offline, then pushed on reconnect to
 * the real program server on PGlite running in a process of its OWN (test/bench/pushServer.ts; a
 * fresh in-memory server per contender), so the client's CPU and the server's are not one thread.
 * Contenders, side by side in one run (each prints time, docs/s and its ratio to the server alone):
 * - `server alone`: the same N rows POSTed by plain `fetch` in requests of `maxPushRows` rows, 2 in
 *   flight (`pushRequestsInFlight`, default 2) — what the server needs, the floor of any client;
 * - `node`: the sync module (`startSync`) on RxDB + Dexie over fake-indexeddb in this process
 *   (ajv validation on, as in tests), with the time spent per storage call (store + method; calls
 *   overlap, so sums can exceed the wall time) and in push requests;
 * - `chromium`: the same in Debian's Chromium, real IndexedDB (the bench page of sync-pull.ts,
 *   test/bench/sync/page.ts, built with Vite), the storage the desktop uses.
 *
 * Run: `npx tsx test/bench/sync-push.ts` (env: BENCH_PUSH=10000; BENCH_CONTENDERS=server,node,chromium —
 * BENCH_PUSH_BATCH / BENCH_PUSH_IN_FLIGHT override `pushBatchSize` / `pushRequestsInFlight`; the contender
 * `chromium-no-ahead` is `chromium` with `pushAhead: false`, every batch sent only when RxDB asks —
 * listed before `chromium`, the latter prints its same-run ratio to it).
 * `BENCH_PROFILE=<dir>`: a CPU profile of the Chromium page. CPU profile of the node contender: `node --cpu-prof --cpu-prof-dir=<dir> --import tsx test/bench/sync-push.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from '@playwright/test';
import type { RxStorage } from 'rxdb';
import { startSync, type StartSyncOptions } from '../../renderer/sync/replication';
import { maxPushRows } from '../../shared/sync/protocol';
import { openClientDb } from '../integration/sync/clientDb';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_PUSH ?? 10_000);
const contenders = (process.env.BENCH_CONTENDERS ?? 'server,node,chromium').split(',');
const tuning: Partial<StartSyncOptions> = {
  ...(process.env.BENCH_PUSH_BATCH ? { pushBatchSize: Number(process.env.BENCH_PUSH_BATCH) } : {}),
  ...(process.env.BENCH_PUSH_IN_FLIGHT ? { pushRequestsInFlight: Number(process.env.BENCH_PUSH_IN_FLIGHT) } : {}),
};
/** Folder for a CPU profile of the Chromium page (CDP Profiler; the page is then built unminified). */
const PROFILE_DIR = process.env.BENCH_PROFILE;
const load = () => loadavg()[0]!.toFixed(1);

/** The program server (pushServer.ts) in a child process. */
async function startServerProcess(): Promise<{ url: string; token: string; stored(): Promise<number>; close(): Promise<void> }> {
  const env = { ...process.env };
  delete env.DATABASE_URL; // PGlite
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(here, 'pushServer.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (l) => l.startsWith('READY ') && resolve(l.slice(6)));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'studio@demo.test', password: 'demo-password-for-tests' }) });
  const { token } = (await r.json()) as { token: string };
  return {
    url,
    token,
    async stored() {
      let n = 0;
      type Cp = { id: string; updatedAt: string } | null;
      let cp: Cp = null;
      for (;;) {
        const q = new URLSearchParams({ limit: '5000', ...(cp ?? {}) });
        const body = (await (await fetch(`${url}/sync/registrations/pull?${q}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { documents: { id: string }[]; checkpoint: Cp };
        n += body.documents.filter((d) => d.id.startsWith('local-')).length;
        if (body.documents.length < 5000) return n;
        cp = body.checkpoint;
      }
    },
    async close() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** The backlog (same shape as the bench page's). */
function backlog(n: number): Record<string, unknown>[] {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({
    id: `local-${i}-${crypto.randomUUID()}`, organisationId: 'org-demo-studio', productModelId: 'pm-eos-r5', serialNumber: String(200000000000 + i),
    purchaseDate: '2026-11-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Bench', status: 'draft', statusReason: null,
    points: 0, migratedFrom: null, createdAt: now, updatedAt: now,
  }));
}

async function serverAlone(url: string, token: string): Promise<number> {
  const docs = backlog(N).map((d) => ({ assumedMasterState: null, newDocumentState: { ...d, _deleted: false } }));
  const chunks: (typeof docs)[] = [];
  for (let i = 0; i < docs.length; i += maxPushRows) chunks.push(docs.slice(i, i + maxPushRows));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: tuning.pushRequestsInFlight ?? 2 }, async () => {
      while (next < chunks.length) {
        const body = JSON.stringify(chunks[next++]);
        const r = await fetch(`${url}/sync/registrations/push`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
        if (!r.ok) throw new Error(`push ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      }
    }),
  );
  return performance.now() - t0;
}

/** Storage wrapper timing every call (see the module comment). */
function timingStorage(base: RxStorage<unknown, unknown>, times: Map<string, { calls: number; ms: number; docs: number }>, on: { value: boolean }): RxStorage<unknown, unknown> {
  return {
    ...base,
    async createStorageInstance(params) {
      const inst = await base.createStorageInstance(params);
      const label = params.collectionName.startsWith('rx-replication-meta') ? 'replication meta' : params.collectionName;
      const i = inst as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      for (const m of ['bulkWrite', 'findDocumentsById', 'query', 'count', 'getChangedDocumentsSince'] as const) {
        if (typeof i[m] !== 'function') continue;
        const orig = i[m]!.bind(inst);
        i[m] = (...a: unknown[]) => {
          if (!on.value) return orig(...a);
          const t0 = performance.now();
          return orig(...a).finally(() => {
            const e = times.get(`${label} ${m}`) ?? { calls: 0, ms: 0, docs: 0 };
            e.calls++;
            e.ms += performance.now() - t0;
            e.docs += Array.isArray(a[0]) ? a[0].length : 0;
            times.set(`${label} ${m}`, e);
          });
        };
      }
      return inst;
    },
  };
}

async function nodeClient(url: string, token: string, tuning: Partial<StartSyncOptions>): Promise<{ writeMs: number; pushMs: number; pendingBefore: number; times: string[] }> {
  const times = new Map<string, { calls: number; ms: number; docs: number }>();
  const on = { value: false };
  const db = await openClientDb(`push-bench-${Date.now()}`, ['registrations'], { wrapStorage: (s) => timingStorage(s, times, on) });
  let online = false;
  const realFetch = globalThis.fetch;
  const timedFetch: typeof fetch = async (input, init) => {
    if (!on.value || !String(input).endsWith('/push')) return realFetch(input, init);
    const t0 = performance.now();
    const res = await realFetch(input, init);
    const answered = ((await res.clone().json()) as unknown[]).length;
    const e = times.get('HTTP push') ?? { calls: 0, ms: 0, docs: 0 };
    e.calls++;
    e.ms += performance.now() - t0;
    e.docs += (JSON.parse(String(init?.body)) as unknown[]).length;
    times.set('HTTP push', e);
    const a = times.get('HTTP push answers (documents)') ?? { calls: 0, ms: 0, docs: 0 };
    a.docs += answered;
    times.set('HTTP push answers (documents)', a);
    return res;
  };
  const sync = startSync({ db, serverUrl: url, getToken: () => token, collections: ['registrations'], liveCollections: [], platformOnline: () => online, waitForLeadership: false, fetch: timedFetch, log: () => undefined, ...tuning });
  const tw = performance.now();
  const docs = backlog(N);
  for (let i = 0; i < docs.length; i += 1000) await db.collections.registrations!.bulkInsert(docs.slice(i, i + 1000));
  const writeMs = performance.now() - tw;
  await new Promise((r) => setTimeout(r, 500));
  const pendingBefore = sync.status.pendingLocalChanges;
  on.value = true;
  const t0 = performance.now();
  online = true;
  sync.retryNow();
  await sync.awaitInSync();
  const pushMs = performance.now() - t0;
  // storage calls of work RxDB still does after `awaitInSync` (e.g. a conflict's resolution) count too
  await new Promise((r) => setTimeout(r, 2000));
  on.value = false;
  await sync.stop();
  await db.close();
  return { writeMs, pushMs, pendingBefore, times: [...times].map(([k, v]) => `${k}: ${v.calls} calls, ${Math.round(v.ms)} ms, ${v.docs} docs`) };
}

async function chromiumClient(url: string, token: string, tuning: Partial<StartSyncOptions>): Promise<{ writeMs: number; pushMs: number; pendingBefore: number; pendingAfter: number; times: string[] }> {
  const out = mkdtempSync(join(tmpdir(), 'sync-push-bench-'));
  const profile = mkdtempSync(join(tmpdir(), 'sync-push-profile-'));
  await build({ root: join(here, 'sync'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true, target: 'es2022', minify: !PROFILE_DIR }, configFile: false });
  // the page is served by a tiny static server (the stand-in of sync-pull.ts, with no documents)
  const { startProtocolServer } = await import('./sync/protocolServer');
  const pages = await startProtocolServer({ registrations: [] }, out);
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => (m.type() === 'error' || process.env.BENCH_VERBOSE ? console.log('[page]', m.text()) : undefined));
    await page.goto(pages.url + '/index.html');
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
    const cdp = PROFILE_DIR ? await browser.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const result = await page.evaluate(
      ([u, n, t, opts]) =>
        (window as unknown as { bench: { push(...a: unknown[]): Promise<{ writeMs: number; pushMs: number; pendingBefore: number; pendingAfter: number; times: string[] }> } }).bench.push(u, n, t, 'org-demo-studio', 'pm-eos-r5', opts),
      [url, N, token, JSON.parse(JSON.stringify(tuning)) as Record<string, number | boolean>] as [string, number, string, Record<string, number | boolean>],
    );
    if (cdp) {
      const { profile: cpu } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      mkdirSync(PROFILE_DIR!, { recursive: true });
      const file = join(PROFILE_DIR!, `chromium-push-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(cpu));
      console.log(`profile of the page: ${file} (npx tsx test/bench/sync/profileSummary.ts ${file})`);
    }
    return result;
  } finally {
    await browser.close();
    await pages.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`offline push of ${N} registrations to the program server (PGlite, own process); options ${JSON.stringify(tuning)}; load ${load()}`);
  let floor = 0;
  const pushTimes = new Map<string, number>();
  for (const c of contenders) {
    const srv = await startServerProcess();
    try {
      if (c === 'server') {
        floor = await serverAlone(srv.url, srv.token);
        console.log(`server alone (${N} rows, ${maxPushRows} per request, ${tuning.pushRequestsInFlight ?? 2} in flight): ${(floor / 1000).toFixed(2)} s (${Math.round((N / floor) * 1000)} docs/s); load ${load()}`);
      } else {
        const engine = c;
        const options = c.endsWith('-no-ahead') ? { ...tuning, pushAhead: false } : tuning;
        const r = engine === 'node' ? await nodeClient(srv.url, srv.token, options) : await chromiumClient(srv.url, srv.token, options);
        const stored = await srv.stored();
        pushTimes.set(c, r.pushMs);
        const ratio = floor ? `, ${(r.pushMs / floor).toFixed(2)}× the server alone` : '';
        const sequential = c === 'chromium' && pushTimes.has('chromium-no-ahead') ? `, ${(r.pushMs / pushTimes.get('chromium-no-ahead')!).toFixed(2)}× without sending ahead` : '';
        const label = engine === 'node' ? 'node, fake-indexeddb' : c === 'chromium-no-ahead' ? 'chromium, real IndexedDB, no rows sent ahead' : 'chromium, real IndexedDB';
        console.log(`${label}: written offline in ${(r.writeMs / 1000).toFixed(2)} s, pending ${r.pendingBefore}; pushed in ${(r.pushMs / 1000).toFixed(2)} s (${Math.round((N / r.pushMs) * 1000)} docs/s${ratio}${sequential}); stored ${stored}; load ${load()}`);
        for (const t of r.times) console.log(`  ${t}`);
        if (stored !== N) throw new Error(`server stored ${stored} of ${N}`);
      }
    } finally {
      await srv.close();
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
