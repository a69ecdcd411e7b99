/**
 * The files the Node reader prepares for its threads: the PDF thread's bundled entry (pdfWorker.ts
 * and its TypeScript as one plain module, no TypeScript loader in the thread) and the unpacked
 * language data the tesseract.js workers start from (`gzip: false`), and how those workers start
 * (without the TypeScript loader of a parent running under tsx).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorker } from 'tesseract.js';
import { encodePgm } from '../../../shared/ocr/image';
import { textLine } from '../../support/textImage';
import { prepareLanguageDir, prepareUnpackedLanguageDir, shippedLanguages, tesseractWorkerPath } from '../../../tools/ocr/engine';
import { pdfWorkerEntry, startPdfWorker } from '../../../tools/ocr/pdfInWorker';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('Node reader files', () => {
  it('the PDF thread starts from a bundled plain module that loads pdf.js first and no TypeScript', async () => {
    const url = pdfWorkerEntry();
    const file = fileURLToPath(url);
    expect(file).toMatch(/node_modules[\\/]\.cache[\\/]cps-desk-ocr[\\/]pdfWorker-[0-9a-f]{16}\.mjs$/);
    const code = readFileSync(file, 'utf8');
    const imports = [...code.matchAll(/^import\s+(?:[^'"]*from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(imports.slice(0, 2)).toEqual(['pdfjs-dist/legacy/build/pdf.mjs', 'pdfjs-dist/legacy/build/pdf.worker.mjs']);
    expect(imports.filter((i) => /\.ts$|tsx/.test(i))).toEqual([]);
    expect(pdfWorkerEntry()).toBe(url); // built once per process
    const started = startPdfWorker();
    try {
      await started.ready; // the thread loaded pdf.js from the bundle and said so
    } finally {
      await started.worker.terminate();
    }
  });

  it('under tsx, the reader\'s tesseract.js worker threads start without tsx\'s loader (a plain Worker would inherit it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-spawn-'));
    dirs.push(dir);
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, "require('node:worker_threads').parentPort.postMessage(process.execArgv);\n");
    const script = join(dir, 'child.mts');
    const tesseractNode = join(process.cwd(), 'tools/ocr/tesseractNode.ts');
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
await import(${JSON.stringify(tesseractNode)});
const require = createRequire(${JSON.stringify(tesseractNode)});
const argvOf = (w) => new Promise((resolve) => w.once('message', (m) => { resolve(m); void w.terminate(); }));
// what tesseract.js's createWorker calls (its worker/node index, as createWorker.js reads it)
const { spawnWorker } = require('tesseract.js/src/worker/node');
console.log(JSON.stringify({ reader: await argvOf(spawnWorker({ workerPath: ${JSON.stringify(probe)} })), plain: await argvOf(new Worker(${JSON.stringify(probe)})) }));
`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', cwd: process.cwd() });
    expect(r.status, r.stderr).toBe(0);
    const { reader, plain } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { reader: string[]; plain: string[] };
    expect(plain.join(' ')).toMatch(/tsx/); // the parent runs under tsx, and a Worker inherits it
    expect(reader.join(' ')).not.toMatch(/tsx/);
  }, 60_000);

  it('unpacked language data is the gunzipped package file, written once and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-unpacked-'));
    dirs.push(dir);
    prepareUnpackedLanguageDir(['eng'], dir);
    const packed = readFileSync(join(prepareLanguageDir(['eng']), 'eng.traineddata.gz'));
    const unpacked = readFileSync(join(dir, 'eng.traineddata'));
    expect(unpacked.equals(gunzipSync(packed))).toBe(true);
    const written = statSync(join(dir, 'eng.traineddata')).mtimeMs;
    prepareUnpackedLanguageDir(['eng'], dir);
    expect(statSync(join(dir, 'eng.traineddata')).mtimeMs).toBe(written);
  });

  it('every shipped language is installed, and the Polish model reads the letters the English one has not', async () => {
    expect([...shippedLanguages]).toContain('pol');
    const packed = prepareLanguageDir([...shippedLanguages]);
    for (const lang of shippedLanguages) expect(statSync(join(packed, `${lang}.traineddata.gz`)).size, lang).toBeGreaterThan(500_000);
    const line = encodePgm(textLine('Spółka Łódź Gdańsk'));
    const read = async (lang: string): Promise<string> => {
      const worker = await createWorker(lang, 1, { langPath: prepareUnpackedLanguageDir([lang]), gzip: false, cacheMethod: 'none', workerPath: tesseractWorkerPath });
      try {
        await worker.setParameters({ tessedit_pageseg_mode: '6' as never });
        return (await worker.recognize(line as never)).data.text;
      } finally {
        await worker.terminate();
      }
    };
    const pol = await read('pol');
    expect(pol).toContain('Łódź');
    expect(pol).toContain('Spółka');
    expect(await read('eng')).not.toContain('Łódź');
  }, 120_000);

  it("the reader's worker script (LSTM-only core) reads a line from unpacked language data", async () => {
    const worker = await createWorker('eng', 1, { langPath: prepareUnpackedLanguageDir(['eng']), gzip: false, cacheMethod: 'none', workerPath: tesseractWorkerPath });
    try {
      await worker.setParameters({ tessedit_pageseg_mode: '6' as never });
      const { data } = await worker.recognize(encodePgm(textLine('Invoice 12345 Amsterdam')) as never);
      expect(data.text).toContain('12345');
    } finally {
      await worker.terminate();
    }
  }, 120_000);
});
