/**
 * The one place the New business account screen reads an evidence file.
 *
 * INTERIM until `renderer/ocr` exports its browser `readEvidence` (issue 6): reads PDFs with a real
 * text layer through the shared pipeline (`readEvidenceWith`, pdfjs-dist text layer); scanned pages
 * that need OCR fail with `EvidenceError('engine')`, which the screen shows as "type the fields".
 */
import { EvidenceError } from '../../../shared/ocr/errors';
import { readEvidenceWith, type EvidenceEngine } from '../../../shared/ocr/pipeline';
import type { EvidenceProgress, EvidenceReadResult } from '../../../shared/ocr/types';
import { openPdfSource, type PdfjsModule } from '../../ocr/pdfSource';
import { loadPdfjs } from './pdfjs';

/** Options of `readEvidenceFile`. */
export interface ReadEvidenceFileOptions {
  onProgress?: EvidenceProgress;
  signal?: AbortSignal;
}

/**
 * Reads the fields of an evidence document (PDF, JPEG, PNG, TIFF).
 * @throws EvidenceError (`encrypted`, `corrupt`, `empty`, `too-large`, `unsupported-type`, `cancelled`, `engine`).
 */
export async function readEvidenceFile(file: { name: string; mimeType: string; bytes: Uint8Array }, opts: ReadEvidenceFileOptions = {}): Promise<EvidenceReadResult> {
  const pdfjs = await loadPdfjs();
  const engine: EvidenceEngine = {
    async open(bytes, type, fileName) {
      if (type !== 'pdf') throw new EvidenceError('engine', `"${fileName}" is an image; the OCR engine is not available in this build.`);
      return openPdfSource(pdfjs as unknown as PdfjsModule, bytes, fileName, {}, (w, h) => {
        const canvas = new OffscreenCanvas(w, h);
        return { canvas, context: canvas.getContext('2d')! as never };
      });
    },
    recogniser: {
      recognise() {
        return Promise.reject(new EvidenceError('engine', `"${file.name}" has scanned pages; the OCR engine is not available in this build.`));
      },
    },
    now: () => performance.now(),
  };
  return readEvidenceWith(engine, file, { onProgress: opts.onProgress, signal: opts.signal });
}
