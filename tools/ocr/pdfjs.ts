/**
 * pdfjs-dist in Node: the legacy build and its asset folders. A module of its own so the PDF
 * worker thread (pdfWorker.ts) loads only this, not the OCR engine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PdfjsModule } from '../../renderer/ocr/pdfSource';

const require = createRequire(import.meta.url);

/** pdfjs-dist asset locations inside the installed package (as file URLs ending in '/'). */
export function pdfjsAssetParams(): Record<string, string> {
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const url = (p: string): string => pathToFileURL(join(root, p)).href + '/';
  return { wasmUrl: url('wasm'), iccUrl: url('iccs'), cMapUrl: url('cmaps'), standardFontDataUrl: url('standard_fonts') };
}

let pdfjsPromise: Promise<PdfjsModule> | undefined;
/** The pdfjs-dist legacy build (Node 20: the modern build needs newer APIs). */
export function loadPdfjs(): Promise<PdfjsModule> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfjsModule>;
  return pdfjsPromise;
}
