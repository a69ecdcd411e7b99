/**
 * The one place the New business account screen reads an evidence file: the OCR module's
 * `readEvidence` (renderer/ocr, issue 6: a module web worker with pdfjs-dist and tesseract.js),
 * with the languages the app ships.
 */
import { readEvidence } from '../../ocr';
import type { EvidenceProgress, EvidenceReadResult } from '../../../shared/ocr/types';

/** Options of `readEvidenceFile`. */
export interface ReadEvidenceFileOptions {
  onProgress?: EvidenceProgress;
  signal?: AbortSignal;
}

/**
 * Reads the fields of an evidence document (PDF, JPEG, PNG, TIFF).
 * @throws EvidenceError (`encrypted`, `corrupt`, `empty`, `too-large`, `unsupported-type`, `cancelled`, `timeout`, `engine`).
 */
export function readEvidenceFile(file: { name: string; mimeType: string; bytes: Uint8Array }, opts: ReadEvidenceFileOptions = {}): Promise<EvidenceReadResult> {
  return readEvidence(file, { langs: 'nld+eng+deu+fra', onProgress: opts.onProgress, signal: opts.signal });
}
