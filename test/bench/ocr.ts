/**
 * OCR bench: over the scanned fixtures, tesseract.js in Node versus the native Tesseract
 * CLI (Debian `tesseract-ocr` + `-nld -deu -fra`) on the SAME page images (rendered at the fixture's
 * dpi by pdfjs-dist, median-filtered, turned upright as the pipeline decided), same languages, PSM 6.
 * Prints per document and in total: render and recognise seconds per page, character error rate
 * against the printed text, field exact-match rate, peak memory; and the time ratio.
 *
 *   npx tsx test/bench/ocr.ts [--langs nld+eng+deu+fra] [--only substring]
 *
 * Native runs with OMP_THREAD_LIMIT=1 (one core, like one tesseract.js worker).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeEvidenceReader, loadPdfjs, pdfjsAssetParams } from '../../tools/ocr/engine';
import { openPdfSource } from '../../renderer/ocr/pdfSource';
import { encodePgm, median3x3, rotateGrey } from '../../shared/ocr/image';
import { extractEvidence, LOW_CONFIDENCE } from '../../shared/ocr/extract';
import { editDistance } from '../../shared/ocr/text';
import { makeLine } from '../../shared/ocr/layout';
import type { OcrWord, PageText } from '../../shared/ocr/types';
import { specs } from '../fixtures/evidence/generate';
import { parseTsv } from './support/tesseractTsv';

const args = process.argv.slice(2);
const langs = args.includes('--langs') ? args[args.indexOf('--langs') + 1]! : 'nld+eng+deu+fra';
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]! : '';
const dir = 'test/fixtures/evidence';

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

function fieldScore(pages: PageText[], truth: Record<string, { value: string; invalid?: boolean }>) {
  const r = extractEvidence(pages);
  let exact = 0, flagged = 0, wrongUnflagged = 0, idsOk = 0, ids = 0;
  for (const [k, want] of Object.entries(truth)) {
    const got = r.fields[k as keyof typeof r.fields];
    const ok = got && got.value === want.value && !!got.invalid === !!want.invalid;
    if (ok) exact++;
    else if (got && (got.invalid || got.confidence < LOW_CONFIDENCE)) flagged++;
    else wrongUnflagged++;
    if (['vatNumber', 'chamberNumber', 'rsin'].includes(k)) {
      ids++;
      if (ok || (got && (got.invalid || got.confidence < LOW_CONFIDENCE)) || !got) idsOk++;
    }
  }
  return { exact, flagged, wrongUnflagged, total: Object.keys(truth).length, idsOk, ids };
}

async function main(): Promise<void> {
  const nativeOk = spawnSync('tesseract', ['--version']).status === 0;
  if (!nativeOk) console.warn('native tesseract not installed (apt-get install -y tesseract-ocr tesseract-ocr-nld tesseract-ocr-deu tesseract-ocr-fra): only tesseract.js is measured');
  const reader = createNodeEvidenceReader({ langs });
  const pdfjs = await loadPdfjs();
  const tmp = mkdtempSync(join(tmpdir(), 'ocr-bench-'));
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const rows: string[] = [];
  const tot = { pages: 0, render: 0, jsMs: 0, native: 0, jsErr: 0, nativeErr: 0, chars: 0, js: { exact: 0, flagged: 0, wrong: 0, total: 0, idsOk: 0, ids: 0 }, nat: { exact: 0, flagged: 0, wrong: 0, total: 0, idsOk: 0, ids: 0 }, nativePeakKb: 0 };
  for (const spec of specs().filter((s) => !s.textLayer && s.file.includes(only))) {
    const bytes = new Uint8Array(readFileSync(join(dir, spec.file)));
    // tesseract.js through the real pipeline (orientation decided there).
    const result = await reader.read({ name: spec.file, bytes });
    const src = await openPdfSource(pdfjs, bytes, spec.file, pdfjsAssetParams(), null);
    const nativePages: PageText[] = [];
    let docRender = 0, docJs = 0, docNative = 0, errJs = 0, errNat = 0, chars = 0;
    for (let p = 1; p <= src.pageCount; p++) {
      const timing = result.timings[p - 1]!;
      docRender += timing.renderMs;
      docJs += timing.recogniseMs;
      const img = rotateGrey(median3x3(await src.render(p, spec.dpi)), timing.rotation);
      const truthLines = [...new Map(spec.layout.pages[p - 1]!.map((e) => [e.y, [] as typeof spec.layout.pages[0]])).keys()]
        .sort((a, b) => a - b)
        .map((y) => spec.layout.pages[p - 1]!.filter((e) => e.y === y).sort((a, b) => a.x - b.x).map((e) => e.text).join(' '));
      const truthText = norm(truthLines.join(' '));
      chars += truthText.length;
      errJs += editDistance(truthText, norm(result.pages[p - 1]!.lines.map((l) => l.text).join(' ')));
      if (nativeOk) {
        const file = join(tmp, `p${p}.pgm`);
        writeFileSync(file, encodePgm(img));
        const t = performance.now();
        const useTime = existsSync('/usr/bin/time');
        const cmd = useTime ? '/usr/bin/time' : 'tesseract';
        const cargs = [...(useTime ? ['-f', '%M', 'tesseract'] : []), file, 'stdout', '-l', langs, '--psm', '6', '--dpi', String(spec.dpi), 'tsv'];
        const r = spawnSync(cmd, cargs, { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20 });
        docNative += performance.now() - t;
        if (useTime) tot.nativePeakKb = Math.max(tot.nativePeakKb, Number(r.stderr.trim().split('\n').pop()) || 0);
        const lines = parseTsv(r.stdout);
        const scale = 72 / spec.dpi;
        nativePages.push({ page: p, width: img.width * scale, height: img.height * scale, source: 'ocr', rotation: timing.rotation, lines: lines.map((l) => makeLine(l.words.map((w) => ({ ...w, bbox: w.bbox.map((v) => v * scale) as OcrWord['bbox'] })))) });
        errNat += editDistance(truthText, norm(lines.map((l) => l.text).join(' ')));
      }
    }
    await src.close();
    const js = fieldScore(result.pages, spec.layout.truth.fields);
    const nat = nativeOk ? fieldScore(nativePages, spec.layout.truth.fields) : null;
    const n = src.pageCount;
    tot.pages += n; tot.render += docRender; tot.jsMs += docJs; tot.native += docNative; tot.jsErr += errJs; tot.nativeErr += errNat; tot.chars += chars;
    for (const [acc, s] of [[tot.js, js], [tot.nat, nat]] as const) {
      if (!s) continue;
      acc.exact += s.exact; acc.flagged += s.flagged; acc.wrong += s.wrongUnflagged; acc.total += s.total; acc.idsOk += s.idsOk; acc.ids += s.ids;
    }
    rows.push(
      [spec.file.padEnd(28), String(n).padStart(2), (docRender / n / 1000).toFixed(2).padStart(7), (docJs / n / 1000).toFixed(2).padStart(7), nativeOk ? (docNative / n / 1000).toFixed(2).padStart(7) : '    n/a',
        `${((100 * errJs) / chars).toFixed(2)}%`.padStart(7), nativeOk ? `${((100 * errNat) / chars).toFixed(2)}%`.padStart(7) : '    n/a',
        `${js.exact}/${js.total}`.padStart(6), nat ? `${nat.exact}/${nat.total}`.padStart(6) : '   n/a'].join('  '),
    );
    console.log(rows[rows.length - 1]);
  }
  clearInterval(sampler);
  await reader.close();
  rmSync(tmp, { recursive: true, force: true });
  console.log('\nfile                          pg  render/p  js rec/p  native/p  CER js  CER nat  fields js  fields nat');
  for (const r of rows) console.log(r);
  const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  console.log(`\nTOTAL ${tot.pages} pages (langs ${langs})`);
  console.log(`  render (pdfjs + median)  ${(tot.render / tot.pages / 1000).toFixed(2)} s/page`);
  console.log(`  recognise tesseract.js   ${(tot.jsMs / tot.pages / 1000).toFixed(2)} s/page (incl. orientation retries)`);
  if (nativeOk) console.log(`  recognise native CLI     ${(tot.native / tot.pages / 1000).toFixed(2)} s/page (process start incl.)   ratio js/native ${(tot.jsMs / tot.native).toFixed(2)}×`);
  console.log(`  CER tesseract.js ${pct(tot.jsErr, tot.chars)}${nativeOk ? `   native ${pct(tot.nativeErr, tot.chars)}` : ''}`);
  console.log(`  fields exact: js ${pct(tot.js.exact, tot.js.total)} (${tot.js.exact}/${tot.js.total}; flagged ${tot.js.flagged}, wrong unflagged ${tot.js.wrong})${nativeOk ? `   native ${pct(tot.nat.exact, tot.nat.total)} (flagged ${tot.nat.flagged}, wrong unflagged ${tot.nat.wrong})` : ''}`);
  console.log(`  identifiers correct or flagged: js ${tot.js.idsOk}/${tot.js.ids}${nativeOk ? `   native ${tot.nat.idsOk}/${tot.nat.ids}` : ''}`);
  console.log(`  peak RSS: Node + tesseract.js ${(peakRss / 1048576).toFixed(0)} MB${tot.nativePeakKb ? `   native tesseract ${(tot.nativePeakKb / 1024).toFixed(0)} MB` : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
