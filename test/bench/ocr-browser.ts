/**
 * Browser check of the desktop OCR path (renderer/ocr): builds a tiny page with Vite that calls
 * `readEvidence`, serves it with the app's OCR assets (renderer/public/ocr, filled by
 * tools/ocr/copy-assets.mjs) under the app's CSP, and runs it in Debian's Chromium
 * (/usr/bin/chromium, no browser download). Prints fields, per-page timings, progress events,
 * every request the page made (all must be to the local server) and any CSP violation.
 *
 *   npx tsx test/bench/ocr-browser.ts [fixture.pdf ...]
 */
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = resolve('.');
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' blob: data:; object-src 'none'; base-uri 'none'";
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.pdf': 'application/pdf', '.gz': 'application/gzip' };

/** What one browser run observed. */
export interface BrowserCheck {
  results: Record<string, unknown>[];
  cancel: string;
  foreignRequests: string[];
  problems: string[];
  /** tesseract.js workers started for the cancelled read (0: it reused the engine the first read started). */
  cancelEngineStarts: number;
  /** Dedicated workers of the page once every read has ended and the idle time has passed (0). */
  workersAfter: number;
}

/** A running harness: the built page in Chromium, what it fetched from elsewhere, its errors. */
export interface OcrHarness {
  page: Page;
  browser: Browser;
  foreignRequests: string[];
  problems: string[];
  close(): Promise<void>;
}

/**
 * Builds the harness page (renderer/ocr `readEvidence` bundled by Vite with its web worker, the
 * app's OCR assets, the app's CSP), serves it on 127.0.0.1 and opens it in Debian's Chromium.
 * The page has `run(name)` (fixed nld+eng), `runCountry(name, country)` (languages from the form's
 * country and the page, as the desktop reads) and `cancelTest(name)`. Served files:
 * `fixtures/<name>` = test/fixtures/evidence, `fixtures/hostile/<name>` = test/fixtures/hostile,
 * `corpus/<name>` = test/fixtures/evidence/corpus/out (rendered corpus scans).
 */
export async function openOcrHarness(): Promise<OcrHarness> {
  execFileSync(process.execPath, ['tools/ocr/copy-assets.mjs'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'ocr-browser-'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"></head><body><script type="module" src="./entry.ts"></script></body></html>`);
  writeFileSync(
    join(dir, 'entry.ts'),
    `import { readEvidence, configureEvidenceReading, ocrEngineStarts, type ReadEvidenceOptions } from '${root}/renderer/ocr/index.ts';
    (window as any).configure = (idleMs: number) => configureEvidenceReading({ idleMs });
    const runWith = async (path: string, opts: ReadEvidenceOptions) => {
      const name = path.split('/').pop()!;
      const bytes = new Uint8Array(await (await fetch('./' + path)).arrayBuffer());
      const progress: string[] = [];
      const t = performance.now();
      const starts = ocrEngineStarts();
      try {
        const r = await readEvidence({ name, mimeType: 'application/pdf', bytes }, { ...opts, onProgress: (p, n, s) => progress.push(p + '/' + n + ' ' + s) });
        return { ok: true, ms: Math.round(performance.now() - t), engineStarts: ocrEngineStarts() - starts, kind: r.kind, languages: r.languages, fields: Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v!.value + (v!.invalid ? ' (invalid)' : '') + ' @' + v!.confidence])), timings: r.timings, progress };
      } catch (e: any) { return { ok: false, code: e.code, message: e.message, engineStarts: ocrEngineStarts() - starts, progress }; }
    };
    (window as any).run = (name: string) => runWith('fixtures/' + name, { langs: 'nld+eng' });
    (window as any).runCountry = (name: string, country: string) => runWith('corpus/' + name, { country });
    (window as any).cancelTest = async (name: string) => {
      const bytes = new Uint8Array(await (await fetch('./fixtures/' + name)).arrayBuffer());
      const c = new AbortController();
      const t = performance.now();
      const p = readEvidence({ name, mimeType: 'application/pdf', bytes }, { langs: 'nld+eng', signal: c.signal, onProgress: (_p, _n, s) => { if (s === 'recognise') setTimeout(() => c.abort(), 200); } });
      const starts = ocrEngineStarts();
      try { await p; return 'not cancelled'; } catch (e: any) { return e.code + ' after ' + Math.round(performance.now() - t) + ' ms, engine starts ' + (ocrEngineStarts() - starts); }
    };`,
  );
  await build({ configFile: false, root: dir, base: './', logLevel: 'warn', publicDir: join(root, 'renderer/public'), build: { outDir: join(dir, 'dist'), emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' }, server: { fs: { allow: [root, dir] } } });
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.startsWith('/fixtures/hostile/')
      ? join(root, 'test/fixtures/hostile', path.slice(18))
      : path.startsWith('/fixtures/')
        ? join(root, 'test/fixtures/evidence', path.slice(10))
        : path.startsWith('/corpus/')
          ? join(root, 'test/fixtures/evidence/corpus/out', path.slice(8))
          : join(dir, 'dist', path === '/' ? 'index.html' : path);
    if (file.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const context = await browser.newContext();
  const foreignRequests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreignRequests.push(r.url());
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.goto(`${origin}/`);
  return {
    page,
    browser,
    foreignRequests,
    problems,
    async close() {
      await browser.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `files[0]`, a cancellation of `files[0]` (in the same evidence worker, kept for `idleMs`),
 * then the other `files` (names under test/fixtures/evidence, or `hostile/<name>` under
 * test/fixtures/hostile) in the harness (see `openOcrHarness`), and waits for the idle worker to end.
 */
export async function runBrowserCheck(files: string[], idleMs = 2000): Promise<BrowserCheck> {
  const h = await openOcrHarness();
  try {
    await h.page.evaluate((ms) => (window as unknown as { configure(ms: number): void }).configure(ms), idleMs);
    const run = async (f: string) => ({ file: f, ...((await h.page.evaluate((name) => (window as unknown as { run(n: string): Promise<unknown> }).run(name), f)) as object) });
    const results: Record<string, unknown>[] = [await run(files[0]!)];
    const cancelled = await h.page.evaluate((name) => (window as unknown as { cancelTest(n: string): Promise<string> }).cancelTest(name), files[0]!);
    const [cancel, starts] = cancelled.split(', engine starts ');
    for (const f of files.slice(1)) results.push(await run(f));
    // the idle worker ends after idleMs; it leaves the page's list when Chromium reports it closed: wait up to 10 s more
    await new Promise((r) => setTimeout(r, idleMs));
    for (let i = 0; i < 40 && h.page.workers().length > 0; i++) await new Promise((r) => setTimeout(r, 250));
    return { results, cancel: cancel!, cancelEngineStarts: Number(starts), foreignRequests: h.foreignRequests, problems: h.problems, workersAfter: h.page.workers().length };
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    console.warn('Chromium not installed (apt-get install -y chromium): browser OCR check skipped');
    return;
  }
  const files = process.argv.slice(2).length ? process.argv.slice(2) : ['kvk-e2e.pdf', 'nl-kvk-two-pages.pdf', 'nl-invoice-text-layer.pdf'];
  const r = await runBrowserCheck(files);
  for (const x of r.results) console.log(JSON.stringify(x, null, 1));
  console.log('cancel:', r.cancel, `(engine starts ${r.cancelEngineStarts})`);
  console.log(`requests outside the app origin: ${r.foreignRequests.length ? r.foreignRequests.join(', ') : 'none'}`);
  console.log(`console errors / CSP violations: ${r.problems.length ? r.problems.join('\n  ') : 'none'}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
