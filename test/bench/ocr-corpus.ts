/**
 * OCR bench over the generalisation corpus (`npm run bench:ocr`): each scanned document is read by
 * tesseract.js through the app's pipeline, loading only the languages of the document's country
 * (`ocrLanguagesFor`), and by the native Tesseract CLI (Debian `tesseract-ocr`, same languages,
 * PSM 6, one thread) on the SAME page images; both readings go through the same extraction.
 * Prints, per split (development / evaluation / held-out) × country and × kind: documents, fields
 * exact %, kinds right %, identifiers wrong-unflagged (must be 0), flagged %, then seconds per page,
 * peak RSS per language set, and on the evaluation and held-out splits the exact-match rate per
 * confidence band.
 *
 *   npx tsx test/bench/ocr-corpus.ts [--split dev|eval|heldout] [--per-layout N] [--only substring] [--langs nld+eng+deu+fra] [--no-native] [--text]
 *
 * Without `--split` the development and evaluation splits run; the held-out split
 * (test/fixtures/evidence/corpus/heldout.ts) runs only with `--split heldout`. `--text` skips OCR:
 * the extraction reads the layouts' positioned text (the perfect reading the corpus unit test uses).
 * Scans come from test/fixtures/evidence/corpus/out (rendered here when missing). Per-document
 * results are printed only for the development split: the others report aggregates.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeEvidenceReader } from '../../tools/ocr/engine';
import type { PdfWorkerLimits } from '../../tools/ocr/pdfInWorker';

/** The bench measures reading, not the hostile-file deadlines: on a loaded machine a draw can pass 40 s. */
const BENCH_PDF_LIMITS: PdfWorkerLimits = { heapMb: 512, parseMs: 300_000, renderMs: 300_000 };
import { encodePgm } from '../../shared/ocr/image';
import { extractEvidence } from '../../shared/ocr/extract';
import { makeLine } from '../../shared/ocr/layout';
import type { Extraction, OcrWord, PageText } from '../../shared/ocr/types';
import { corpusDocs, type CorpusDoc } from '../fixtures/evidence/corpus';
import { prng } from '../fixtures/evidence/organisations';
import { pagesFromLayout } from '../unit/ocr/fixtureText';
import { addScore, emptyTally, scoreExtraction, tallyRow, TALLY_HEADER, type DocScore, type Tally } from './ocr/score';
import { parseTsv } from './support/tesseractTsv';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const split = arg('--split') as 'dev' | 'eval' | 'heldout' | undefined;
const textOnly = args.includes('--text');
const perLayout = Number(arg('--per-layout') ?? 2);
const only = arg('--only') ?? '';
const fixedLangs = arg('--langs');
const native = !textOnly && !args.includes('--no-native') && spawnSync('tesseract', ['--version']).status === 0;
const outDir = 'test/fixtures/evidence/corpus/out';

const TESS_LANG: Record<string, string> = { nld: 'nld', eng: 'eng', deu: 'deu', fra: 'fra' };

interface Group { js: Tally; nat: Tally }
const groups = new Map<string, Group>();
const group = (k: string): Group => { let g = groups.get(k); if (!g) { g = { js: emptyTally(), nat: emptyTally() }; groups.set(k, g); } return g; };
const bands = [0, 0.6, 0.8, 0.9, 0.95, 1.01];
/** Per measured split (evaluation, held-out): fields and exact ones per confidence band. */
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

/** Per-document line of the development split; aggregates only for the others. */
function report(doc: CorpusDoc, langs: string, js: DocScore, nat: DocScore | null): void {
  if (doc.split === 'dev') {
    const bad = js.fields.filter((f) => f.outcome !== 'exact').map((f) => `${f.field}=${f.outcome}${f.outcome === 'wrong' ? `(${JSON.stringify(f.got)})` : ''}`);
    console.log(`dev  ${doc.file.padEnd(32)} ${langs.padEnd(13)} js ${js.fields.filter((f) => f.outcome === 'exact').length}/${js.fields.length}${nat ? `  native ${nat.fields.filter((f) => f.outcome === 'exact').length}/${nat.fields.length}` : ''}  ${js.kindRight ? '' : 'KIND WRONG '}${bad.join(' ')}`);
  } else {
    console.log(`${doc.split} document ${++readCount} read`); // no names, no per-document results: aggregates only
  }
}

/** The tables per split × country / kind, and the confidence bands of the measured splits. */
function printTables(engines: { key: 'js' | 'nat'; title: string }[]): void {
  for (const engine of engines) {
    console.log(`\n${engine.title}\n${TALLY_HEADER}`);
    for (const s of ['dev', 'eval', 'heldout']) {
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

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const docs = corpusDocs(split).filter((d) => d.file.includes(only) && Number(/-(\d+)\.pdf$/.exec(d.file)![1]) <= perLayout);
  if (textOnly) return mainText(docs);
  const tmp = mkdtempSync(join(tmpdir(), 'ocr-corpus-'));
  const time = { pages: 0, js: 0, nat: 0, render: 0 };
  const peak = new Map<string, number>();
  let nativePeakKb = 0;
  // one reader (its PDF thread is reused); one tesseract.js worker per document, as in the desktop
  const reader = createNodeEvidenceReader({ workerPerDocument: true, pdfLimits: BENCH_PDF_LIMITS });
  let readerLangs = '';
  let sample = 0;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak.set(readerLangs, Math.max(peak.get(readerLangs) ?? 0, rss));
    sample = Math.max(sample, rss);
  }, 50);
  console.log(`${docs.length} documents; tesseract.js languages per document ${fixedLangs ? `fixed ${fixedLangs}` : "from the country, then the first page's text (chooseOcrLanguages)"}; native ${native ? 'yes' : 'no'}`);
  for (const doc of docs) {
    const file = join(outDir, doc.file);
    if (!existsSync(file)) {
      // rendering scans loads the generator (canvas, pdf-lib): only when one is missing
      const { renderDoc } = await import('../fixtures/evidence/corpus/render');
      writeFileSync(file, await renderDoc(doc, prng(doc.file.length * 7919 + doc.file.charCodeAt(0))));
    }
    const bytes = new Uint8Array(readFileSync(file));
    readerLangs = fixedLangs ?? `${doc.country}?`;
    // native Tesseract reads the very images tesseract.js read (rendered, denoised, turned upright)
    const images: { page: number; pgm: string; width: number; height: number; dpi: number }[] = [];
    const result = await reader.read(
      { name: doc.file, bytes },
      {
        languages: fixedLangs ?? { country: doc.country },
        onPageImage: native ? (page, image) => {
          const pgm = join(tmp, `p${page}.pgm`);
          writeFileSync(pgm, encodePgm(image));
          images.push({ page, pgm, width: image.width, height: image.height, dpi: image.dpi });
        } : undefined,
      },
    );
    const langs = result.languages ?? '';
    peak.set(langs, Math.max(peak.get(langs) ?? 0, peak.get(readerLangs) ?? 0));
    peak.delete(readerLangs);
    const js = scoreExtraction(result, doc.kind, doc.fields);
    let nat: DocScore | null = null;
    const nativePages: PageText[] = [];
    for (const t of result.timings) {
      time.pages++; time.js += t.recogniseMs; time.render += t.renderMs;
    }
    for (const { page: p, pgm, width, height, dpi } of images) {
      const t = result.timings[p - 1]!;
      const t0 = performance.now();
      const useTime = existsSync('/usr/bin/time');
      const cmd = useTime ? '/usr/bin/time' : 'tesseract';
      const l = langs.split('+').map((x) => TESS_LANG[x]).join('+');
      const r = spawnSync(cmd, [...(useTime ? ['-f', '%M', 'tesseract'] : []), pgm, 'stdout', '-l', l, '--psm', '6', '--dpi', String(dpi), 'tsv'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20 });
      time.nat += performance.now() - t0;
      if (useTime) nativePeakKb = Math.max(nativePeakKb, Number(r.stderr.trim().split('\n').pop()) || 0);
      const s = 72 / dpi;
      nativePages.push({ page: p, width: width * s, height: height * s, source: 'ocr', rotation: t.rotation, lines: parseTsv(r.stdout).map((ln) => makeLine(ln.words.map((w) => ({ ...w, bbox: w.bbox.map((v) => v * s) as OcrWord['bbox'] })))) });
    }
    if (native) nat = scoreExtraction(extractEvidence(nativePages), doc.kind, doc.fields);
    record(doc, js, nat, result);
    report(doc, langs, js, nat);
  }
  clearInterval(sampler);
  await reader.close();
  rmSync(tmp, { recursive: true, force: true });
  printTables([{ key: 'js', title: 'tesseract.js (app pipeline)' }, ...(native ? [{ key: 'nat' as const, title: 'native Tesseract CLI' }] : [])]);
  console.log(`\n${time.pages} pages: render ${(time.render / time.pages / 1000).toFixed(2)} s/page; recognise tesseract.js ${(time.js / time.pages / 1000).toFixed(2)} s/page${native ? `, native ${(time.nat / time.pages / 1000).toFixed(2)} s/page (process start incl.), ratio js/native ${(time.js / time.nat).toFixed(2)}×` : ''}`);
  console.log(`peak RSS (Node + tesseract.js worker) per language set: ${[...peak.entries()].filter(([k]) => k).map(([k, v]) => `${k} ${(v / 1048576).toFixed(0)} MB`).join(', ')}; overall ${(sample / 1048576).toFixed(0)} MB${nativePeakKb ? `; native tesseract ${(nativePeakKb / 1024).toFixed(0)} MB` : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
