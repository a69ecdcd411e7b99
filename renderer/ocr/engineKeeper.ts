import { EvidenceError, isEvidenceError } from '../../shared/ocr/errors';
import type { OcrLine } from '../../shared/ocr/types';
import type { EngineRequest } from './protocol';
import type { TesseractPool } from './tesseractPool';

/** What answers an engine request: the lines of a page, nothing (languages set, start), or the error. */
export type EngineReply = { lines?: OcrLine[]; error?: { code: EvidenceError['code']; message: string } };

/**
 * The OCR engine of the reads of one page (one `TesseractPool`), owned by the thread that starts
 * the evidence workers and not by an evidence worker: pdf.js runs inside the evidence worker's own
 * thread (its "fake worker": pdfjs-dist 5 looks for `window` to start a worker of its own, and a
 * worker has none), so a file that makes pdf.js loop blocks that thread, and a tesseract.js worker
 * started from it could neither finish starting nor be ended by it. Here the engine lives beside
 * the evidence worker: a page's recognition is asked for by message, a deadline terminates the
 * evidence worker and this read's engine from outside (`end(read, 'discard')`), and the next read
 * starts a fresh one.
 *
 * Between reads one engine is kept for `idleMs` (the next document skips the start: WebAssembly
 * core, language data, Tesseract init), then terminated with everything it holds. A read that
 * runs beside another gets an engine of its own, terminated when it ends.
 */
export class EngineKeeper {
  private idle: TesseractPool | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reads begun and not ended; `pool` once the read has asked for the engine. */
  private readonly reads = new Map<number, { pool?: TesseractPool; chain: Promise<unknown>; abort: AbortController }>();

  /**
   * @param newPool makes an engine for `langs` (Tesseract codes joined by '+'); it starts its
   *   tesseract.js worker on first use.
   * @param idleMs how long the engine is kept after the last read, ms (0: ended with the read).
   */
  constructor(
    private readonly newPool: (langs: string) => TesseractPool,
    public idleMs: number,
  ) {}

  /** Whether an engine is kept for the next read. */
  get kept(): boolean {
    return this.idle !== undefined;
  }

  /**
   * Read `id` begins: the kept engine is held for it (its idle time stops) until the read first
   * asks for the engine, which may be seconds later (a fresh evidence worker, pdf.js opening the file).
   */
  begin(id: number): void {
    clearTimeout(this.idleTimer);
    if (!this.reads.has(id)) this.reads.set(id, { chain: Promise.resolve(), abort: new AbortController() });
  }

  private poolOf(id: number, langs: string) {
    this.begin(id);
    const r = this.reads.get(id)!;
    if (!r.pool) {
      r.pool = this.idle ?? this.newPool(langs);
      this.idle = undefined;
    }
    return r as typeof r & { pool: TesseractPool };
  }

  /**
   * Carries out one request of read `req.id`, after that read's earlier requests (a page is not
   * recognised while the languages change). Never rejects: failures come back as `error`
   * (`cancelled` once the read has ended; `engine` or `timeout` from the engine).
   */
  handle(req: EngineRequest): Promise<EngineReply> {
    const r = this.poolOf(req.id, 'langs' in req ? req.langs : 'eng');
    const { pool, abort } = r;
    const run = async (): Promise<EngineReply> => {
      if (abort.signal.aborted) throw new EvidenceError('cancelled', 'Reading was cancelled.');
      if (req.op === 'start') {
        await pool.useLanguages(req.langs);
        pool.warmUp().catch(() => undefined); // a failed start is reported by the first recognition
        return {};
      }
      if (req.op === 'languages') {
        await pool.useLanguages(req.langs);
        return {};
      }
      const lines = await pool.recognise(req.pgm, { width: req.width, height: req.height, dpi: req.dpi, data: new Uint8Array(0) }, abort.signal);
      return { lines };
    };
    const done = r.chain.then(run).then(
      (reply) => reply,
      (e: unknown): EngineReply => {
        const err = isEvidenceError(e) ? e : new EvidenceError('engine', `OCR failed: ${(e as Error)?.message ?? String(e)}`);
        return { error: { code: err.code, message: err.message } };
      },
    );
    r.chain = done;
    return done;
  }

  /**
   * Read `id` has ended. `'keep'` (it ended normally, or was cancelled by the user): its engine
   * is kept for `idleMs` when none is kept yet, otherwise terminated; a recognition still
   * running is stopped first (that ends its tesseract.js worker: the only way to stop one
   * mid-page; the kept engine restarts it on its next page). `'discard'` (a deadline, a crashed
   * evidence worker): the engine is terminated whatever it was doing.
   */
  end(id: number, how: 'keep' | 'discard'): void {
    const r = this.reads.get(id);
    if (!r) return;
    this.reads.delete(id);
    r.abort.abort();
    if (!r.pool) {
      // never asked for the engine (a file refused before OCR)
    } else if (how === 'discard' || this.idle || this.idleMs === 0) void r.pool.terminate();
    else this.idle = r.pool;
    // the kept engine's idle time runs from the end of the last read
    clearTimeout(this.idleTimer);
    if (this.idle && this.reads.size === 0) this.idleTimer = setTimeout(() => this.release(), this.idleMs);
  }

  /** Terminates the kept engine now (no effect on running reads); the next read starts a fresh one. */
  release(): void {
    clearTimeout(this.idleTimer);
    const pool = this.idle;
    this.idle = undefined;
    void pool?.terminate();
  }
}
