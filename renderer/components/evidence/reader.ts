/**
 * The one place the New business account screen reads an evidence file: the OCR module's
 * `readEvidence` (renderer/ocr: a module web worker with pdfjs-dist and tesseract.js), loading
 * only the OCR languages of the organisation's country (`ocrLanguagesFor`) for the first page,
 * then those the page's own text shows (`chooseOcrLanguages`): each language loaded costs memory
 * and time, and a document from another country than the form's is still read in its language.
 */
import { readEvidence } from '../../ocr';
import type { EvidenceProgress, EvidenceReadResult } from '../../../shared/ocr/types';

/** Options of `readEvidenceFile`. */
export interface ReadEvidenceFileOptions {
  /** ISO 3166 alpha-2 country the document most likely comes from (the form's country); absent: all shipped languages for the first page. */
  country?: string;
  onProgress?: EvidenceProgress;
  signal?: AbortSignal;
}

/**
 * Reads the fields of an evidence document (PDF, JPEG, PNG, TIFF).
 * @throws EvidenceError (`encrypted`, `corrupt`, `empty`, `too-large`, `unsupported-type`, `cancelled`, `timeout`, `engine`).
 */
export function readEvidenceFile(file: { name: string; mimeType: string; bytes: Uint8Array }, opts: ReadEvidenceFileOptions = {}): Promise<EvidenceReadResult> {
  return readEvidence(file, { country: opts.country, onProgress: opts.onProgress, signal: opts.signal });
}
