/**
 * What a fresh tesseract.js engine's first page costs in V8's WebAssembly compilation, against
 * native Tesseract: every run is a NEW Node process (as the Node reader and ocr-corpus.ts read one
 * document per process), started with the V8 flags under test, which starts a worker (WebAssembly
 * core, language data, init) and recognises the same page twice. The first reading carries V8's
 * compilation of the functions it runs (Liftoff, then TurboFan for hot ones: dynamic tiering, on
 * background threads); the second shows the engine's speed once that is done. Wall time and CPU
 * seconds of the whole process (all threads) are printed per phase, medians of `--runs`,
 * interleaved with native Tesseract on the same image (PSM 6, the image's dpi, the app's models,
 * `OMP_THREAD_LIMIT=1`; its run on a blank 100×100 image is its start).
 *
 * A process of its own matters: V8 shares compiled WebAssembly between the workers of one process
 * (the same module bytes compile once), so ocr-speed.ts's later runs, in one process, read with
 * code already compiled.
 *
 *   npx tsx test/bench/ocr-tiering.ts [--files de-finanzamt-1.pdf,nl-invoice-customer-vat-1.pdf] [--runs 3]
 *     [--flag-sets '|--liftoff-only|--no-liftoff --no-wasm-lazy-compilation']
 *
 * Scans come from test/fixtures/evidence/corpus/out (render.ts --split eval --per-layout 1, or dev).
 * Results: docs/performance.md, "Where the OCR time goes".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blankPgm, recognisedPages } from './ocr/pageImages';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);

/** One phase's wall time and process CPU (user + system, all threads), seconds. */
interface Phase { wall: number; cpu: number }
interface ChildResult { start: Phase; first: Phase; second: Phase }

/** Child: start a worker, read the page twice, print the three phases as JSON. */
async function child(pgm: string, langs: string, dpi: number): Promise<void> {
  const { createWorker } = await import('../../tools/ocr/tesseractNode');
  const { prepareUnpackedLanguageDir, tesseractWorkerPath } = await import('../../tools/ocr/engine');
  const langPath = prepareUnpackedLanguageDir(langs.split('+'));
  const image = readFileSync(pgm);
  let t = performance.now();
  let c = process.cpuUsage();
  const phase = (): Phase => {
    const d = process.cpuUsage(c);
    const p = { wall: (performance.now() - t) / 1000, cpu: (d.user + d.system) / 1e6 };
    t = performance.now();
    c = process.cpuUsage();
    return p;
  };
  const w = await createWorker(langs, 1, { langPath, gzip: false, cacheMethod: 'none', workerPath: tesseractWorkerPath } as never);
  await w.setParameters({ tessedit_pageseg_mode: '6' as never, preserve_interword_spaces: '1', user_defined_dpi: String(dpi) });
  const start = phase();
  await w.recognize(image as never, {}, { tsv: true, blocks: false, text: false });
  const first = phase();
  await w.recognize(image as never, {}, { tsv: true, blocks: false, text: false });
  const second = phase();
  await w.terminate();
  process.stdout.write(JSON.stringify({ start, first, second } satisfies ChildResult));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const files = (arg('--files') ?? 'de-finanzamt-1.pdf,nl-invoice-customer-vat-1.pdf').split(',');
  const runs = Number(arg('--runs') ?? 3);
  const flagSets = (arg('--flag-sets') ?? '|--liftoff-only|--no-liftoff --no-wasm-lazy-compilation').split('|');
  const { prepareUnpackedLanguageDir, shippedLanguages } = await import('../../tools/ocr/engine');
  const tmp = mkdtempSync(join(tmpdir(), 'ocr-tiering-'));
  const tessdata = prepareUnpackedLanguageDir([...shippedLanguages]);
  const blank = blankPgm(tmp);

  // the first page image the app's pipeline recognises (upright, denoised) and its languages
  const pages = (await recognisedPages(files, tmp)).filter((p) => p.page === 1).map((p) => ({ file: p.file, langs: p.langs ?? 'eng', dpi: p.image.dpi, pgm: p.pgm }));

  const self = fileURLToPath(import.meta.url);
  const runChild = (flags: string, p: (typeof pages)[number]): ChildResult => {
    const r = spawnSync(process.execPath, [...flags.split(' ').filter(Boolean), ...process.execArgv, self, '--child', p.pgm, p.langs, String(p.dpi)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`child with "${flags}" failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as ChildResult;
  };
  const native = (img: string, p: (typeof pages)[number]): Phase => {
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'tesseract', img, 'stdout', '--tessdata-dir', tessdata, '-l', p.langs, '--psm', '6', '--dpi', String(p.dpi), 'tsv'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`tesseract failed: ${r.stderr}`);
    const [u, s] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    return { wall: (performance.now() - t0) / 1000, cpu: u! + s! };
  };

  const up = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`load before: ${up()}; ${runs} runs, interleaved, medians; wall s / CPU s (all threads)`);
  console.log('page                            flags                                   start        first reading  second reading | first page with start | ratio to native (wall, CPU)');
  for (const p of pages) {
    const nat: { page: Phase[]; blank: Phase[] } = { page: [], blank: [] };
    const js = new Map<string, ChildResult[]>(flagSets.map((f) => [f, []]));
    for (let i = 0; i < runs; i++) {
      for (const f of flagSets) js.get(f)!.push(runChild(f, p));
      nat.page.push(native(p.pgm, p));
      nat.blank.push(native(blank, p));
    }
    const m = (xs: Phase[]): Phase => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) });
    const fmt = (x: Phase): string => `${x.wall.toFixed(2)}/${x.cpu.toFixed(2)}`.padStart(11);
    const natPage = m(nat.page);
    for (const f of flagSets) {
      const rs = js.get(f)!;
      const start = m(rs.map((r) => r.start)), first = m(rs.map((r) => r.first)), second = m(rs.map((r) => r.second));
      const total = m(rs.map((r) => ({ wall: r.start.wall + r.first.wall, cpu: r.start.cpu + r.first.cpu })));
      console.log(`${p.file.padEnd(31)} ${(f || '(V8 defaults)').padEnd(39)} ${fmt(start)} ${fmt(first).padStart(14)} ${fmt(second).padStart(15)} | ${fmt(total).padStart(21)} | ${(total.wall / natPage.wall).toFixed(2)}×, ${(total.cpu / natPage.cpu).toFixed(2)}×`);
    }
    const natBlank = m(nat.blank);
    console.log(`${p.file.padEnd(31)} ${'native tesseract'.padEnd(39)} ${fmt(natBlank)} ${fmt({ wall: natPage.wall - natBlank.wall, cpu: natPage.cpu - natBlank.cpu }).padStart(14)} ${''.padStart(15)} | ${fmt(natPage).padStart(21)} |`);
  }
  console.log(`load after: ${up()}`);
  rmSync(tmp, { recursive: true, force: true });
}

if (args[0] === '--child') {
  child(args[1]!, args[2]!, Number(args[3])).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
