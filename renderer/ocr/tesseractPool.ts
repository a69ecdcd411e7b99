import type Tesseract from 'tesseract.js';
import { EvidenceError } from '../../shared/ocr/errors';
import type { GreyImage } from '../../shared/ocr/image';
import { makeLine } from '../../shared/ocr/layout';
import type { Recogniser } from '../../shared/ocr/pipeline';
import type { AbortSignalLike, OcrLine, OcrWord } from '../../shared/ocr/types';

/** `createWorker` of tesseract.js (injected so browser and Node pass their own paths). */
export type CreateTesseractWorker = (langs: string, oem: number, options: Partial<Tesseract.WorkerOptions>) => Promise<Tesseract.Worker>;

/** Options of `TesseractPool`. */
export interface TesseractPoolOptions {
  /** Language codes joined by '+', e.g. `nld+eng` (files must exist in `langPath`). */
  langs: string;
  /** Workers kept alive and reused (default 1; each ≈ 150–250 MB). */
  size?: number;
  /** Worker options: `langPath`, `workerPath`, `corePath`, `gzip`, `cacheMethod`, `workerBlobURL`. */
  workerOptions: Partial<Tesseract.WorkerOptions>;
  /** Longest a worker may take to start, ms (default 60,000): a missing language file can hang `createWorker`. */
  startTimeoutMs?: number;
  /** Page segmentation mode (default '6', single block: measured here). */
  psm?: string;
  /**
   * How `useLanguages` switches a started worker: true (default) re-initialises it in place
   * (tesseract.js `reinitialize`: no new WebAssembly instance, far cheaper where compiling the core
   * is slow, as in Chromium), false terminates it and starts a new one on the next page (its grown
   * WebAssembly memory goes with it: lower peak when a page's languages change mid-document).
   */
  reinitialise?: boolean;
}

interface Slot {
  worker: Tesseract.Worker;
  busy: boolean;
}

/**
 * A small pool of tesseract.js workers, created lazily once and reused for every page
 * (not one per page). Implements `Recogniser`. Cancelling a job terminates the worker running it (that
 * is the only way to stop tesseract mid-page); the slot is re-created on the next job.
 * Always call `terminate()` when done.
 */
export class TesseractPool implements Recogniser {
  private readonly slots: (Slot | Promise<Slot> | null)[];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private closed = false;
  private langs: string;
  private started = 0;
  private startTime = 0;

  constructor(
    private readonly createWorker: CreateTesseractWorker,
    private readonly opts: TesseractPoolOptions,
  ) {
    this.slots = new Array(Math.max(1, opts.size ?? 1)).fill(null);
    this.langs = opts.langs;
  }

  /** How many tesseract.js workers this pool has started so far (restarts after cancellation or a language change included). */
  get starts(): number {
    return this.started;
  }

  /** Milliseconds spent starting workers so far (from `createWorker` to ready, parameters set; failed starts included). */
  get startMs(): number {
    return this.startTime;
  }

  /** The languages the workers load (joined by '+'). */
  get languages(): string {
    return this.langs;
  }

  /**
   * Reads the following pages with `langs` (joined by '+'; files must exist in `langPath`): the
   * started workers load the new language data and re-initialise Tesseract in place
   * (`reinitialize`), which costs far less than a new worker (no WebAssembly compile and
   * instantiation; measured in test/bench/ocr-browser-memory.ts). A worker that fails to is
   * terminated and starts anew on the next page. Call it between pages, not while a page is being
   * recognised. Same languages: nothing happens. With `reinitialise: false` the workers are
   * terminated instead and start anew on the next page.
   */
  async useLanguages(langs: string): Promise<void> {
    if (langs === this.langs) return;
    this.langs = langs;
    if (this.opts.reinitialise === false) return this.releaseWorkers();
    await Promise.all(
      this.slots.map(async (s, i) => {
        if (!s) return;
        let slot: Slot | undefined;
        try {
          slot = await s; // one still starting (warmUp) is switched once started
          if (this.slots[i] !== slot || this.langs !== langs) return;
          await slot.worker.reinitialize(langs, 1);
          await slot.worker.setParameters(this.parameters());
        } catch {
          if (this.slots[i] === slot || this.slots[i] === s) this.slots[i] = null;
          slot?.worker.terminate().catch(() => undefined);
        }
      }),
    );
  }

  /**
   * Terminates the workers (a worker keeps the memory of the largest page it has read); the pool
   * stays usable and starts new ones on the next page. Call it between documents.
   */
  async releaseWorkers(): Promise<void> {
    const old = this.slots.splice(0, this.slots.length, ...new Array<null>(this.slots.length).fill(null));
    await Promise.all(
      old.map(async (s) => {
        try {
          if (s) await (await s).worker.terminate();
        } catch {
          /* never started or already gone */
        }
      }),
    );
  }

  private parameters(): Partial<Tesseract.WorkerParams> {
    return { tessedit_pageseg_mode: (this.opts.psm ?? '6') as Tesseract.PSM, preserve_interword_spaces: '1' };
  }

  /** Starts all workers now (otherwise they start on first use). */
  async warmUp(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => this.ensure(i)));
  }

  private ensure(i: number): Promise<Slot> {
    const s = this.slots[i];
    if (s && !(s instanceof Promise)) return Promise.resolve(s);
    if (s) return s;
    const p: Promise<Slot> = this.start().then(
      (worker) => {
        const slot = { worker, busy: false };
        if (this.slots[i] === p) this.slots[i] = slot;
        return slot;
      },
      (e) => {
        if (this.slots[i] === p) this.slots[i] = null;
        throw e;
      },
    );
    this.slots[i] = p;
    return p;
  }

  private async start(): Promise<Tesseract.Worker> {
    const timeout = this.opts.startTimeoutMs ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const langs = this.langs;
    this.started++;
    const t0 = performance.now();
    const created = this.createWorker(langs, 1, { ...this.opts.workerOptions, errorHandler: () => undefined });
    try {
      const worker = await Promise.race([
        created,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new EvidenceError('timeout', `The OCR engine did not start within ${timeout / 1000} s (language data ${langs}).`)), timeout);
        }),
      ]);
      await worker.setParameters(this.parameters());
      this.startTime += performance.now() - t0;
      return worker;
    } catch (e) {
      this.startTime += performance.now() - t0;
      created.then((w) => w.terminate()).catch(() => undefined);
      if (e instanceof EvidenceError) throw e;
      throw new EvidenceError('engine', `The OCR engine could not start (${langs}): ${(e as Error)?.message ?? String(e)}`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  private async acquire(): Promise<{ slot: Slot; index: number }> {
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i] ?? null;
      if (s === null || s instanceof Promise) {
        // not started, or starting (`warmUp`): wait for it rather than for a release that never comes
        const slot = await this.ensure(i);
        if (!slot.busy) {
          slot.busy = true;
          return { slot, index: i };
        }
      } else if (!(s instanceof Promise) && !s.busy) {
        s.busy = true;
        return { slot: s, index: i };
      }
    }
    const slot = await new Promise<Slot>((resolve) => this.waiting.push(resolve));
    slot.busy = true;
    return { slot, index: this.slots.indexOf(slot) };
  }

  private release(slot: Slot): void {
    slot.busy = false;
    const next = this.waiting.shift();
    if (next) next(slot);
  }

  /** Recognises a PGM image; returns lines with words in pixels, confidence 0..1. */
  async recognise(pgm: Uint8Array, image: GreyImage, signal?: AbortSignalLike): Promise<OcrLine[]> {
    if (this.closed) throw new EvidenceError('cancelled', 'The OCR engine was shut down.');
    if (signal?.aborted) throw new EvidenceError('cancelled', 'Reading was cancelled.');
    const { slot, index } = await this.acquire();
    let onAbort: (() => void) | undefined;
    try {
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          // Terminating is the only way to stop a running recognition; the slot restarts lazily.
          this.slots[index] = null;
          slot.worker.terminate().catch(() => undefined);
          reject(new EvidenceError('cancelled', 'Reading was cancelled.'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      aborted.catch(() => undefined); // an abort before the race below is still seen by it
      // aborted while the worker was starting (a listener added now would never fire)
      if (signal?.aborted) onAbort!();
      await Promise.race([slot.worker.setParameters({ user_defined_dpi: String(Math.round(image.dpi)) }), aborted]);
      // a PGM that fills its buffer goes as that ArrayBuffer: tesseract.js copies a typed array
      // (`new Uint8Array(image)`) before posting it to its worker, but only views an ArrayBuffer,
      // and each copy of a page is megabytes of fresh memory (docs/performance.md, "Where the OCR time goes")
      const whole = pgm.byteOffset === 0 && pgm.byteLength === pgm.buffer.byteLength;
      const input = (whole ? pgm.buffer : pgm) as unknown as Tesseract.ImageLike;
      // TSV, not `blocks`: the same words, boxes and confidences as a short string instead of a
      // JSON tree of every symbol and its choices (tens of MB for a page, parsed in both threads)
      const result = await Promise.race([slot.worker.recognize(input, {}, { tsv: true, blocks: false, text: false }), aborted]);
      return linesFromTsv(result.data.tsv ?? '');
    } catch (e) {
      if (e instanceof EvidenceError) throw e;
      throw new EvidenceError('engine', `OCR failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      if (this.slots[index] === slot) this.release(slot);
    }
  }

  /** Number of started (or starting) tesseract workers: 0 after cancellation or `terminate()`. */
  liveWorkers(): number {
    return this.slots.filter((s) => s !== null).length;
  }

  /** Terminates every worker. Safe to call twice. */
  async terminate(): Promise<void> {
    this.closed = true;
    const all = this.slots.splice(0);
    await Promise.all(
      all.map(async (s) => {
        if (!s) return;
        try {
          const slot = await s;
          await slot.worker.terminate();
        } catch {
          /* already gone */
        }
      }),
    );
  }
}

/**
 * Tesseract's TSV output (columns level, page, block, paragraph, line, word, left, top, width,
 * height, conf, text; level 5 rows are words, conf 0..100 or -1) → lines of words in pixels,
 * confidence 0..1, in reading order.
 */
export function linesFromTsv(tsv: string): OcrLine[] {
  const lines = new Map<string, OcrWord[]>();
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const text = c.slice(11).join('\t').trim();
    if (!text) continue;
    const key = `${c[2]}-${c[3]}-${c[4]}`;
    const [l, t, w, h] = [Number(c[6]), Number(c[7]), Number(c[8]), Number(c[9])];
    const words = lines.get(key) ?? [];
    words.push({ text, confidence: Math.max(0, Math.min(1, Number(c[10]) / 100)), bbox: [l, t, l + w, t + h] });
    lines.set(key, words);
  }
  return [...lines.values()].map(makeLine);
}
