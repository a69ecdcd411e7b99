/**
 * A PDF `EvidenceSource` whose parsing and rendering run in a Node worker thread with a memory
 * limit (`resourceLimits`) and a deadline per operation. pdf.js runs in the calling thread in Node
 * (its "fake worker"), so a file that makes it loop (pdf.js's test file `operator_list_cycle.pdf`
 * loops pdfjs-dist 5.6.205 until the heap is exhausted) would hang or kill the whole process;
 * here the thread is terminated and the read ends with `EvidenceError('too-complex')` in seconds.
 *
 * Node documents `resourceLimits` (maxOldGenerationSizeMb, maxYoungGenerationSizeMb) and the
 * `ERR_WORKER_OUT_OF_MEMORY` error a worker ends with when it exceeds them:
 * https://nodejs.org/api/worker_threads.html#new-workerfilename-options
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EvidenceError, type EvidenceErrorCode } from '../../shared/ocr/errors';
import type { GreyImage } from '../../shared/ocr/image';
import type { EvidenceSource } from '../../shared/ocr/pipeline';
import type { OcrWord } from '../../shared/ocr/types';

/** Limits of the PDF worker thread. */
export interface PdfWorkerLimits {
  /** V8 old-generation heap of the thread, MB (default 512; pdf.js needs < 200 MB for real scans). */
  heapMb: number;
  /** Deadline of opening the file and of each page-size or text request, ms (default 10 s). */
  parseMs: number;
  /** Deadline of rendering one page, ms (default 10 s; a 300 dpi A4 scan takes 0.3–3 s). */
  renderMs: number;
}

/**
 * How much longer than its nominal deadline a step may take on a busy machine: the 1-minute load
 * average per core, between 1 and 4. The deadlines stand for a CPU budget; a machine running four
 * times more work than it has cores gives each step a quarter of the CPU.
 */
export function loadStretch(): number {
  return Math.min(4, Math.max(1, loadavg()[0]! / availableParallelism()));
}

/** Default limits of the PDF worker thread. */
export const defaultPdfWorkerLimits: PdfWorkerLimits = { heapMb: 512, parseMs: 10_000, renderMs: 10_000 };

/** Requests to the worker (`id` ≥ 1); `open` answers with the page count. */
export type PdfWorkerRequest =
  | { id: number; op: 'open'; bytes: Uint8Array; fileName: string }
  | { id: number; op: 'close' }
  | { id: number; op: 'pageSize' | 'textWords'; page: number }
  | { id: number; op: 'render'; page: number; dpi: number };

/** Replies from the worker; `id` 0 says it has loaded pdf.js and is ready. */
export type PdfWorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { code: EvidenceErrorCode; message: string } };

/**
 * The parent's Node flags without those that load tsx (`--import tsx`, tsx's own `--require …/tsx/…`
 * and `--import …/tsx/…`): other preloads (e.g. a test's network blocker) still reach the thread.
 */
export function execArgvWithoutTsx(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const m = /^(--import|--require|-r|--loader|--experimental-loader)(?:=(.*))?$/.exec(flag);
    if (!m) {
      out.push(flag);
      continue;
    }
    const value = m[2] ?? argv[++i] ?? '';
    if (/(^|[\\/])tsx([\\/]|$)/.test(value)) continue;
    out.push(...(m[2] === undefined ? [flag, value] : [flag]));
  }
  return out;
}

/** A started PDF worker thread; `ready` resolves once it has loaded pdf.js (rejects if it dies first). */
export interface StartedPdfWorker {
  worker: Worker;
  ready: Promise<void>;
}

let entry: URL | undefined;

/**
 * The PDF thread's entry: pdfWorker.ts and the TypeScript it imports bundled by esbuild into one
 * plain ES module, pdf.js and every other package left as imports. It is written under
 * node_modules/.cache/cps-desk-ocr/ (so that the packages resolve from it), named by a hash of
 * the OCR sources' names, sizes and modification times and of esbuild's version, and built only
 * when that file is missing (about 0.1 s; esbuild is not even loaded otherwise). The thread then
 * runs no TypeScript loader: loading pdfWorker.ts through tsx (pdfWorker.mjs, the fallback when
 * esbuild cannot build) made the thread 20–25 MB larger for its whole life and its start slower
 * (docs/performance.md, OCR memory).
 */
export function pdfWorkerEntry(): URL {
  if (entry) return entry;
  const here = dirname(fileURLToPath(import.meta.url));
  try {
    const require = createRequire(import.meta.url);
    const hash = createHash('sha256').update(String(require('esbuild/package.json').version));
    for (const folder of ['tools/ocr', 'renderer/ocr', 'shared']) {
      const root = join(here, '..', '..', folder);
      if (!existsSync(root)) continue;
      for (const name of (readdirSync(root, { recursive: true }) as string[]).sort()) {
        const st = statSync(join(root, name));
        if (st.isFile()) hash.update(`${folder}/${name}\0${st.size}\0${st.mtimeMs}\0`);
      }
    }
    const dir = join(dirname(dirname(require.resolve('pdfjs-dist/package.json'))), '.cache', 'cps-desk-ocr');
    const file = join(dir, `pdfWorker-${hash.digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      const { buildSync } = require('esbuild') as typeof import('esbuild');
      const built = buildSync({
        stdin: {
          // pdf.js's worker code first: pdf.js finds it on globalThis.pdfjsWorker (see pdfWorker.mjs)
          contents: "import 'pdfjs-dist/legacy/build/pdf.mjs';\nimport 'pdfjs-dist/legacy/build/pdf.worker.mjs';\nimport './pdfWorker.ts';\n",
          resolveDir: here,
          sourcefile: 'pdfWorkerEntry.ts',
          loader: 'ts',
        },
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        write: false,
        logLevel: 'silent',
      });
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, built.outputFiles[0]!.text);
      renameSync(tmp, file); // atomic: a process starting beside this one never loads half a file
    }
    entry = pathToFileURL(file);
  } catch {
    entry = new URL('./pdfWorker.mjs', import.meta.url);
  }
  return entry;
}

/**
 * Starts a PDF worker thread with a `heapMb` heap limit. Loading pdf.js takes 0.5–4 s, so a reader
 * starts the next worker while it reads a document (see engine.ts): each document still gets a
 * fresh thread, and none waits for the loading.
 */
export function startPdfWorker(heapMb = defaultPdfWorkerLimits.heapMb): StartedPdfWorker {
  const worker = new Worker(pdfWorkerEntry(), {
    execArgv: execArgvWithoutTsx(), // plain JavaScript (pdfWorker.mjs, the fallback, registers tsx itself)
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 48 },
    stdout: true, // pdf.js warnings stay out of the CLI's output
    stderr: true,
  });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: PdfWorkerReply) => {
      if (m.id !== 0) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('the PDF worker exited before it was ready')));
  });
  ready.catch(() => undefined); // reported by whoever awaits it
  return { worker, ready };
}

/**
 * Opens `bytes` in a worker thread (`started`, else a new one) and returns the source. Every call
 * waits at most its deadline (stretched by `loadStretch()` on a busy machine); past it, or when
 * the thread runs out of memory or dies, the thread is terminated and this and every later call
 * throw `too-complex`. When the document is closed (or refused by pdf.js) the healthy thread is
 * handed to `release` for the next document (default: terminated); a terminated one is reported
 * as `release(null)`.
 *
 * @throws EvidenceError `encrypted`, `corrupt` (as pdf.js reports them), `too-complex` (deadline,
 *   memory limit or a crashed thread).
 */
export async function openPdfSourceInWorker(
  bytes: Uint8Array,
  fileName: string,
  limits: PdfWorkerLimits = defaultPdfWorkerLimits,
  started: StartedPdfWorker = startPdfWorker(limits.heapMb),
  release: (worker: StartedPdfWorker | null) => void = (w) => void w?.worker.terminate(),
): Promise<EvidenceSource> {
  const { worker } = started;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: EvidenceError): void }>();
  let broken: EvidenceError | undefined;
  const tooComplex = (why: string) =>
    new EvidenceError('too-complex', `"${fileName}" cannot be read: it is too complex (${why}). Print it to a new PDF or scan the paper document and import that.`);
  let released = false;
  const detach = () => {
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
  };
  /** Hands the thread back (healthy: for the next document) or reports it gone (`null`), once. */
  const releaseOnce = (healthy: boolean) => {
    if (released) return;
    released = true;
    detach();
    release(healthy ? started : null);
  };
  const breakWith = (err: EvidenceError) => {
    if (broken) return;
    broken = err;
    void worker.terminate();
    releaseOnce(false);
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const onMessage = (reply: PdfWorkerReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(new EvidenceError(reply.error.code, reply.error.message));
  };
  const onError = (e: Error & { code?: string }) =>
    breakWith(tooComplex(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `reading it needs more than ${limits.heapMb} MB` : `the PDF reader stopped: ${e.message}`));
  const onExit = () => breakWith(tooComplex('the PDF reader stopped'));
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);

  let nextId = 1;
  const call = <T>(id: number, ms: number, what: string, send?: PdfWorkerRequest): Promise<T> => {
    if (broken) return Promise.reject(broken);
    const limit = ms * loadStretch();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => breakWith(tooComplex(`${what} took longer than ${Math.round(limit / 1000)} s`)), limit);
      waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      if (send) worker.postMessage(send);
    });
  };
  let pageCount: number;
  try {
    // loading pdf.js is not the file's fault: a generous deadline, only against a broken thread
    let startTimer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([started.ready, new Promise((_, reject) => (startTimer = setTimeout(() => reject(new Error('not ready after 120 s')), 120_000)))])
      .catch((e: Error) => breakWith(tooComplex(`the PDF reader did not start: ${e.message}`)))
      .finally(() => clearTimeout(startTimer));
    pageCount = await call<number>(nextId, limits.parseMs, 'opening it', { id: nextId++, op: 'open', bytes, fileName });
  } catch (e) {
    // pdf.js refused the file (encrypted, corrupt): the thread is fine and serves the next one
    if (!broken) await call(nextId, 2000, 'closing it', { id: nextId++, op: 'close' }).then(() => releaseOnce(true), () => undefined);
    throw e;
  }
  return {
    pageCount,
    pageSize: (page) => call(nextId, limits.parseMs, `reading page ${page}`, { id: nextId++, op: 'pageSize', page }),
    textWords: (page) => call<OcrWord[]>(nextId, limits.parseMs, `reading the text of page ${page}`, { id: nextId++, op: 'textWords', page }),
    render: (page, dpi) => call<GreyImage>(nextId, limits.renderMs, `drawing page ${page}`, { id: nextId++, op: 'render', page, dpi }),
    async close() {
      if (!broken) await call(nextId, 2000, 'closing it', { id: nextId++, op: 'close' }).then(() => releaseOnce(true), () => undefined);
      broken ??= new EvidenceError('cancelled', `"${fileName}" was closed.`);
    },
  };
}
