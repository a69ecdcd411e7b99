/// <reference lib="webworker" />
/**
 * The evidence worker: runs pdfjs-dist (rendering into an OffscreenCanvas) and drives a pool of
 * tesseract.js workers, off the UI thread. All assets come from the app itself under `assetBase`
 * (`renderer/public/ocr/`, copied by `node tools/ocr/copy-assets.mjs`): no network.
 */
import * as pdfjs from 'pdfjs-dist';
import { createWorker } from 'tesseract.js';
import { EvidenceError, isEvidenceError } from '../../shared/ocr/errors';
import { rgbaToGrey } from '../../shared/ocr/image';
import { ocrLanguagesFor } from '../../shared/ocr/languages';
import { readEvidenceWith, type EvidenceEngine } from '../../shared/ocr/pipeline';
import { imageDpi, rasterSource, tiffPages, DEFAULT_IMAGE_DPI } from '../../shared/ocr/raster';
import { defaultEvidenceLimits } from '../../shared/ocr/sniff';
import { openPdfSource, type PageCanvas, type PdfjsModule } from './pdfSource';
import type { FromWorker, ToWorker } from './protocol';
import { TesseractPool, type CreateTesseractWorker } from './tesseractPool';

declare const self: DedicatedWorkerGlobalScope;

const running = new Map<number, AbortController>();

function post(msg: FromWorker): void {
  self.postMessage(msg);
}

/**
 * A pool of one tesseract.js worker. The page's module (index.ts) keeps this web worker for a
 * while after a read (idle time), so the next document reuses the started tesseract.js worker:
 * starting one (WebAssembly core, language data, Tesseract init) costs seconds per document.
 */
function newPool(langs: string, assetBase: string): TesseractPool {
  return new TesseractPool(createWorker as unknown as CreateTesseractWorker, {
    langs,
    size: 1,
    workerOptions: {
      workerPath: `${assetBase}tesseract/worker.min.js`,
      corePath: `${assetBase}tesseract/core/`,
      langPath: `${assetBase}tesseract/lang`,
      // the language files ship unpacked (copy-assets.mjs): no gunzip in JavaScript per start
      gzip: false,
      cacheMethod: 'none',
      workerBlobURL: false,
    },
  });
}

/** The pool kept between reads (at most one; a read running beside another gets its own). */
let idlePool: TesseractPool | undefined;

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
  // the tesseract.js worker starts once the file has passed its checks (a file refused before
  // that, e.g. the app's empty warm-up read, starts none), or is the one kept from the last read
  const first = typeof msg.languages === 'string' ? msg.languages : ocrLanguagesFor(msg.languages.country);
  const readPool = idlePool ?? newPool(first, base);
  idlePool = undefined;
  const startsBefore = readPool.starts;
  const engine: EvidenceEngine = {
    recogniser: readPool,
    now: () => performance.now(),
    async open(bytes, type, fileName) {
      // the file passed the type and size checks: start the tesseract.js worker with the first
      // page's languages now, while pdf.js parses and draws (both threads work at once)
      await readPool.useLanguages(first);
      readPool.warmUp().catch(() => undefined); // a failed start is reported by the first recognition
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
      onProgress: (page, pages, stage) => post({ type: 'progress', id: msg.id, page, pages, stage, engineStarts: readPool.starts - startsBefore }),
    });
    post({ type: 'result', id: msg.id, result, engineStarts: readPool.starts - startsBefore });
  } catch (e) {
    if (isEvidenceError(e)) post({ type: 'error', id: msg.id, code: e.code, message: e.message, engineStarts: readPool.starts - startsBefore });
    else post({ type: 'error', id: msg.id, code: 'engine', engineStarts: readPool.starts - startsBefore, message: `OCR failed: ${(e as Error)?.message ?? String(e)}${(globalThis as { __OCR_DEBUG__?: boolean }).__OCR_DEBUG__ ? `\n${(e as Error)?.stack}` : ''}` });
  } finally {
    running.delete(msg.id);
    // keep the started worker for the next document (index.ts ends this web worker when idle)
    if (idlePool) void readPool.terminate();
    else idlePool = readPool;
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.type === 'read') void read(msg);
  else if (msg.type === 'cancel') running.get(msg.id)?.abort();
};
