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
  /** Deadline of rendering one page, ms (default 15 s; a 300 dpi A4 scan takes 0.3–3 s). */
  renderMs: number;
}

/** Default limits of the PDF worker thread. */
export const defaultPdfWorkerLimits: PdfWorkerLimits = { heapMb: 512, parseMs: 10_000, renderMs: 15_000 };

/** Data the worker starts with. */
export interface PdfWorkerData {
  bytes: Uint8Array;
  fileName: string;
}

/** Requests to the worker (`id` ≥ 1); `open` answers with the page count. */
export type PdfWorkerRequest =
  | { id: number; op: 'open' | 'close' }
  | { id: number; op: 'pageSize' | 'textWords'; page: number }
  | { id: number; op: 'render'; page: number; dpi: number };

/** Replies from the worker; `id` 0 says it has loaded pdf.js and is ready. */
export type PdfWorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { code: EvidenceErrorCode; message: string } };

/**
 * Opens `bytes` in a new worker thread and returns the source. Every call waits at most its
 * deadline; past it, or when the thread runs out of memory or dies, the thread is terminated and
 * this and every later call throw `too-complex`.
 *
 * @throws EvidenceError `encrypted`, `corrupt` (as pdf.js reports them), `too-complex` (deadline,
 *   memory limit or a crashed thread).
 */
export async function openPdfSourceInWorker(bytes: Uint8Array, fileName: string, limits: PdfWorkerLimits = defaultPdfWorkerLimits): Promise<EvidenceSource> {
  const worker = new Worker(new URL('./pdfWorker.mjs', import.meta.url), {
    workerData: { bytes, fileName } satisfies PdfWorkerData,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 48 },
    stdout: true, // pdf.js warnings stay out of the CLI's output
    stderr: true,
  });
  worker.unref();
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: EvidenceError): void }>();
  let broken: EvidenceError | undefined;
  const tooComplex = (why: string) =>
    new EvidenceError('too-complex', `"${fileName}" cannot be read: it is too complex (${why}). Print it to a new PDF or scan the paper document and import that.`);
  const breakWith = (err: EvidenceError) => {
    if (broken) return;
    broken = err;
    void worker.terminate();
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (reply: PdfWorkerReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(new EvidenceError(reply.error.code, reply.error.message));
  });
  worker.on('error', (e: Error & { code?: string }) =>
    breakWith(tooComplex(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `reading it needs more than ${limits.heapMb} MB` : `the PDF reader stopped: ${e.message}`)),
  );
  worker.on('exit', () => breakWith(tooComplex('the PDF reader stopped')));

  let nextId = 1;
  const call = <T>(id: number, ms: number, what: string, send?: PdfWorkerRequest): Promise<T> => {
    if (broken) return Promise.reject(broken);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => breakWith(tooComplex(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
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
    await call<string>(0, 120_000, 'starting the PDF reader');
    pageCount = await call<number>(nextId, limits.parseMs, 'opening it', { id: nextId++, op: 'open' });
  } catch (e) {
    void worker.terminate();
    throw e;
  }
  return {
    pageCount,
    pageSize: (page) => call(nextId, limits.parseMs, `reading page ${page}`, { id: nextId++, op: 'pageSize', page }),
    textWords: (page) => call<OcrWord[]>(nextId, limits.parseMs, `reading the text of page ${page}`, { id: nextId++, op: 'textWords', page }),
    render: (page, dpi) => call<GreyImage>(nextId, limits.renderMs, `drawing page ${page}`, { id: nextId++, op: 'render', page, dpi }),
    async close() {
      if (!broken) await call(nextId, 2000, 'closing it', { id: nextId++, op: 'close' }).catch(() => undefined);
      broken ??= new EvidenceError('cancelled', `"${fileName}" was closed.`);
      await worker.terminate();
    },
  };
}
