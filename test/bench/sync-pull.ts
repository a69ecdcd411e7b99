/**
 * Sync bench: initial pull vs the raw Dexie floor, and an offline push, in Chromium.
 * Run: `npx tsx test/bench/sync-pull.ts` (see test/bench/sync/README.md).
 */
import { build } from 'vite';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, startProtocolServer } from './sync/protocolServer';
import { startTestServer } from '../support/testServer';

/** What page.ts puts on `window`. */
interface BenchWindow {
  bench: {
    floor(u: string, batch: number, rxIndexes?: boolean): Promise<{ ms: number; counts: Record<string, number> }>;
    pull(u: string, batch: number, expected: Record<string, number>, rxIndexes?: boolean): Promise<{ ms: number; counts: Record<string, number> }>;
    push(u: string, n: number, token?: string, organisationId?: string, productModelId?: string): Promise<{ writeMs: number; pushMs: number; pendingBefore: number; pendingAfter: number; times: string[] }>;
    bootOnly(u: string, batch: number): Promise<{ ms: number; openMs: number }>;
    putProbe(n: number): Promise<Record<string, number[]>>;
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_REGISTRATIONS ?? 100_000);
const M = Number(process.env.BENCH_PRODUCT_MODELS ?? 5_000);
const P = Number(process.env.BENCH_PUSH ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const BATCH = Number(process.env.BENCH_BATCH ?? 2000);
/** Also pull with RxDB's Dexie storage as it comes (its own index set), alternating the order of the two pulls per run. */
const COMPARE_RX = process.env.BENCH_COMPARE_RX === '1';
/** Folder for CPU profiles of each contender (CDP Profiler; open in Chrome DevTools or summarise with sync/profileSummary.ts). */
const PROFILE_DIR = process.env.BENCH_PROFILE;

async function peakHeap<T>(cdp: CDPSession, fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  let running = true;
  const sample = async () => {
    while (running) {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      if (used > peak) peak = used;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const sampler = sample();
  try {
    const result = await fn();
    return { result, peakMb: peak / 1048576 };
  } finally {
    running = false;
    await sampler;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const out = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  console.log(`building bench page…`);
  await build({ root: join(here, 'sync'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true, target: 'es2022', minify: !PROFILE_DIR }, configFile: false });
  const data = generate(N, M);
  const server = await startProtocolServer(data, out);
  // Every contender runs in a fresh browser with a fresh on-disk profile, so no run inherits
  // another's IndexedDB files (their compaction skewed later runs on this machine).
  let profiles = 0;
  const withPage = async <T>(fn: (page: Page, cdp: CDPSession) => Promise<T>, label = 'run'): Promise<{ result: T; peakMb: number }> => {
    const profile = mkdtempSync(join(tmpdir(), 'sync-bench-profile-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      page.on('console', (m) => (m.type() === 'error' || process.env.BENCH_VERBOSE ? console.log('[page]', m.text()) : undefined));
      await page.goto(server.url + '/index.html');
      await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
      const cdp = await browser.newCDPSession(page);
      await cdp.send('Performance.enable');
      if (!PROFILE_DIR) return await peakHeap(cdp, () => fn(page, cdp));
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
      const measured = await peakHeap(cdp, () => fn(page, cdp));
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      mkdirSync(PROFILE_DIR, { recursive: true });
      const file = join(PROFILE_DIR, `${++profiles}-${label}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      console.log(`profile: ${file}`);
      return measured;
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
  try {
    if (process.env.BENCH_PUT_PROBE) {
      // diagnostics only: the cost of IndexedDB puts by store and document shape (page.ts putProbe)
      const pr = await withPage((page) => page.evaluate((n) => (window as unknown as BenchWindow).bench.putProbe(n), P), 'put-probe');
      for (const [k, v] of Object.entries(pr.result)) console.log(`put probe, ${P} documents, ${k}: ${v.join(', ')} ms (load ${loadavg()[0]!.toFixed(1)})`);
      return;
    }
    const expected = { registrations: N, productModels: M };
    console.log(`documents: ${N} registrations + ${M} product models, pull batch ${BATCH}, runs ${RUNS}`);
    const floors: number[] = [];
    const pulls: number[] = [];
    let floorPeak = 0;
    let pullPeak = 0;
    const rxPulls: number[] = [];
    let rxPeak = 0;
    for (let run = 0; run < RUNS; run++) {
      if (process.env.BENCH_BOOT) {
        const fr = await withPage((page) => page.evaluate(([u, bb]) => (window as unknown as BenchWindow).bench.floor(u, bb, true), [server.url, BATCH] as const), 'floor-rx-indexes');
        console.log(`floor with RxDB's index set: ${(fr.result.ms / 1000).toFixed(2)} s`);
        const b = await withPage((page) => page.evaluate(([u, bb]) => (window as unknown as BenchWindow).bench.bootOnly(u, bb), [server.url, BATCH] as const), 'bootstrap');
        console.log(`bootstrap alone: ${(b.result.ms / 1000).toFixed(2)} s`);
      }
      const f = await withPage((page) => page.evaluate(([u, b]) => (window as unknown as BenchWindow).bench.floor(u, b), [server.url, BATCH] as const), 'floor');
      if (f.result.counts.registrations !== N || f.result.counts.productModels !== M) throw new Error(`floor stored ${JSON.stringify(f.result.counts)}`);
      floors.push(f.result.ms);
      floorPeak = Math.max(floorPeak, f.peakMb);
      const pullWith = async (rxIndexes: boolean) => {
        const r = await withPage((page) => page.evaluate(([u, b, e, rx]) => (window as unknown as BenchWindow).bench.pull(u, b, e, rx), [server.url, BATCH, expected, rxIndexes] as const), rxIndexes ? 'pull-rx-indexes' : 'pull');
        if (r.result.counts.registrations !== N || r.result.counts.productModels !== M) throw new Error(`pull stored ${JSON.stringify(r.result.counts)}`);
        return r;
      };
      // with the comparison, odd runs pull with RxDB's own index set first, even runs second
      const rxFirst = COMPARE_RX && run % 2 === 0;
      const rx0 = rxFirst ? await pullWith(true) : null;
      const p = await pullWith(false);
      const rx = rx0 ?? (COMPARE_RX ? await pullWith(true) : null);
      pulls.push(p.result.ms);
      pullPeak = Math.max(pullPeak, p.peakMb);
      if (rx) {
        rxPulls.push(rx.result.ms);
        rxPeak = Math.max(rxPeak, rx.peakMb);
      }
      const rxText = rx ? `, pull with RxDB's index set ${(rx.result.ms / 1000).toFixed(2)} s (peak heap ${rx.peakMb.toFixed(0)} MB, ${rxFirst ? 'first' : 'second'}), ratio ${(rx.result.ms / f.result.ms).toFixed(2)}, pull/that ${(p.result.ms / rx.result.ms).toFixed(2)}` : '';
      console.log(`run ${run + 1}: floor ${(f.result.ms / 1000).toFixed(2)} s (peak heap ${f.peakMb.toFixed(0)} MB), pull ${(p.result.ms / 1000).toFixed(2)} s (peak heap ${p.peakMb.toFixed(0)} MB), ratio ${(p.result.ms / f.result.ms).toFixed(2)}${rxText}`);
    }
    const fm = median(floors);
    const pm = median(pulls);
    const ratios = floors.map((f, i) => pulls[i]! / f);
    console.log(`initial pull: floor ${(fm / 1000).toFixed(2)} s (${Math.round(((N + M) / fm) * 1000)} docs/s, peak ${floorPeak.toFixed(0)} MB); sync ${(pm / 1000).toFixed(2)} s (${Math.round(((N + M) / pm) * 1000)} docs/s, peak ${pullPeak.toFixed(0)} MB)`);
    console.log(`RATIO pull/floor = ${median(ratios).toFixed(2)} (median of per-run ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}; target <= 1.5)`);
    if (rxPulls.length > 0) {
      const rxRatios = floors.map((f, i) => rxPulls[i]! / f);
      const own = pulls.map((p, i) => p / rxPulls[i]!);
      console.log(`pull with RxDB's index set: ${(median(rxPulls) / 1000).toFixed(2)} s (peak ${rxPeak.toFixed(0)} MB); RATIO ${median(rxRatios).toFixed(2)} (per run ${rxRatios.map((r) => r.toFixed(2)).join(', ')}); pull/pull with RxDB's index set ${median(own).toFixed(2)} (per run ${own.map((r) => r.toFixed(2)).join(', ')})`);
    }
    if (P > 0) {
      // a second stand-in with an empty registrations feed: the push is measured alone
      if (process.env.BENCH_STANDIN_PUSH !== '0') {
        const pushServer = await startProtocolServer({ registrations: [] }, out);
        const r = await withPage((page) => page.evaluate(([u, n]) => (window as unknown as BenchWindow).bench.push(u, n), [pushServer.url, P] as const), 'push-stand-in');
        const onServer = [...pushServer.pushed.values()].filter((d) => String(d.id).startsWith('local-')).length;
        await pushServer.close();
        console.log(`offline push: ${P} registrations written locally in ${(r.result.writeMs / 1000).toFixed(2)} s; pending ${r.result.pendingBefore} → ${r.result.pendingAfter}; pushed on reconnect in ${(r.result.pushMs / 1000).toFixed(2)} s (${Math.round((P / r.result.pushMs) * 1000)} docs/s, peak ${r.peakMb.toFixed(0)} MB); on server: ${onServer}`);
        if (process.env.BENCH_STORAGE_TIMES) for (const t of r.result.times) console.log(`  ${t}`);
        if (onServer !== P) throw new Error(`server received ${onServer} of ${P}`);
      }
      if (process.env.BENCH_REAL_PUSH !== '0') {
        // the same offline backlog pushed to the real program server on PGlite (full authority path)
        const real = await startTestServer();
        try {
          const { token } = await real.login('studio@demo.test');
          const rr = await withPage((page) =>
            page.evaluate(([u, n, t]) => (window as unknown as BenchWindow).bench.push(u, n, t, 'org-demo-studio', 'pm-eos-r5'), [real.url, P, token] as const),
            'push-program-server',
          );
          const stored = await real.server.services.db.query<{ n: number }>("select count(*)::int as n from documents where collection = 'registrations' and id like 'local-%'");
          console.log(
            `offline push to the program server (PGlite): ${P} registrations written locally in ${(rr.result.writeMs / 1000).toFixed(2)} s, pushed on reconnect in ${(rr.result.pushMs / 1000).toFixed(2)} s (${Math.round((P / rr.result.pushMs) * 1000)} docs/s, peak ${rr.peakMb.toFixed(0)} MB); pending ${rr.result.pendingBefore} → ${rr.result.pendingAfter}; stored: ${stored[0]?.n}`,
          );
          if (process.env.BENCH_STORAGE_TIMES) for (const t of rr.result.times) console.log(`  ${t}`);
        } finally {
          await real.close();
        }
      }
    }
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
