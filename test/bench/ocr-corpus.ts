/**
 * OCR bench over the generalisation corpus (`npm run bench:ocr`): each scanned document is read by
 * tesseract.js through the app's pipeline, loading only the languages of the document's country
 * (`ocrLanguagesFor`), and by the native Tesseract CLI (Debian `tesseract-ocr`, same languages,
 * PSM 6, one thread) on the SAME page images; both readings go through the same extraction.
 * Prints, per split (development `dev`, `dev3`, `dev4`, `dev6`, `dev7`, `dev8`, `dev9`, `dev10` / evaluation `eval`) × country and × kind: documents, fields
 * exact %, kinds right %, identifiers wrong-unflagged (must be 0), flagged %, then per split the
 * seconds per page (tesseract.js, native, and their ratio), peak RSS per language set, and on every
 * split but `dev` the exact-match rate per confidence band.
 *
 *   npx tsx test/bench/ocr-corpus.ts [--split dev|eval|dev3|dev4|dev6|dev7|dev8|dev9|dev10|heldout8] [--per-layout N] [--only substring[,substring…]] [--langs nld+eng+deu+fra] [--no-native] [--native-models app|debian] [--scan-floor 300] [--text]
 *
 * `--scan-floor 300` draws every scan at 300 dpi, as the app did before it drew a scan below
 * 300 dpi at the scan's own resolution (`ReadEvidenceOptions.scanFloorDpi`): the accuracy A/B.
 * Without `--split` the development and evaluation splits run; the development splits that come by
 * name (test/fixtures/evidence/corpus/dev3.ts, dev4.ts, dev6.ts, dev7.ts, dev8.ts, dev9.ts, dev10.ts) run only with `--split dev3` / `--split dev4` / `--split dev6` / `--split dev7` / `--split dev8` / `--split dev9` / `--split dev10`; the held-out split `heldout8` (heldout8.ts) only with `--split heldout8`. `--text` skips OCR:
 * the extraction reads the layouts' positioned text (the perfect reading the corpus unit test uses).
 * Scans come from test/fixtures/evidence/corpus/out (rendered here when missing). Per-document
 * results (the fields not exact, with what was read and what was wanted) are printed for the
 * development splits; the evaluation split and held-out splits (`heldout…`) report aggregates only.
 *
 * Each document is read by tesseract.js in a fresh Node process (this file with `--read-one`), as
 * the CLI reads one file per process: its peak RSS (VmHWM, threads included) is that document's
 * alone. A long-running Node process that reads PDF after PDF keeps native memory of the finished
 * PDF threads (malloc arenas; test/bench/ocr-memory.ts `--then` shows it), which would be counted
 * against every later document. Times are per page: render, then tesseract.js and native Tesseract
 * (OMP_THREAD_LIMIT=1 like the single WebAssembly thread) each split the same way: the START
 * (tesseract.js: the worker's start as the pool times it, inside the first recognition; native: the
 * process on a blank 100×100 image with the same languages, once per document) and the
 * RECOGNITION (tesseract.js: the pipeline's recognition time minus that start, which keeps the
 * orientation check and a re-initialisation plus second reading when the page's languages differ;
 * native: its runs on the pages minus the blank run), with the ratios "with start" (one document, nothing kept warm) and
 * "recognition only" (a kept engine, as the desktop has from the second document of a session).
 *
 * What the two sides do is not the same work, and the bench says how much differs: native runs
 * ONCE per page, on the image and with the languages the app kept; the app's recognition of a
 * page also holds its other readings (the page turned 180° when the upright reading is poor, the
 * page read again when its text asks for other languages), the orientation test, the PGM and
 * TSV, and in this reader (one engine per document) ending the worker when the languages change.
 * So it also prints, per page of every split (blind splits: times only, no names), each engine
 * reading (its `recognize`, a worker start excluded; `*` the kept one), the rest, and native's
 * run minus its start; per split the kept reading against native (same image, same languages,
 * PSM 6, dpi, OMP_THREAD_LIMIT=1: engine against engine), all readings against native, and both
 * in CPU seconds (process user + system: the readings' from `process.cpuUsage`, native's from
 * /usr/bin/time), which a loaded machine stretches far less than wall time. CPU seconds count
 * the tesseract.js worker's WebAssembly tier-up compilation in its first reading, which runs on
 * another core beside the reading on a quiet machine. Native reads with the app's own models (the
 * `@tesseract.js-data` 4.0.0_best_int files, unpacked) unless `--native-models debian` (Debian's
 * tesseract-ocr-* packages, the smaller "fast" networks).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createNodeEvidenceReader, prepareLanguageDir, shippedLanguages, type NodeEvidenceReader } from '../../tools/ocr/engine';
import { readingQuality } from '../../shared/ocr/pipeline';
import type { PdfWorkerLimits } from '../../tools/ocr/pdfInWorker';

/** The bench measures reading, not the hostile-file deadlines: on a loaded machine a draw can pass 40 s. */
const BENCH_PDF_LIMITS: PdfWorkerLimits = { heapMb: 512, parseMs: 300_000, renderMs: 300_000 };
import { encodePgm } from '../../shared/ocr/image';
import { extractEvidence } from '../../shared/ocr/extract';
import { makeLine } from '../../shared/ocr/layout';
import type { EvidenceReadResult, Extraction, OcrWord, PageText } from '../../shared/ocr/types';
import { corpusDocs, type CorpusDoc, type Split } from '../fixtures/evidence/corpus';
import { prng } from '../fixtures/evidence/organisations';
import { pagesFromLayout } from '../unit/ocr/fixtureText';
import { addScore, emptyTally, scoreExtraction, tallyRow, TALLY_HEADER, type DocScore, type Tally } from './ocr/score';
import { parseTsv } from './support/tesseractTsv';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const split = arg('--split') as Split | undefined;
const textOnly = args.includes('--text');
const perLayout = Number(arg('--per-layout') ?? 2);
const only = arg('--only') ?? '';
const fixedLangs = arg('--langs');
const native = !textOnly && !args.includes('--no-native') && spawnSync('tesseract', ['--version']).status === 0;
const outDir = 'test/fixtures/evidence/corpus/out';
/** Peak RSS target for reading one document (docs/performance.md, OCR memory), MB. */
const PEAK_RSS_TARGET_MB = 400;
const nativeModels = arg('--native-models') === 'debian' ? 'debian' : 'app';
/** `--scan-floor 300`: every scan drawn at 300 dpi (as before scans were drawn at their own resolution; `ReadEvidenceOptions.scanFloorDpi`). */
const scanFloor = arg('--scan-floor') ? Number(arg('--scan-floor')) : undefined;

/** The app's language files (`@tesseract.js-data/*`, 4.0.0_best_int) unpacked into `dir/tessdata` for native Tesseract. */
function appTessdata(dir: string): string {
  const out = join(dir, 'tessdata');
  mkdirSync(out, { recursive: true });
  const packed = prepareLanguageDir([...shippedLanguages]);
  for (const lang of shippedLanguages) writeFileSync(join(out, `${lang}.traineddata`), gunzipSync(readFileSync(join(packed, `${lang}.traineddata.gz`))));
  // the `tsv` output config comes with Debian's tesseract
  symlinkSync('/usr/share/tesseract-ocr/5/tessdata/configs', join(out, 'configs'));
  return out;
}

const TESS_LANG: Record<string, string> = { nld: 'nld', eng: 'eng', deu: 'deu', fra: 'fra', pol: 'pol' };

interface Group { js: Tally; nat: Tally }
const groups = new Map<string, Group>();
const group = (k: string): Group => { let g = groups.get(k); if (!g) { g = { js: emptyTally(), nat: emptyTally() }; groups.set(k, g); } return g; };
const bands = [0, 0.6, 0.8, 0.9, 0.95, 1.01];
/** Per split but `dev`: fields and exact ones per confidence band. */
const calib = new Map<string, { n: number; exact: number }[]>();

function record(doc: CorpusDoc, js: DocScore, nat: DocScore | null, r: Extraction): void {
  for (const key of [`${doc.split} ALL`, `${doc.split} ${doc.country}`, `${doc.split} ${doc.kind}`]) {
    const g = group(key);
    addScore(g.js, js);
    if (nat) addScore(g.nat, nat);
  }
  if (doc.split === 'dev') return;
  if (!calib.has(doc.split)) calib.set(doc.split, bands.slice(0, -1).map(() => ({ n: 0, exact: 0 })));
  const rows = calib.get(doc.split)!;
  for (const f of js.fields) {
    const c = r.fields[f.field as keyof typeof r.fields]?.confidence;
    if (c === undefined) continue;
    const b = bands.findIndex((lo, i) => c >= lo && c < bands[i + 1]!);
    rows[b]!.n++;
    if (f.outcome === 'exact') rows[b]!.exact++;
  }
}

let readCount = 0;

/** Splits whose documents are never shown one by one: the evaluation split and held-out splits. */
const blind = (split: string): boolean => split === 'eval' || split.startsWith('heldout');

/** Per-document line of a development split; aggregates only for the others. */
function report(doc: CorpusDoc, langs: string, js: DocScore, nat: DocScore | null): void {
  if (!blind(doc.split)) {
    const bad = js.fields.filter((f) => f.outcome !== 'exact').map((f) => `${f.field}=${f.outcome}${f.outcome === 'wrong' || f.outcome === 'flagged' ? `(${JSON.stringify(f.got)} want ${JSON.stringify(f.want)})` : ''}`);
    console.log(`${doc.split.padEnd(4)} ${doc.file.padEnd(32)} ${langs.padEnd(13)} js ${js.fields.filter((f) => f.outcome === 'exact').length}/${js.fields.length}${nat ? `  native ${nat.fields.filter((f) => f.outcome === 'exact').length}/${nat.fields.length}` : ''}  ${js.kindRight ? '' : 'KIND WRONG '}${js.identifiersWrongUnflagged ? `IDENTIFIERS WRONG UNFLAGGED ${js.identifiersWrongUnflagged} ` : ''}${bad.join(' ')}`);
  } else {
    console.log(`${doc.split} document ${++readCount} read`); // no names, no per-document results: aggregates only
  }
}

/** The tables per split × country / kind, and the confidence bands of the measured splits. */
function printTables(engines: { key: 'js' | 'nat'; title: string }[]): void {
  for (const engine of engines) {
    console.log(`\n${engine.title}\n${TALLY_HEADER}`);
    for (const s of [...new Set([...groups.keys()].map((k) => k.split(' ')[0]!))]) {
      for (const [k, g] of [...groups.entries()].filter(([k]) => k.startsWith(`${s} `)).sort(([a], [b]) => (a.endsWith('ALL') ? -1 : b.endsWith('ALL') ? 1 : a.localeCompare(b)))) console.log(tallyRow(k, g[engine.key]));
    }
  }
  for (const [s, rows] of calib) {
    console.log(`\n${s === 'eval' ? 'evaluation' : s} split, ${engines[0]!.title}: exact-match rate per confidence band`);
    rows.forEach((c, i) => console.log(`  [${bands[i]!.toFixed(2)}, ${Math.min(1, bands[i + 1]!).toFixed(2)}${i === rows.length - 1 ? ']' : ')'}  ${String(c.n).padStart(4)} fields  ${c.n ? ((100 * c.exact) / c.n).toFixed(1) : '-'}% exact`));
  }
}

/** `--text`: the extraction over the layouts' positioned text, no OCR (same tables). */
function mainText(docs: CorpusDoc[]): void {
  console.log(`${docs.length} documents; perfect reading (positioned text, no OCR)`);
  for (const doc of docs) {
    const r = extractEvidence(pagesFromLayout(doc.pages));
    const js = scoreExtraction(r, doc.kind, doc.fields);
    record(doc, js, null, r);
    report(doc, 'text', js, null);
  }
  printTables([{ key: 'js', title: 'perfect reading (positioned text)' }]);
}

/** What a `--read-one` child reports: the read, its page images (PGM files) and its peak RSS. */
interface ChildRead {
  result: EvidenceReadResult;
  /** Starting the tesseract.js worker (WebAssembly core + language data + init), ms, as timed by the pool inside the read; part of the first page's recognition time. */
  startMs: number;
  images: { page: number; pgm: string; width: number; height: number; dpi: number }[];
  peakBytes: number;
  /**
   * Every `recognize` of the engine, per page in reading order: ms without a worker start inside
   * it, and whether it is the page's kept reading (the image and languages native Tesseract reads).
   */
  readings: { page: number; ms: number; cpuMs: number; kept: boolean }[];
}

/**
 * Times each engine reading of `pool` (its `recognise`, a worker start inside it excluded), for
 * the page last passed to `onPage`. `keptReadings(timings)` marks each page's kept reading: the
 * last one of the kept quality (`PageTiming.quality`, 3 decimals), i.e. the image and languages
 * the page's words come from.
 */
function timeReadings(pool: NodeEvidenceReader['pool']) {
  const readings: (ChildRead['readings'][number] & { quality: number })[] = [];
  let page = 1;
  const recognise = pool.recognise.bind(pool);
  pool.recognise = async (pgm, image, signal) => {
    // the worker starts here, as it would inside the reading (lazily, before the page's first
    // reading), so that the reading's time and CPU are the reading's alone
    if (pool.liveWorkers() === 0) await pool.warmUp();
    const s0 = pool.startMs;
    const t0 = performance.now();
    // process CPU (all threads): while the engine reads, the other threads wait for it
    const c0 = process.cpuUsage();
    const lines = await recognise(pgm, image, signal);
    const cpu = process.cpuUsage(c0);
    readings.push({ page, ms: performance.now() - t0 - (pool.startMs - s0), cpuMs: (cpu.user + cpu.system) / 1000, kept: false, quality: Math.round(readingQuality(lines) * 1000) / 1000 });
    return lines;
  };
  return {
    onPage: (p: number) => void (page = p),
    keptReadings(timings: EvidenceReadResult['timings']): ChildRead['readings'] {
      for (const t of timings) {
        const own = readings.filter((r) => r.page === t.page);
        const kept = own.filter((r) => r.quality === t.quality).at(-1) ?? own.at(-1);
        if (kept) kept.kept = true;
      }
      return readings.map(({ page: p, ms, cpuMs, kept }) => ({ page: p, ms, cpuMs, kept }));
    },
  };
}

/** `--read-one FILE --dir DIR [--country C | --langs L]`: reads one scan and writes DIR/read.json. */
async function readOne(): Promise<void> {
  const dir = arg('--dir')!;
  const name = arg('--read-one')!;
  const reader = createNodeEvidenceReader({ workerPerDocument: true, pdfLimits: BENCH_PDF_LIMITS });
  const images: ChildRead['images'] = [];
  const timed = timeReadings(reader.pool);
  const result = await reader.read(
    { name, bytes: new Uint8Array(readFileSync(join(outDir, name))) },
    {
      languages: fixedLangs ?? { country: arg('--country') },
      scanFloorDpi: scanFloor,
      onProgress: (page) => timed.onPage(page),
      onPageImage: args.includes('--images') ? (page, image) => {
        const pgm = join(dir, `p${page}.pgm`);
        writeFileSync(pgm, encodePgm(image));
        images.push({ page, pgm, width: image.width, height: image.height, dpi: image.dpi });
      } : undefined,
    },
  );
  const readings = timed.keptReadings(result.timings);
  // VmHWM: the process's peak resident set, all threads included, exact (no sampling)
  const peakBytes = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
  // the worker start happened inside the first recognition (lazily, after pdf.js was closed, as in
  // the app's memory budget); the pool timed it exactly: recognition only = recognition − start
  const startMs = reader.pool.startMs;
  await reader.close();
  writeFileSync(join(dir, 'read.json'), JSON.stringify({ result, startMs, images, peakBytes, readings } satisfies ChildRead));
}

/** Reads `doc` in a fresh Node process (see the header); throws with the child's error output. */
function readInChild(doc: CorpusDoc, dir: string): ChildRead {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--read-one', doc.file, '--dir', dir, '--country', doc.country, ...(fixedLangs ? ['--langs', fixedLangs] : []), ...(scanFloor ? ['--scan-floor', String(scanFloor)] : []), ...(native ? ['--images'] : [])], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (r.status !== 0) throw new Error(`reading ${doc.file} failed: ${r.stderr}`);
  return JSON.parse(readFileSync(join(dir, 'read.json'), 'utf8')) as ChildRead;
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const docs = corpusDocs(split).filter((d) => only.split(',').some((o) => d.file.includes(o)) && Number(/-(\d+)\.pdf$/.exec(d.file)![1]) <= perLayout);
  if (textOnly) return mainText(docs);
  const tmp = mkdtempSync(join(tmpdir(), 'ocr-corpus-'));
  /** Milliseconds per split: pages read, tesseract.js recognition, native CLI on the pages (process start incl.), rendering, tesseract.js worker starts, native starts (blank image). */
  type Times = { pages: number; js: number; nat: number; render: number; start: number; natStart: number; docs: number; readings: number; engine: number; kept: number; keptCpu: number; engineCpu: number; natCpu: number };
  const times = new Map<string, Times>();
  // native Tesseract with the app's own models (4.0.0_best_int, unpacked) unless `--native-models debian`
  const tessdata = nativeModels === 'app' ? appTessdata(tmp) : undefined;
  const blankPgm = join(tmp, 'blank.pgm');
  writeFileSync(blankPgm, Buffer.concat([Buffer.from('P5\n100 100\n255\n'), Buffer.alloc(10_000, 255)]));
  const peak = new Map<string, number>();
  /** Peak RSS of each document's process, per split (aggregates only: no names). */
  const splitPeaks = new Map<string, number[]>();
  let nativePeakKb = 0;
  console.log(`${docs.length} documents; tesseract.js languages per document ${fixedLangs ? `fixed ${fixedLangs}` : "from the country, then the first page's text (chooseOcrLanguages)"}, one Node process per document; native ${native ? 'yes' : 'no'}`);
  for (const doc of docs) {
    const file = join(outDir, doc.file);
    if (!existsSync(file)) {
      // rendering scans loads the generator (canvas, pdf-lib): only when one is missing
      const { renderDoc } = await import('../fixtures/evidence/corpus/render');
      writeFileSync(file, await renderDoc(doc, prng(doc.file.length * 7919 + doc.file.charCodeAt(0))));
    }
    // native Tesseract reads the very images tesseract.js read (rendered, denoised, turned upright)
    const { result, startMs, images, peakBytes, readings } = readInChild(doc, tmp);
    const time = times.get(doc.split) ?? { pages: 0, js: 0, nat: 0, render: 0, start: 0, natStart: 0, docs: 0, readings: 0, engine: 0, kept: 0, keptCpu: 0, engineCpu: 0, natCpu: 0 };
    for (const r of readings) {
      time.engine += r.ms;
      if (r.kept) time.kept += r.ms;
    }
    times.set(doc.split, time);
    time.start += startMs;
    time.docs++;
    const langs = result.languages ?? '';
    peak.set(langs, Math.max(peak.get(langs) ?? 0, peakBytes));
    splitPeaks.set(doc.split, [...(splitPeaks.get(doc.split) ?? []), peakBytes]);
    const js = scoreExtraction(result, doc.kind, doc.fields);
    let nat: DocScore | null = null;
    const nativePages: PageText[] = [];
    let docJs = 0;
    let docNat = 0;
    const pageLines: string[] = [];
    for (const t of result.timings) {
      time.pages++; time.js += t.recogniseMs; time.render += t.renderMs; docJs += t.recogniseMs; time.readings += t.readings ?? 0;
    }
    const l = langs.split('+').map((x) => TESS_LANG[x]).join('+');
    const tesseract = (pgm: string, dpi: number) => {
      const useTime = existsSync('/usr/bin/time');
      const cmd = useTime ? '/usr/bin/time' : 'tesseract';
      const t0 = performance.now();
      const r = spawnSync(cmd, [...(useTime ? ['-f', '%M %U %S', 'tesseract'] : []), pgm, 'stdout', ...(tessdata ? ['--tessdata-dir', tessdata] : []), '-l', l, '--psm', '6', '--dpi', String(dpi), 'tsv'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20 });
      // the process's CPU seconds (user + system) from /usr/bin/time, as the app's readings are counted
      const [, user, sys] = useTime ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
      return { r, ms: performance.now() - t0, useTime, cpuMs: user !== undefined && sys !== undefined ? (user + sys) * 1000 : NaN };
    };
    // native's start (process, language data, init): the same languages on a blank 100×100 image
    const blankRun = images.length ? tesseract(blankPgm, 300) : undefined;
    const natStart = blankRun?.ms ?? 0;
    time.natStart += natStart;
    const natStartCpu = blankRun?.cpuMs ?? 0;
    for (const { page: p, pgm, width, height, dpi } of images) {
      const t = result.timings[p - 1]!;
      const { r, ms, useTime, cpuMs } = tesseract(pgm, dpi);
      time.nat += ms;
      docNat += ms;
      const keptReading = readings.find((x) => x.page === p && x.kept);
      time.keptCpu += keptReading?.cpuMs ?? 0;
      time.engineCpu += readings.filter((x) => x.page === p).reduce((a, x) => a + x.cpuMs, 0);
      time.natCpu += cpuMs - natStartCpu;
      // per page, the same page both ways: the app's recognition (every reading and the work
      // around them), each engine reading, and native Tesseract's run minus its start
      const own = readings.filter((x) => x.page === p);
      pageLines.push(`     page ${p}: app ${(t.recogniseMs / 1000).toFixed(2)} s = readings ${own.map((x) => `${(x.ms / 1000).toFixed(2)}${x.kept ? '*' : ''}`).join(' + ')} s + other ${((t.recogniseMs - (p === 1 ? startMs : 0) - own.reduce((a, x) => a + x.ms, 0)) / 1000).toFixed(2)} s${p === 1 && startMs ? ` + start ${(startMs / 1000).toFixed(2)} s` : ''}; native ${((ms - natStart) / 1000).toFixed(2)} s; kept reading / native ${((own.find((x) => x.kept)?.ms ?? 0) / (ms - natStart)).toFixed(2)}× (CPU ${((own.find((x) => x.kept)?.cpuMs ?? 0) / 1000).toFixed(2)} / ${((cpuMs - natStartCpu) / 1000).toFixed(2)} s = ${((own.find((x) => x.kept)?.cpuMs ?? 0) / (cpuMs - natStartCpu)).toFixed(2)}×)`);
      if (useTime) nativePeakKb = Math.max(nativePeakKb, Number(r.stderr.trim().split('\n').pop()?.split(' ')[0]) || 0);
      const s = 72 / dpi;
      nativePages.push({ page: p, width: width * s, height: height * s, source: 'ocr', rotation: t.rotation, lines: parseTsv(r.stdout).map((ln) => makeLine(ln.words.map((w) => ({ ...w, bbox: w.bbox.map((v) => v * s) as OcrWord['bbox'] })))) });
    }
    if (native) nat = scoreExtraction(extractEvidence(nativePages, result.languages ? { ocrLanguages: result.languages } : {}), doc.kind, doc.fields);
    record(doc, js, nat, result);
    report(doc, langs, js, nat);
    // times only (no names, no results) for the blind splits: which page a time belongs to says nothing of its reading
    for (const line of pageLines) console.log(blind(doc.split) ? line.replace('page', `document ${readCount} page`) : line);
    if (!blind(doc.split)) {
      const pages = result.timings.length;
      const render = result.timings.reduce((a, t) => a + t.renderMs, 0);
      const ocrPages = images.length || pages;
      console.log(`     ${pages} page(s): render ${(render / pages / 1000).toFixed(2)} s/page; tesseract.js start ${(startMs / 1000).toFixed(2)} s + recognition ${((docJs - startMs) / ocrPages / 1000).toFixed(2)} s/page${native ? `; native start ${(natStart / 1000).toFixed(2)} s + recognition ${((docNat - natStart * images.length) / images.length / 1000).toFixed(2)} s/page; ratio js/native with start ${(docJs / (docNat - natStart * (images.length - 1))).toFixed(2)}×, recognition only ${((docJs - startMs) / (docNat - natStart * images.length)).toFixed(2)}×` : ''}; readings per page ${result.timings.map((t) => t.readings ?? '?').join('/')}; peak RSS ${(peakBytes / 1048576).toFixed(0)} MB`);
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  printTables([{ key: 'js', title: 'tesseract.js (app pipeline)' }, ...(native ? [{ key: 'nat' as const, title: 'native Tesseract CLI' }] : [])]);
  for (const [s, time] of times) {
    // native ran a process per page (a start in each run): recognition only = runs minus a start per
    // page; with start = one start per document + recognition, as tesseract.js is counted
    const natRecognition = time.nat - (time.natStart / time.docs) * time.pages;
    const natWithStart = time.natStart + natRecognition;
    console.log(`\n${s}: ${time.pages} pages in ${time.docs} documents, ${time.readings} tesseract.js readings: render ${(time.render / time.pages / 1000).toFixed(2)} s/page; tesseract.js start ${(time.start / time.docs / 1000).toFixed(2)} s/document + recognition ${((time.js - time.start) / time.pages / 1000).toFixed(2)} s/page${native ? `; native (${nativeModels === 'app' ? "the app's 4.0.0_best_int models" : "Debian's models"}, OMP_THREAD_LIMIT=1) start ${(time.natStart / time.docs / 1000).toFixed(2)} s + recognition ${(natRecognition / time.pages / 1000).toFixed(2)} s/page; ratio tesseract.js/native with start ${(time.js / natWithStart).toFixed(2)}× (one start per document on both sides), recognition only ${((time.js - time.start) / natRecognition).toFixed(2)}× (kept engine)` : ''}`);
    console.log(`${s}: of the tesseract.js recognition ${((time.js - time.start) / time.pages / 1000).toFixed(2)} s/page, engine readings ${(time.engine / time.pages / 1000).toFixed(2)} s/page (${time.readings} readings for ${time.pages} pages), of which the kept reading ${(time.kept / time.pages / 1000).toFixed(2)} s/page, the rest (orientation test, PGM, worker restart for other languages, TSV) ${((time.js - time.start - time.engine) / time.pages / 1000).toFixed(2)} s/page${native ? `; same image, same languages, one reading each (the kept reading against native's run): ${(time.kept / natRecognition).toFixed(2)}×; all readings against native ${(time.engine / natRecognition).toFixed(2)}×; in CPU seconds (less load-dependent than wall time) the kept reading ${(time.keptCpu / time.pages / 1000).toFixed(2)} s/page against native's ${(time.natCpu / time.pages / 1000).toFixed(2)} s/page = ${(time.keptCpu / time.natCpu).toFixed(2)}×, all readings ${(time.engineCpu / time.natCpu).toFixed(2)}×` : ''}`);
  }
  for (const [s, list] of splitPeaks) {
    const sorted = [...list].sort((a, b) => a - b);
    const over = sorted.filter((b) => b > PEAK_RSS_TARGET_MB * 1048576).length;
    console.log(`${s}: peak RSS per document ${(sorted[0]! / 1048576).toFixed(0)}–${(sorted.at(-1)! / 1048576).toFixed(0)} MB, median ${(sorted[Math.floor(sorted.length / 2)]! / 1048576).toFixed(0)} MB; ${over} of ${sorted.length} documents above the target of ${PEAK_RSS_TARGET_MB} MB`);
  }
  console.log(`peak RSS (one Node process per document: pdf.js thread + tesseract.js worker) per language set: ${[...peak.entries()].filter(([k]) => k).map(([k, v]) => `${k} ${(v / 1048576).toFixed(0)} MB`).join(', ')}; overall ${(Math.max(0, ...peak.values()) / 1048576).toFixed(0)} MB${nativePeakKb ? `; native tesseract ${(nativePeakKb / 1024).toFixed(0)} MB` : ''}`);
}

(args.includes('--read-one') ? readOne() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
