/**
 * UI bench, in Chromium (/usr/bin/chromium) against the production build of the real
 * app shell and Counter over a 50,000-model catalog (test/bench/ui/entry.tsx):
 *  1. search-as-you-type: per keystroke, time from the keydown to the combobox list rendered
 *     (React commits discrete input synchronously; measured in the page) — p50/p95, target p95 < 16 ms;
 *  2. save-to-visible: time from the Enter that saves a registration to its row in the list — p50/p95,
 *     target < 50 ms.
 * Run: `npx tsx test/bench/ui-search.ts [models=50000]`. Prints numbers; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';

const models = Number(process.argv[2] ?? '50000');
const root = resolve('test/bench/ui');
const outDir = mkdtempSync(join(tmpdir(), 'cps-ui-bench-'));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms · p95 ${pct(xs, 95).toFixed(1)} ms · max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

async function main() {
  await build({ root, base: './', logLevel: 'warn', publicDir: false, plugins: [react()], build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 }, worker: { format: 'es' } });
  const server = await preview({ root, base: './', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 4191, strictPort: false } });
  const url = server.resolvedUrls!.local[0]!;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    await page.goto(`${url}index.html?models=${models}#/counter`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 300_000 });
    await page.locator('.registrations').waitFor();
    console.log(`catalog: ${await page.evaluate(() => (window as unknown as { bench: { models: number } }).bench.models)} models, first load ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // 1. search-as-you-type
    await page.evaluate(() => {
      const w = window as unknown as { keyStart: number; samples: number[] };
      w.samples = [];
      window.addEventListener('keydown', () => (w.keyStart = performance.now()), { capture: true });
      window.addEventListener('input', () => w.samples.push(performance.now() - w.keyStart));
    });
    const input = page.getByRole('combobox', { name: 'Product model' });
    const queries = ['EOS R5 Mark II', 'rf 24-70 2.8', 'C300-III', 'cn20x50', 'EOS R6 Mrk', 'studio 12', 'RF 100-500 pro3'];
    for (let round = 0; round < 3; round++) {
      for (const q of queries) {
        await input.fill('');
        await input.pressSequentially(q, { delay: 20 });
        await page.locator('.combobox-list [role=option]').first().waitFor({ timeout: 5000 }).catch(() => undefined);
      }
    }
    const keys = await page.evaluate(() => (window as unknown as { samples: number[] }).samples.filter((x) => x >= 0));
    console.log(`search-as-you-type over ${models} models, per keystroke: ${fmt(keys)} (target p95 < 16 ms)`);

    // 2. save → visible in the list
    const saves: number[] = [];
    for (let i = 0; i < 25; i++) {
      const serial = String(900000000000 + i);
      await input.fill('EOS-R3');
      await input.press('Enter');
      const serialField = page.getByLabel('Serial number');
      await serialField.fill(serial);
      const ms = await page.evaluate(
        (s) =>
          new Promise<number>((done) => {
            const field = document.getElementById('serial')!;
            let start = 0;
            const obs = new MutationObserver(() => {
              if (document.querySelector(`.registrations tr[data-serial="${s}"]`)) {
                obs.disconnect();
                done(performance.now() - start);
              }
            });
            obs.observe(document.body, { childList: true, subtree: true });
            start = performance.now();
            field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
            (field.closest('form') as HTMLFormElement).requestSubmit();
          }),
        serial,
      );
      saves.push(ms);
    }
    console.log(`save → visible in the list: ${fmt(saves)} (target < 50 ms)`);
    console.log(`load average during the run: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (numbers are only comparable at similar load)`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
