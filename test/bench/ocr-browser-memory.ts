/**
 * Memory of the desktop's OCR path in a real browser: the harness of ocr-browser.ts (renderer/ocr
 * `readEvidence` built by Vite, its web worker, pdf.js and tesseract.js, the app's CSP) in Debian's
 * Chromium reads several corpus scans one after another in ONE session, each with the languages of
 * its country (as the new-account form reads). For every document it prints, for the Chromium
 * process tree (browser, renderer with its web workers, GPU/utility processes):
 *  - renderer before: the renderer's RSS when the read starts (the page, what earlier reads left);
 *  - renderer peak: VmHWM of the renderer process(es), reset before each document
 *    (`echo 5 > /proc/<pid>/clear_refs`, Linux ≥ 4.0), so it is that document's exact peak;
 *  - tree peak: the largest sum of PSS (/proc/<pid>/smaps_rollup, shared pages split between
 *    the processes that map them) over all Chromium processes, sampled every 50 ms;
 *  - tree after: the same sum once the read has ended (what the session keeps).
 *
 *   npx tsx test/bench/ocr-browser-memory.ts [--files nl-kvk-table-1.pdf,nl-btw-letter-1.pdf,...] [--purge] [--idle-ms 60000]
 *
 * `--idle-ms`: how long the started engine is kept after a read (`configureEvidenceReading`; the
 * app's default 60 s keeps it for the whole run, 0 starts a fresh engine per document; the evidence
 * worker with pdf.js is fresh per document either way). `engine starts` = tesseract.js workers started for the read.
 *
 * `--purge`: before each document, a critical memory-pressure notification and a full GC of the
 * page (CDP `Memory.simulatePressureNotification`, `HeapProfiler.collectGarbage`): what the
 * session keeps that Chromium would give back under pressure is then not counted in "before".
 *
 * Scans come from test/fixtures/evidence/corpus/out (`npx tsx test/fixtures/evidence/corpus/render.ts
 * --split dev --per-layout 1` renders them). Linux only (reads /proc).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDocs } from '../fixtures/evidence/corpus';
import { openOcrHarness } from './ocr-browser';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const files = (arg('--files') ?? 'nl-kvk-table-1.pdf,nl-btw-letter-1.pdf,be-tva-fr-letter-1.pdf,de-bzst-1.pdf,nl-invoice-stamp-1.pdf,fr-kbis-1.pdf').split(',');
const outDir = 'test/fixtures/evidence/corpus/out';
const purge = args.includes('--purge');
const idleMs = arg('--idle-ms');

/** Process ids below `root` (children, grandchildren, …), from /proc/<pid>/stat's ppid. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) {
      if (pp !== p) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** A `kB` field of /proc/<pid>/status or smaps_rollup, in bytes (0 when the process is gone). */
function kb(file: string, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};
const chromiumPids = (): number[] => descendants(process.pid).filter((p) => cmdline(p).includes('chromium'));
const renderers = (): number[] => chromiumPids().filter((p) => cmdline(p).includes('--type=renderer'));
const treePss = (): number => chromiumPids().reduce((s, p) => s + kb(`/proc/${p}/smaps_rollup`, 'Pss'), 0);
const mb = (b: number): string => `${Math.round(b / 1048576)} MB`;

async function main(): Promise<void> {
  for (const f of files) if (!existsSync(join(outDir, f))) throw new Error(`${join(outDir, f)} is missing: render the corpus first (see the header)`);
  const h = await openOcrHarness();
  const cdp = await h.page.context().newCDPSession(h.page);
  if (idleMs !== undefined) await h.page.evaluate((ms) => (window as unknown as { configure(ms: number): void }).configure(ms), Number(idleMs));
  try {
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`Chromium processes ${chromiumPids().length}, renderer(s) ${renderers().join(',')}; page loaded: tree PSS ${mb(treePss())}, renderer RSS ${mb(renderers().reduce((s, p) => s + kb(`/proc/${p}/status`, 'VmRSS'), 0))}`);
    console.log('doc  file                          languages      s      fields  renderer before  renderer peak  tree peak  tree after  engine starts  render s  recognise s');
    for (const [i, f] of files.entries()) {
      const doc = corpusDocs().find((d) => d.file === f);
      if (!doc) throw new Error(`${f} is not a corpus document`);
      if (purge) {
        // what Chromium itself would drop under memory pressure (caches, free allocator pages) and a full GC of the page
        await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
        await cdp.send('HeapProfiler.collectGarbage');
        await new Promise((res) => setTimeout(res, 1000));
      }
      const before = Math.max(...renderers().map((p) => kb(`/proc/${p}/status`, 'VmRSS')));
      for (const p of renderers()) writeFileSync(`/proc/${p}/clear_refs`, '5');
      let treePeak = 0;
      const timer = setInterval(() => (treePeak = Math.max(treePeak, treePss())), 50);
      const r = (await h.page.evaluate(([name, country]) => (window as unknown as { runCountry(n: string, c: string): Promise<unknown> }).runCountry(name!, country!), [f, doc.country])) as { ok: boolean; ms: number; languages?: string; engineStarts?: number; timings?: { renderMs: number; recogniseMs: number }[]; fields: Record<string, string>; message?: string };
      clearInterval(timer);
      treePeak = Math.max(treePeak, treePss());
      const rendererPeak = Math.max(...renderers().map((p) => kb(`/proc/${p}/status`, 'VmHWM')));
      await new Promise((res) => setTimeout(res, 1500));
      if (!r.ok) throw new Error(`${f}: ${r.message}`);
      const exact = Object.entries(doc.fields).filter(([k, t]) => r.fields[k]?.split(' @')[0] === t.value + (t.invalid ? ' (invalid)' : '')).length;
      console.log(`${String(i + 1).padEnd(4)} ${f.padEnd(29)} ${(r.languages ?? '').padEnd(13)} ${(r.ms / 1000).toFixed(1).padStart(5)}  ${`${exact}/${Object.keys(doc.fields).length}`.padStart(6)}  ${mb(before).padStart(15)}  ${mb(rendererPeak).padStart(13)}  ${mb(treePeak).padStart(9)}  ${mb(treePss()).padStart(10)}  ${String(r.engineStarts ?? '?').padStart(13)}  ${((r.timings ?? []).reduce((a, t) => a + t.renderMs, 0) / 1000).toFixed(1).padStart(8)}  ${((r.timings ?? []).reduce((a, t) => a + t.recogniseMs, 0) / 1000).toFixed(1).padStart(11)}`);
    }
    if (h.problems.length) console.log(`console errors: ${h.problems.join('\n  ')}`);
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
