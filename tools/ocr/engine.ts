/**
 * Node evidence reader: pdfjs-dist legacy build rendering through its own `canvasFactory`
 * (@napi-rs/canvas, the copy pdfjs-dist brings), tesseract.js workers in worker_threads with the
 * language data shipped in `@tesseract.js-data/*` (no network), and the shared pipeline.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { EvidenceError } from '../../shared/ocr/errors';
import { shippedOcrLanguages } from '../../shared/ocr/languages';
import { rgbaToGrey } from '../../shared/ocr/image';
import { readEvidenceWith, type EvidenceEngine, type ReadEvidenceOptions } from '../../shared/ocr/pipeline';
import { imageDpi, rasterSource, tiffPages, DEFAULT_IMAGE_DPI } from '../../shared/ocr/raster';
import { defaultEvidenceLimits } from '../../shared/ocr/sniff';
import type { EvidenceReadResult } from '../../shared/ocr/types';
import { TesseractPool, type CreateTesseractWorker } from '../../renderer/ocr/tesseractPool';
import { defaultPdfWorkerLimits, openPdfSourceInWorker, startPdfWorker, type PdfWorkerLimits, type StartedPdfWorker } from './pdfInWorker';
import { createWorker } from './tesseractNode';

const require = createRequire(import.meta.url);

/**
 * The tesseract.js worker script of the Node reader: tesseract.js's own, loading the LSTM-only
 * WebAssembly core (its Node script loads the core with the legacy engine; see the file).
 */
export const tesseractWorkerPath = fileURLToPath(new URL('./tesseractWorker.cjs', import.meta.url));

/** Languages shipped with the app (`@tesseract.js-data/*`). */
export const shippedLanguages = shippedOcrLanguages;

/**
 * Copies the `4.0.0_best_int/<lang>.traineddata.gz` files of the requested languages from
 * `@tesseract.js-data/<lang>` into one folder (tesseract.js wants them side by side) and returns
 * it. Checks every file first: a missing language makes `createWorker` hang (measured here).
 *
 * @throws EvidenceError `engine` naming the missing language package.
 */
export function prepareLanguageDir(langs: string[], dir = join(tmpdir(), 'cps-desk-ocr-lang-4.0.0_best_int')): string {
  mkdirSync(dir, { recursive: true });
  for (const lang of langs) {
    if (!/^[a-z_]{3,12}$/.test(lang)) throw new EvidenceError('engine', `"${lang}" is not a language code (expected e.g. nld, eng, deu, fra, pol).`);
    let src: string;
    try {
      src = join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int', `${lang}.traineddata.gz`);
    } catch {
      throw new EvidenceError('engine', `OCR language data for "${lang}" is not installed (npm package @tesseract.js-data/${lang}).`);
    }
    if (!existsSync(src)) throw new EvidenceError('engine', `OCR language file missing: ${src}.`);
    const dst = join(dir, `${lang}.traineddata.gz`);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) copyFileSync(src, dst);
  }
  return dir;
}

/**
 * The same language files unpacked (`<lang>.traineddata`) in a folder of their own, for workers
 * started with `gzip: false`: each file is gunzipped once per machine, not at every worker start
 * (tesseract.js gunzips a `.gz` in the worker thread at each start: 40–90 ms of CPU for nld and
 * for eng, measured here). A file is written under a temporary name and renamed, so a process
 * starting beside this one never reads half a file.
 *
 * @throws EvidenceError `engine`, as `prepareLanguageDir`.
 */
export function prepareUnpackedLanguageDir(langs: string[], dir = join(tmpdir(), 'cps-desk-ocr-lang-4.0.0_best_int-unpacked')): string {
  const packed = prepareLanguageDir(langs);
  mkdirSync(dir, { recursive: true });
  for (const lang of langs) {
    const src = join(packed, `${lang}.traineddata.gz`);
    const dst = join(dir, `${lang}.traineddata`);
    // the unpacked file records the size of the .gz it came from: a new package version is unpacked again
    const stamp = join(dir, `${lang}.traineddata.from`);
    const from = String(statSync(src).size);
    if (existsSync(dst) && existsSync(stamp) && readFileSync(stamp, 'utf8') === from) continue;
    const tmp = `${dst}.${process.pid}.tmp`;
    writeFileSync(tmp, gunzipSync(readFileSync(src)));
    renameSync(tmp, dst);
    writeFileSync(stamp, from);
  }
  return dir;
}

export { loadPdfjs, pdfjsAssetParams } from './pdfjs';

/** Options of `createNodeEvidenceReader`. */
export interface NodeReaderOptions {
  /**
   * Language codes joined by '+' (default `nld+eng+deu+fra`): the workers' languages until a read
   * asks for others (`ReadEvidenceOptions.languages`, e.g. `{ country: 'NL' }` to let the form's
   * country and the first page decide).
   */
  langs?: string;
  /** tesseract.js workers in the pool (default 1). */
  workers?: number;
  /** Memory and time limits of the thread that parses and renders PDFs (see pdfInWorker.ts). */
  pdfLimits?: PdfWorkerLimits;
  /**
   * One tesseract.js worker and one PDF thread per document, each terminated as soon as its part
   * is done (the PDF thread after the last page is drawn, before it is recognised), so their
   * memory never adds up (default false: both kept warm for the next document). The desktop reads
   * this way; the bench too, to measure it.
   */
  workerPerDocument?: boolean;
  /** Start the first PDF worker thread at once (default true; the CLI passes false for images). */
  prestartPdfWorker?: boolean;
}

/** A reader with a warm worker pool; `close()` terminates the workers. */
export interface NodeEvidenceReader {
  read(file: { name: string; mimeType?: string; bytes: Uint8Array }, opts?: ReadEvidenceOptions & { timeoutMs?: number }): Promise<EvidenceReadResult>;
  pool: TesseractPool;
  /** Resolves once the PDF worker thread has loaded pdf.js (starts it if needed); never rejects. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** Decodes a JPEG/PNG with @napi-rs/canvas (the copy pdfjs-dist depends on). */
async function decodeImage(bytes: Uint8Array, fileName: string) {
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  try {
    const img = await loadImage(Buffer.from(bytes));
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, img.width, img.height);
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    return rgbaToGrey(data, img.width, img.height, imageDpi(bytes) ?? DEFAULT_IMAGE_DPI);
  } catch (e) {
    throw new EvidenceError('corrupt', `"${fileName}" is a damaged image and cannot be read.`, { cause: e });
  }
}

/**
 * Creates the Node reader. The pool starts lazily on the first OCR page.
 * `read` adds a timeout (default 60 s + 30 s per MB, ≥ 5 min for large files) that cancels the
 * work and throws `EvidenceError('timeout')`.
 */
export function createNodeEvidenceReader(options: NodeReaderOptions = {}): NodeEvidenceReader {
  const langs = options.langs ?? 'nld+eng+deu+fra';
  const langPath = prepareUnpackedLanguageDir(langs.split('+'));
  const pool = new TesseractPool(createWorker as unknown as CreateTesseractWorker, {
    langs,
    size: options.workers ?? 1,
    workerOptions: { langPath, gzip: false, cacheMethod: 'none', workerPath: tesseractWorkerPath },
    // a reader that keeps its worker switches languages in place; one worker per document restarts
    // it (a start costs about a second in Node, and the new worker's memory starts small)
    reinitialise: !options.workerPerDocument,
  });
  const pdfLimits = options.pdfLimits ?? defaultPdfWorkerLimits;
  // the PDF worker thread, started ahead (loading pdf.js takes seconds) and reused from document
  // to document; one that was terminated (deadline, memory) is replaced at once
  let spare: StartedPdfWorker | undefined = options.prestartPdfWorker === false ? undefined : startPdfWorker(pdfLimits.heapMb);
  let closed = false;
  const release = (w: StartedPdfWorker | null) => {
    if (closed || spare || options.workerPerDocument) void w?.worker.terminate();
    else spare = w ?? startPdfWorker(pdfLimits.heapMb);
  };
  const engine: EvidenceEngine = {
    recogniser: {
      recognise: (pgm, image, signal) => pool.recognise(pgm, image, signal),
      async useLanguages(next) {
        prepareUnpackedLanguageDir(next.split('+'), langPath);
        await pool.useLanguages(next);
      },
    },
    now: () => performance.now(),
    async open(bytes, type, fileName) {
      // PDFs are parsed and rendered in a worker thread under a memory limit and deadlines
      if (type === 'pdf') {
        const started = spare ?? startPdfWorker(pdfLimits.heapMb);
        spare = undefined;
        return openPdfSourceInWorker(bytes, fileName, pdfLimits, started, release);
      }
      if (type === 'tiff') return rasterSource(tiffPages(bytes, fileName, defaultEvidenceLimits.maxPages));
      return rasterSource([await decodeImage(bytes, fileName)]);
    },
  };
  return {
    pool,
    async read(file, opts = {}) {
      const controller = new AbortController();
      const timeoutMs = opts.timeoutMs ?? 60_000 + 30_000 * (file.bytes.byteLength / 1048576) + 20_000 * 50;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const outer = opts.signal;
      const forward = () => controller.abort();
      outer?.addEventListener('abort', forward, { once: true });
      if (outer?.aborted) controller.abort();
      try {
        return await readEvidenceWith(engine, file, { ...opts, signal: controller.signal });
      } catch (e) {
        if (timedOut && e instanceof EvidenceError && e.code === 'cancelled') {
          throw new EvidenceError('timeout', `Reading "${file.name}" took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`, { cause: e });
        }
        throw e;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
        if (options.workerPerDocument) await pool.releaseWorkers();
      }
    },
    async warmUp() {
      spare ??= startPdfWorker(pdfLimits.heapMb);
      await spare.ready.catch(() => undefined);
    },
    async close() {
      closed = true;
      await spare?.worker.terminate();
      spare = undefined;
      await pool.terminate();
    },
  };
}
