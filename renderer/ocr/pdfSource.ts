import type { DocumentInitParameters, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import { DEFAULT_MAX_PIXELS } from '../../shared/ocr/bounds';
import { EvidenceError } from '../../shared/ocr/errors';
import { rgbaToGrey } from '../../shared/ocr/image';
import { wordsFromTextRuns, type TextRun } from '../../shared/ocr/layout';
import type { EvidenceSource } from '../../shared/ocr/pipeline';
import type { OcrWord } from '../../shared/ocr/types';

/** The part of the pdfjs-dist module we use (modern build in the browser, legacy build in Node). */
export interface PdfjsModule {
  getDocument(src: DocumentInitParameters): { promise: Promise<PDFDocumentProxy>; destroy(): Promise<void> };
}

/** A 2D canvas the page is drawn into: a DOM/Offscreen canvas in the browser, @napi-rs/canvas in Node. */
export interface PageCanvas {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  canvas: any;
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray | Uint8Array }; fillStyle: unknown; fillRect(x: number, y: number, w: number, h: number): void };
}

/**
 * Opens a PDF with pdfjs-dist as an `EvidenceSource` (shared by the browser worker and the Node
 * tools). `params` carries the environment's asset URLs (`wasmUrl`, `cMapUrl`,
 * `standardFontDataUrl`, `iccUrl`; without `wasmUrl` JPEG 2000 scans render blank — measured here).
 * `createCanvas(w, h)` makes the drawing surface, or null to use `pdf.canvasFactory` (Node).
 *
 * @throws EvidenceError `encrypted` (password-protected), `corrupt` (unparseable or truncated).
 */
export async function openPdfSource(
  pdfjs: PdfjsModule,
  bytes: Uint8Array,
  fileName: string,
  params: Partial<DocumentInitParameters>,
  createCanvas: ((w: number, h: number) => PageCanvas) | null,
): Promise<EvidenceSource> {
  // pdfjs transfers (detaches) the buffer it is given: hand it a copy so the caller keeps the file.
  // maxImageSize: pdf.js skips (does not decode) an image above the pixel budget. The declared
  // sizes were already refused from the file's bytes (shared/ocr/bounds.ts); this catches sizes
  // that bytes scan cannot see (indirect /Width, inline images).
  const task = pdfjs.getDocument({ maxImageSize: DEFAULT_MAX_PIXELS, ...params, data: bytes.slice(), isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw pdfError(e, fileName);
  }
  const pages = new Map<number, Awaited<ReturnType<PDFDocumentProxy['getPage']>>>();
  const getPage = async (n: number) => {
    let p = pages.get(n);
    if (!p) {
      try {
        p = await doc.getPage(n);
      } catch (e) {
        throw pdfError(e, fileName);
      }
      pages.set(n, p);
    }
    return p;
  };
  return {
    pageCount: doc.numPages,
    async pageSize(n) {
      const vp = (await getPage(n)).getViewport({ scale: 1 });
      return { width: vp.width, height: vp.height };
    },
    async textWords(n): Promise<OcrWord[]> {
      const page = await getPage(n);
      const vp = page.getViewport({ scale: 1 });
      let content;
      try {
        content = await page.getTextContent();
      } catch (e) {
        throw pdfError(e, fileName);
      }
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const [, , c, d, e, f] = item.transform as number[];
        const size = Math.hypot(c!, d!) || item.height;
        const [x, baseline] = vp.convertToViewportPoint(e!, f!) as [number, number];
        runs.push({ text: item.str, x, y: baseline - size * 0.8, width: item.width, height: size });
      }
      return wordsFromTextRuns(runs);
    },
    async render(n, dpi) {
      const page = await getPage(n);
      const vp = page.getViewport({ scale: dpi / 72 });
      const w = Math.ceil(vp.width);
      const h = Math.ceil(vp.height);
      const surface: PageCanvas = createCanvas
        ? createCanvas(w, h)
        : (doc as unknown as { canvasFactory: { create(w: number, h: number): PageCanvas } }).canvasFactory.create(w, h);
      surface.context.fillStyle = '#ffffff';
      surface.context.fillRect(0, 0, w, h);
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await page.render({ canvasContext: surface.context as any, canvas: surface.canvas, viewport: vp, background: '#ffffff' }).promise;
      } catch (e) {
        throw pdfError(e, fileName);
      }
      const rgba = surface.context.getImageData(0, 0, w, h).data;
      // free the page's drawing surface (w × h × 4 bytes) and pdf.js's decoded images now, not
      // at the next GC: the greyscale copy and OCR come next and need the memory
      surface.canvas.width = 0;
      surface.canvas.height = 0;
      page.cleanup();
      return rgbaToGrey(rgba, w, h, dpi);
    },
    async close() {
      await doc.destroy().catch(() => undefined);
    },
  };
}

/** Maps pdfjs-dist exceptions (by `name`, stable across builds and realms) to `EvidenceError`. */
export function pdfError(e: unknown, fileName: string): EvidenceError {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'PasswordException') {
    return new EvidenceError('encrypted', `"${fileName}" is password-protected; save it again without a password and retry.`, { cause: e });
  }
  return new EvidenceError('corrupt', `"${fileName}" is damaged or incomplete and cannot be opened as a PDF.`, { cause: e });
}
