/// <reference lib="webworker" />
/**
 * The evidence worker: runs pdfjs-dist (rendering into an OffscreenCanvas) and the reading
 * pipeline off the UI thread; the page recognises the pages with the OCR engine it owns. All assets come from the app itself under `assetBase`
 * (`renderer/public/ocr/`, copied by `node tools/ocr/copy-assets.mjs`): no network.
 */
import * as pdfjs from 'pdfjs-dist';
import { EvidenceError, isEvidenceError } from '../../shared/ocr/errors';
import { rgbaToGrey, type GreyImage } from '../../shared/ocr/image';
import { ocrLanguagesFor } from '../../shared/ocr/languages';
import { readEvidenceWith, type EvidenceEngine, type Recogniser } from '../../shared/ocr/pipeline';
import { imageDpi, rasterSource, tiffPages, DEFAULT_IMAGE_DPI } from '../../shared/ocr/raster';
import { defaultEvidenceLimits } from '../../shared/ocr/sniff';
import { openPdfSource, type PageCanvas, type PdfjsModule } from './pdfSource';
import type { AbortSignalLike, OcrLine } from '../../shared/ocr/types';
import type { EngineRequest, FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const running = new Map<number, AbortController>();

function post(msg: FromWorker): void {
  self.postMessage(msg);
}

/**
 * The OCR engine as this worker sees it: the page owns the tesseract.js worker (index.ts,
 * engineKeeper.ts) and recognises the pages this worker sends it. pdf.js runs in this worker's own
 * thread, and a file that makes it loop blocks that thread: a tesseract.js worker started from
 * here could then neither finish starting nor be ended from here; the page can end both.
 */
class PageEngine implements Recogniser {
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve(lines: OcrLine[]): void; reject(e: EvidenceError): void }>();

  constructor(private readonly id: number) {}

  private ask(req: DistributiveOmit<EngineRequest, 'type' | 'id' | 'call'>, transfer: Transferable[] = []): Promise<OcrLine[]> {
    const call = this.nextCall++;
    return new Promise((resolve, reject) => {
      this.calls.set(call, { resolve, reject });
      self.postMessage({ ...req, type: 'engine', id: this.id, call } as EngineRequest, transfer);
    });
  }

  /** Starts the engine with `langs` ahead of the first page (not waited for). */
  start(langs: string): void {
    const call = this.nextCall++;
    post({ type: 'engine', op: 'start', id: this.id, call, langs });
  }

  async useLanguages(langs: string): Promise<void> {
    await this.ask({ op: 'languages', langs });
  }

  recognise(pgm: Uint8Array, image: GreyImage, signal?: AbortSignalLike): Promise<OcrLine[]> {
    if (signal?.aborted) return Promise.reject(new EvidenceError('cancelled', 'Reading was cancelled.'));
    // the page stops the recognition itself when the read is cancelled (it sent the cancel).
    // The PGM goes over transferred, as a copy: encodePgm's result is the page image's own buffer,
    // which the pipeline may still turn and read again.
    const own = pgm.slice();
    return this.ask({ op: 'recognise', pgm: own, width: image.width, height: image.height, dpi: image.dpi }, [own.buffer]);
  }

  /** The page's answer to request `call`. */
  reply(msg: Extract<ToWorker, { type: 'engine-reply' }>): void {
    const c = this.calls.get(msg.call);
    if (!c) return;
    this.calls.delete(msg.call);
    if (msg.error) c.reject(new EvidenceError(msg.error.code, msg.error.message));
    else c.resolve(msg.lines ?? []);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const engines = new Map<number, PageEngine>();

/**
 * pdfjs-dist's canvas factory for a worker (its default, DOMCanvasFactory, needs `document`):
 * temporary canvases for images, masks and patterns become OffscreenCanvases.
 */
class OffscreenCanvasFactory {
  create(width: number, height: number) {
    if (width <= 0 || height <= 0) throw new RangeError(`Invalid canvas size ${width}×${height}.`);
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }
  reset(cc: { canvas: OffscreenCanvas }, width: number, height: number): void {
    cc.canvas.width = width;
    cc.canvas.height = height;
  }
  destroy(cc: { canvas: OffscreenCanvas | null; context: unknown }): void {
    if (cc.canvas) {
      cc.canvas.width = 0;
      cc.canvas.height = 0;
    }
    cc.canvas = null;
    cc.context = null;
  }
}

function offscreen(w: number, h: number): PageCanvas {
  const canvas = new OffscreenCanvas(w, h);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new EvidenceError('engine', 'This browser cannot draw into an OffscreenCanvas.');
  return { canvas, context: context as unknown as PageCanvas['context'] };
}

async function decodeImage(bytes: Uint8Array, mimeType: string, fileName: string) {
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
    const { canvas, context } = offscreen(bitmap.width, bitmap.height);
    (context as unknown as OffscreenCanvasRenderingContext2D).drawImage(bitmap, 0, 0);
    bitmap.close();
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    return rgbaToGrey(data, canvas.width, canvas.height, imageDpi(bytes) ?? DEFAULT_IMAGE_DPI);
  } catch (e) {
    throw new EvidenceError('corrupt', `"${fileName}" is a damaged image and cannot be read.`, { cause: e });
  }
}

async function read(msg: Extract<ToWorker, { type: 'read' }>): Promise<void> {
  const controller = new AbortController();
  running.set(msg.id, controller);
  const base = msg.assetBase;
  pdfjs.GlobalWorkerOptions.workerSrc = `${base}pdfjs/pdf.worker.min.mjs`;
  const first = typeof msg.languages === 'string' ? msg.languages : ocrLanguagesFor(msg.languages.country);
  const recogniser = new PageEngine(msg.id);
  engines.set(msg.id, recogniser);
  const engine: EvidenceEngine = {
    recogniser,
    now: () => performance.now(),
    async open(bytes, type, fileName) {
      // the file passed the type and size checks: the page starts (or re-initialises) the engine
      // with the first page's languages now, while pdf.js parses and draws here (a file refused
      // before that, e.g. the app's empty warm-up read, starts none)
      recogniser.start(first);
      if (type === 'pdf') {
        return openPdfSource(
          pdfjs as unknown as PdfjsModule,
          bytes,
          fileName,
          { wasmUrl: `${base}pdfjs/wasm/`, iccUrl: `${base}pdfjs/iccs/`, cMapUrl: `${base}pdfjs/cmaps/`, standardFontDataUrl: `${base}pdfjs/standard_fonts/`, isOffscreenCanvasSupported: true, useWorkerFetch: true, disableFontFace: true, CanvasFactory: OffscreenCanvasFactory },
          offscreen,
        );
      }
      if (type === 'tiff') return rasterSource(tiffPages(bytes, fileName, defaultEvidenceLimits.maxPages));
      return rasterSource([await decodeImage(bytes, type === 'png' ? 'image/png' : 'image/jpeg', fileName)]);
    },
  };
  try {
    const result = await readEvidenceWith(engine, msg.file, {
      signal: controller.signal,
      forceOcr: msg.forceOcr,
      languages: msg.languages,
      onProgress: (page, pages, stage) => post({ type: 'progress', id: msg.id, page, pages, stage }),
    });
    post({ type: 'result', id: msg.id, result });
  } catch (e) {
    if (isEvidenceError(e)) post({ type: 'error', id: msg.id, code: e.code, message: e.message });
    else post({ type: 'error', id: msg.id, code: 'engine', message: `OCR failed: ${(e as Error)?.message ?? String(e)}${(globalThis as { __OCR_DEBUG__?: boolean }).__OCR_DEBUG__ ? `\n${(e as Error)?.stack}` : ''}` });
  } finally {
    running.delete(msg.id);
    engines.delete(msg.id);
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.type === 'read') void read(msg);
  else if (msg.type === 'cancel') running.get(msg.id)?.abort();
  else if (msg.type === 'engine-reply') engines.get(msg.id)?.reply(msg);
};
