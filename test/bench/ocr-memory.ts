/**
 * Where the memory of reading one page goes: reads one corpus scan with the Node evidence reader
 * (pdf.js in its worker thread + one tesseract.js worker, the same parts as `npm run bench:ocr`)
 * and prints the process's peak resident set size (RSS) at each stage (the kernel's exact
 * high-water mark, read and reset every 20 ms and at each stage change): after
 * start-up, with the PDF thread ready, peak while rendering, peak while recognising, after close.
 *
 *   npx tsx test/bench/ocr-memory.ts [--file nl-kvk-table-1.pdf] [--langs nld+eng] [--country NL] [--dpi 300] [--scan-floor 300] [--then a.pdf,b.pdf]
 *
 * `--scan-floor 300` draws every scan at 300 dpi (`ReadEvidenceOptions.scanFloorDpi`), as before
 * scans were drawn at their own resolution.
 * `--then` reads more (already rendered) corpus scans with the same reader afterwards, each with
 * its own peak: the memory a long-running process keeps between documents.
 *
 * `--country` lets the reader choose the languages (form country + first-pass guess); `--langs`
 * fixes them. Run it in its own process per setting: RSS never shrinks back fully.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeEvidenceReader } from '../../tools/ocr/engine';
import type { PdfWorkerLimits } from '../../tools/ocr/pdfInWorker';

/** The bench measures reading, not the hostile-file deadlines: on a loaded machine a draw can pass 40 s. */
const BENCH_PDF_LIMITS: PdfWorkerLimits = { heapMb: 512, parseMs: 300_000, renderMs: 300_000 };
import { corpusDocs } from '../fixtures/evidence/corpus';
import { prng } from '../fixtures/evidence/organisations';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const fileName = arg('--file') ?? 'nl-kvk-table-1.pdf';
const outDir = 'test/fixtures/evidence/corpus/out';
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;

async function main(): Promise<void> {
  const doc = corpusDocs().find((d) => d.file === fileName);
  if (!doc) throw new Error(`${fileName} is not a corpus document`);
  const file = join(outDir, doc.file);
  if (!existsSync(file)) {
    // rendering the scan loads the generator (canvas, pdf-lib: 60 MB): run again for clean numbers
    const { renderDoc } = await import('../fixtures/evidence/corpus/render');
    writeFileSync(file, await renderDoc(doc, prng(doc.file.length * 7919 + doc.file.charCodeAt(0))));
    console.log(`rendered ${file}; run again for the measurement`);
    return;
  }
  const bytes = new Uint8Array(readFileSync(file));
  let stage = 'start';
  const peak = new Map<string, number>();
  // exact peaks: the kernel's high-water mark of the resident set (VmHWM, all threads), read and
  // reset to the current RSS (`echo 5 > /proc/PID/clear_refs`, Linux ≥ 4.0, proc(5)) at every
  // sample, so a short spike between two samples still counts for the stage it happened in
  const sample = () => {
    const rss = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024 || process.memoryUsage().rss;
    peak.set(stage, Math.max(peak.get(stage) ?? 0, rss));
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      /* not Linux: RSS samples every 20 ms instead */
    }
  };
  const timer = setInterval(sample, 20);
  sample();
  const langs = arg('--langs');
  const reader = createNodeEvidenceReader({ workerPerDocument: true, pdfLimits: BENCH_PDF_LIMITS });
  stage = 'pdf thread';
  await reader.warmUp();
  sample();
  const t0 = performance.now();
  const drawnDpi: number[] = [];
  const result = await reader.read(
    { name: doc.file, bytes },
    {
      dpi: arg('--dpi') ? Number(arg('--dpi')) : undefined,
      scanFloorDpi: arg('--scan-floor') ? Number(arg('--scan-floor')) : undefined,
      onPageImage: (_p, image) => drawnDpi.push(image.dpi),
      languages: langs ?? { country: arg('--country') ?? doc.country },
      onProgress: (_p, _n, s) => {
        sample();
        stage = s === 'render' ? 'render' : s === 'recognise' ? 'recognise' : stage;
      },
    },
  );
  sample();
  const seconds = (performance.now() - t0) / 1000;
  // more documents with the same reader: does the process give the memory back between them?
  for (const more of (arg('--then') ?? '').split(',').filter(Boolean)) {
    stage = more.replace(/\.pdf$/, '');
    await reader.read({ name: more, bytes: new Uint8Array(readFileSync(join(outDir, more))) }, { languages: { country: corpusDocs().find((d) => d.file === more)!.country } });
    sample();
    const m = process.memoryUsage();
    console.log(`  after ${stage}: threads ${readdirSync('/proc/self/task').length}, rss ${mb(m.rss)}, V8 heap ${mb(m.heapTotal)} (used ${mb(m.heapUsed)}), external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}`);
  }
  stage = 'closed';
  await reader.close();
  await new Promise((r) => setTimeout(r, 200));
  sample();
  clearInterval(timer);
  const exact = Object.entries(doc.fields).filter(([k, t]) => {
    const f = result.fields[k as keyof typeof result.fields];
    return f?.value === t.value && !!f.invalid === !!t.invalid;
  }).length;
  // the evaluation and held-out splits are scored in aggregate only (test/bench/ocr-corpus.ts)
  const blind = doc.split === 'eval' || doc.split.startsWith('heldout');
  console.log(`${doc.file}: ${result.pageCount} page(s) drawn at ${drawnDpi.join('/')} dpi, languages ${result.languages ?? langs}, ${seconds.toFixed(1)} s${blind ? '' : `, ${exact}/${Object.keys(doc.fields).length} fields exact`}`);
  for (const [s, v] of peak) console.log(`  ${s.padEnd(10)} ${mb(v)}`);
  console.log(`  peak       ${mb(Math.max(...peak.values()))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
