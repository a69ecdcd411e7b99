/**
 * Where the time of recognising a page goes, tesseract.js against native Tesseract, counted the
 * same way on both sides (the corpus bench, ocr-corpus.ts, gives the per-document totals):
 *  - start: tesseract.js = a worker with the page's languages (WebAssembly core, language data,
 *    Tesseract init); native = the `tesseract` process on a blank 100×100 image (process start,
 *    language data, init, almost no recognition);
 *  - recognition only: tesseract.js = `recognize` on a started worker; native = the run on the page
 *    minus the blank run;
 *  - with start: the sum (what one document of one page costs when nothing is kept warm).
 * Both read the same upright, denoised page image (PGM) the app's pipeline produced, with the same
 * models (the app's 4.0.0_best_int, unpacked for native), PSM 6, the image's dpi, one thread
 * (`OMP_THREAD_LIMIT=1` like the single WebAssembly thread). Every number is the median of
 * `--runs` runs, interleaved, so load changes hit both sides alike; print `uptime` with them.
 * It times ONE `recognize` of the final page image: none of the app's other readings (orientation,
 * a second language pass), nor the work around them; ocr-corpus.ts times the app's whole
 * recognition of a page and splits it into those parts on the same pages as native.
 *
 *   npx tsx test/bench/ocr-speed.ts [--files nl-kvk-table-1.pdf,de-bzst-1.pdf,…] [--runs 3] [--lang-data gz|plain] [--relaxed-simd]
 *
 * `--lang-data plain` starts tesseract.js from unpacked `.traineddata` (no gunzip in the worker);
 * `--relaxed-simd` enables V8's relaxed-SIMD WebAssembly in this Node process so tesseract.js loads
 * the same core (tesseract-core-relaxedsimd-lstm) as Chromium does.
 * Scans come from test/fixtures/evidence/corpus/out (render.ts --split dev --per-layout 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { gunzipSync } from 'node:zlib';
import { encodePgm } from '../../shared/ocr/image';
import { blankPgm, recognisedPages } from './ocr/pageImages';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const files = (arg('--files') ?? 'nl-kvk-table-1.pdf,de-bzst-1.pdf,fr-kbis-1.pdf,gb-vat-certificate-1.pdf').split(',');
const runs = Number(arg('--runs') ?? 3);
const plain = arg('--lang-data') === 'plain';
if (args.includes('--relaxed-simd')) setFlagsFromString('--experimental-wasm-relaxed-simd');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  // imported after the flag above: the tesseract.js workers inherit the process's V8 flags
  const { createWorker } = await import('../../tools/ocr/tesseractNode');
  const { prepareLanguageDir, shippedLanguages } = await import('../../tools/ocr/engine');
  const tmp = mkdtempSync(join(tmpdir(), 'ocr-speed-'));
  const packed = prepareLanguageDir([...shippedLanguages]);
  const unpacked = join(tmp, 'tessdata');
  mkdirSync(unpacked);
  for (const lang of shippedLanguages) writeFileSync(join(unpacked, `${lang}.traineddata`), gunzipSync(readFileSync(join(packed, `${lang}.traineddata.gz`))));
  symlinkSync('/usr/share/tesseract-ocr/5/tessdata/configs', join(unpacked, 'configs'));
  const blank = blankPgm(tmp);

  // the page images the app's pipeline recognises (rendered at 300 dpi, denoised, upright) and the languages it chose
  const pages = (await recognisedPages(files, tmp)).map((p) => ({ ...p, file: `${p.file}${p.pages > 1 ? ` p${p.page}` : ''}`, langs: p.langs ?? 'nld+eng' }));

  const native = (img: string, langs: string, dpi: number): number => {
    const t0 = performance.now();
    const r = spawnSync('tesseract', [img, 'stdout', '--tessdata-dir', unpacked, '-l', langs, '--psm', '6', '--dpi', String(dpi), 'tsv'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`tesseract failed: ${r.stderr}`);
    return performance.now() - t0;
  };
  const options = { langPath: plain ? unpacked : packed, gzip: !plain, cacheMethod: 'none' as const };

  console.log(`tesseract.js ${plain ? 'unpacked' : '.gz'} language data${args.includes('--relaxed-simd') ? ', relaxed SIMD' : ''}; ${runs} runs each, medians`);
  console.log('page                             langs         js start  js recog  js total | nat start nat recog nat total | ratio total  recog only');
  const sum = { js: 0, jsStart: 0, nat: 0, natStart: 0 };
  for (const p of pages) {
    const m = { jsStart: [] as number[], js: [] as number[], jsWarm: [] as number[], nat: [] as number[], natStart: [] as number[] };
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const w = await createWorker(p.langs, 1, options);
      await w.setParameters({ tessedit_pageseg_mode: '6' as never, preserve_interword_spaces: '1', user_defined_dpi: String(p.image.dpi) });
      const t1 = performance.now();
      await w.recognize(encodePgm(p.image) as never, {}, { tsv: true, blocks: false, text: false });
      const t2 = performance.now();
      await w.terminate();
      m.jsStart.push(t1 - t0);
      m.js.push(t2 - t1);
      m.nat.push(native(p.pgm, p.langs, p.image.dpi));
      m.natStart.push(native(blank, p.langs, p.image.dpi));
    }
    const jsStart = median(m.jsStart), js = median(m.js), natStart = median(m.natStart), nat = median(m.nat);
    sum.jsStart += jsStart; sum.js += js; sum.natStart += natStart; sum.nat += nat;
    console.log(`${p.file.padEnd(32)} ${p.langs.padEnd(13)} ${s(jsStart).padStart(8)} ${s(js).padStart(9)} ${s(jsStart + js).padStart(9)} | ${s(natStart).padStart(9)} ${s(nat - natStart).padStart(9)} ${s(nat).padStart(9)} | ${`${((jsStart + js) / nat).toFixed(2)}×`.padStart(11)} ${`${(js / (nat - natStart)).toFixed(2)}×`.padStart(11)}`);
  }
  const n = pages.length;
  console.log(`ALL ${n} pages: tesseract.js start ${s(sum.jsStart / n)} + recognition ${s(sum.js / n)} = ${s((sum.jsStart + sum.js) / n)}/page; native start ${s(sum.natStart / n)} + recognition ${s((sum.nat - sum.natStart) / n)} = ${s(sum.nat / n)}/page; ratio js/native with start ${((sum.jsStart + sum.js) / sum.nat).toFixed(2)}×, recognition only ${(sum.js / (sum.nat - sum.natStart)).toFixed(2)}×, js warm worker (recognition only) vs native with start ${(sum.js / sum.nat).toFixed(2)}×`);
  rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
