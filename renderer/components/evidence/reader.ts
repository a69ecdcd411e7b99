/**
 * The one place the New business account screen reads an evidence file: the OCR module's
 * `readEvidence` (renderer/ocr: a module web worker with pdfjs-dist and tesseract.js), loading
 * only the OCR languages of the organisation's country (`ocrLanguagesFor`): each language loaded
 * costs memory, and all four shipped ones took about 1 GB for one page.
 */
import { readEvidence } from '../../ocr';
import { ocrLanguagesFor } from '../../../shared/ocr/languages';
import type { EvidenceProgress, EvidenceReadResult } from '../../../shared/ocr/types';

/** Options of `readEvidenceFile`. */
export interface ReadEvidenceFileOptions {
  /** ISO 3166 alpha-2 country the document most likely comes from (the form's country); absent: all shipped languages. */
  country?: string;
  onProgress?: EvidenceProgress;
  signal?: AbortSignal;
}

/**
 * Reads the fields of an evidence document (PDF, JPEG, PNG, TIFF).
 * @throws EvidenceError (`encrypted`, `corrupt`, `empty`, `too-large`, `unsupported-type`, `cancelled`, `timeout`, `engine`).
 */
export function readEvidenceFile(file: { name: string; mimeType: string; bytes: Uint8Array }, opts: ReadEvidenceFileOptions = {}): Promise<EvidenceReadResult> {
  return readEvidence(file, { langs: ocrLanguagesFor(opts.country), onProgress: opts.onProgress, signal: opts.signal });
}
