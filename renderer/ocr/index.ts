/**
 * Reading evidence documents in the desktop: `readEvidence(file, opts)` runs the whole
 * pipeline in a dedicated web worker (pdfjs-dist + a tesseract.js pool, assets served by the app
 * from `ocr/`), reports per-page progress, and can be cancelled with an AbortSignal.
 *
 *   const result = await readEvidence({ name, mimeType, bytes }, { country: 'NL', onProgress, signal });
 *   result.kind, result.fields.vatNumber?.value, …  // shape of evidenceDocuments.extracted
 *
 * Errors: always an `EvidenceError` with `code` one of `evidenceErrorCodes` (shared/ocr/errors.ts).
 *
 * Deadlines: pdf.js parses and draws in the worker (and its nested pdf.js worker); a file that
 * makes it loop cannot be stopped by a message, so when opening a file, reading a page's text or
 * drawing a page takes longer than `stageTimeoutMs`, the whole worker is terminated (its nested
 * workers with it) and the read fails with `too-complex`; past `timeoutMs` it is terminated too
 * (`timeout`). The next read starts a fresh worker.
 *
 * The OCR engine (a tesseract.js worker) belongs to this page, not to the evidence worker: pdf.js
 * runs in the evidence worker's own thread, so a file that makes it loop blocks that thread, and an
 * engine started from it would be left half-started and out of its reach; started from here, the
 * deadline terminates the evidence worker and the engine of that read, and the next read starts
 * both afresh (engineKeeper.ts).
 *
 * Time and memory: the evidence worker is terminated as soon as no read is pending in it (each
 * document is opened in a fresh one: pdf.js and what it cached go with it); the engine is kept for
 * `idleMs` after the last read (default 60 s; `configureEvidenceReading`), so the documents of one
 * customer at the counter reuse the started engine instead of paying its start (WebAssembly core,
 * language data, Tesseract init) each time; then it is terminated and everything it held is given
 * back (measured in test/bench/ocr-browser-memory.ts and docs/performance.md).
 */
import { EvidenceError, type EvidenceErrorCode } from '../../shared/ocr/errors';
import type { EvidenceProgress, EvidenceReadResult, EvidenceStage } from '../../shared/ocr/types';
import { createWorker } from 'tesseract.js';
import { EngineKeeper } from './engineKeeper';
import type { FromWorker, ToWorker } from './protocol';
import { TesseractPool, type CreateTesseractWorker } from './tesseractPool';

export { EvidenceError, isEvidenceError, evidenceErrorCodes, type EvidenceErrorCode } from '../../shared/ocr/errors';
export { LOW_CONFIDENCE } from '../../shared/ocr/extract';
export type { EvidenceReadResult, EvidenceField, EvidenceFields, EvidenceFieldName, EvidenceStage, EvidenceProgress } from '../../shared/ocr/types';

/** Options of `readEvidence`. */
export interface ReadEvidenceOptions {
  /** Tesseract languages joined by '+' (shipped: nld, eng, deu, fra, pol); fixed for the whole document. */
  langs?: string;
  /**
   * ISO 3166 alpha-2 country the document most likely comes from (the form's country): the first
   * page is read with its languages and its own text decides the rest (`chooseOcrLanguages`, see
   * shared/ocr/languages.ts). Used when `langs` is absent; neither: all shipped languages first.
   */
  country?: string;
  onProgress?: EvidenceProgress;
  signal?: AbortSignal;
  /** Whole-document time limit, ms (default 60 s + 20 s per page up to the 50-page limit = 16 min). */
  timeoutMs?: number;
  /** Limit of each parse/draw stage (opening, a page's text layer, drawing a page), ms (default 30 s). */
  stageTimeoutMs?: number;
  /** OCR even pages that have a real text layer. */
  forceOcr?: boolean;
}

let worker: Worker | undefined;
let nextId = 1;
let engineStarts = 0;

/** tesseract.js's `createWorker`, counted (`ocrEngineStarts`). */
const countedCreateWorker: CreateTesseractWorker = (langs, oem, options) => {
  engineStarts++;
  return (createWorker as unknown as CreateTesseractWorker)(langs, oem, options);
};

/** One tesseract.js worker for `langs`, from the app's assets (renderer/public/ocr). */
function newPool(langs: string): TesseractPool {
  const base = ocrAssetBase();
  return new TesseractPool(countedCreateWorker, {
    langs,
    size: 1,
    workerOptions: {
      workerPath: `${base}tesseract/worker.min.js`,
      corePath: `${base}tesseract/core/`,
      langPath: `${base}tesseract/lang`,
      // the language files ship unpacked (copy-assets.mjs): no gunzip in JavaScript per start
      gzip: false,
      cacheMethod: 'none',
      workerBlobURL: false,
    },
  });
}

/** The reads' OCR engine, kept 60 s after the last read by default (see `configureEvidenceReading`). */
const engines = new EngineKeeper(newPool, 60_000);

/**
 * Sets how long the OCR engine (the started tesseract.js worker, ≈ 100–250 MB) is kept after the
 * last read, in ms: 0 ends it with the read (every document pays the engine start again).
 * Applies from the next read's end on.
 */
export function configureEvidenceReading(opts: { idleMs?: number }): void {
  if (opts.idleMs !== undefined) engines.idleMs = Math.max(0, opts.idleMs);
}

/** Ends the kept OCR engine now (e.g. when the form that reads is closed); running reads are not affected, the next read starts a fresh engine. */
export function releaseEvidenceWorker(): void {
  engines.release();
}

/** tesseract.js workers started by this page so far (a read that reused the kept engine adds 0). */
export function ocrEngineStarts(): number {
  return engineStarts;
}
const pending = new Map<number, { resolve(r: EvidenceReadResult): void; reject(e: EvidenceError): void; onProgress?: EvidenceProgress }>();

/** Stages in which pdf.js parses or draws (bounded by `stageTimeoutMs`); recognition is not one. */
const boundedStages = new Set<EvidenceStage>(['open', 'text-layer', 'render']);

/**
 * Terminates the worker `w` and the engines of its reads (a deadline: the read `except` fails on
 * its own); every other read in it fails with `cancelled`.
 */
function terminate(w: Worker, except: number): void {
  w.terminate();
  if (worker === w) worker = undefined;
  engines.end(except, 'discard');
  for (const [id, job] of pending) {
    engines.end(id, 'discard');
    if (id !== except) job.reject(new EvidenceError('cancelled', 'The OCR engine was restarted; import the file again.'));
  }
  pending.clear();
}

/** Absolute URL of the app's `ocr/` asset folder (renderer/public/ocr). */
export function ocrAssetBase(): string {
  return new URL(`${import.meta.env.BASE_URL}ocr/`, document.baseURI).href;
}

/**
 * Terminates the worker `w` once no read is pending in it: a worker keeps what its reads left
 * behind (pdf.js, the JavaScript heap), so each document starts in a fresh one (the OCR engine,
 * the costly part to start, is kept by `engines`).
 */
function retireIfIdle(w: Worker): void {
  if (pending.size > 0 || worker !== w) return;
  w.terminate();
  worker = undefined;
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./evidence.worker.ts', import.meta.url), { type: 'module', name: 'evidence-ocr' });
  w.onmessage = (ev: MessageEvent<FromWorker>) => {
    const msg = ev.data;
    if (msg.type === 'engine') {
      if (!pending.has(msg.id)) {
        // the read has ended (cancelled) and the worker has not noticed yet: no engine for it
        if (msg.op !== 'start') w.postMessage({ type: 'engine-reply', id: msg.id, call: msg.call, error: { code: 'cancelled', message: 'Reading was cancelled.' } } satisfies ToWorker);
        return;
      }
      const reply = engines.handle(msg);
      if (msg.op !== 'start') void reply.then((r) => w.postMessage({ type: 'engine-reply', id: msg.id, call: msg.call, ...r } satisfies ToWorker));
      return;
    }
    const job = pending.get(msg.id);
    if (!job) return;
    if (msg.type === 'progress') job.onProgress?.(msg.page, msg.pages, msg.stage);
    else {
      pending.delete(msg.id);
      engines.end(msg.id, 'keep');
      retireIfIdle(w);
      if (msg.type === 'result') job.resolve(msg.result);
      else job.reject(new EvidenceError(msg.code, msg.message));
    }
  };
  w.onerror = (ev) => {
    const err = new EvidenceError('engine', `The OCR worker crashed: ${ev.message || 'unknown error'}`);
    for (const [id, job] of pending) {
      engines.end(id, 'discard');
      job.reject(err);
    }
    pending.clear();
    w.terminate();
    worker = undefined;
  };
  worker = w;
  return w;
}

/**
 * Reads an evidence file (PDF, JPEG, PNG, TIFF) off the UI thread and extracts the organisation's
 * fields. `bytes` are copied to the worker (the caller keeps its buffer).
 *
 * @throws EvidenceError (see module doc); `cancelled` when `signal` aborts, `timeout` past `timeoutMs`.
 */
export function readEvidence(file: { name: string; mimeType: string; bytes: Uint8Array }, opts: ReadEvidenceOptions = {}): Promise<EvidenceReadResult> {
  if (opts.signal?.aborted) return Promise.reject(new EvidenceError('cancelled', `Reading "${file.name}" was cancelled.`));
  const id = nextId++;
  const w = getWorker();
  engines.begin(id);
  const timeoutMs = opts.timeoutMs ?? 60_000 + 20_000 * 50;
  const stageTimeoutMs = opts.stageTimeoutMs ?? 30_000;
  return new Promise<EvidenceReadResult>((resolve, reject) => {
    let settled = false;
    let stageTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(stageTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const stop = (code: EvidenceErrorCode, message: string) => {
      pending.delete(id);
      w.postMessage({ type: 'cancel', id } satisfies ToWorker);
      // stops a recognition running for it (its tesseract.js worker ends; the engine is kept)
      engines.end(id, 'keep');
      retireIfIdle(w);
      finish(() => reject(new EvidenceError(code, message)));
    };
    /** Ends the read by terminating the worker: pdf.js may be stuck where no message reaches it. */
    const kill = (code: EvidenceErrorCode, message: string) => {
      pending.delete(id);
      terminate(w, id);
      finish(() => reject(new EvidenceError(code, message)));
    };
    const enterStage = (stage: EvidenceStage) => {
      clearTimeout(stageTimer);
      if (boundedStages.has(stage)) {
        stageTimer = setTimeout(
          () => kill('too-complex', `"${file.name}" cannot be read: it is too complex (one step took longer than ${Math.round(stageTimeoutMs / 1000)} s).`),
          stageTimeoutMs,
        );
      }
    };
    const onAbort = () => stop('cancelled', `Reading "${file.name}" was cancelled.`);
    const timer = setTimeout(() => kill('timeout', `Reading "${file.name}" took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`), timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    enterStage('open');
    pending.set(id, {
      resolve: (r) => finish(() => resolve(r)),
      reject: (e) => finish(() => reject(e)),
      onProgress: (page, pages, stage) => {
        enterStage(stage);
        opts.onProgress?.(page, pages, stage);
      },
    });
    const msg: ToWorker = { type: 'read', id, file: { name: file.name, mimeType: file.mimeType, bytes: file.bytes.slice() }, languages: opts.langs ?? { country: opts.country }, assetBase: ocrAssetBase(), forceOcr: opts.forceOcr };
    w.postMessage(msg, [msg.file.bytes.buffer]);
  });
}
