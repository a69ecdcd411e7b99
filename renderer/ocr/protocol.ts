import type { EvidenceErrorCode } from '../../shared/ocr/errors';
import type { EvidenceReadResult, EvidenceStage } from '../../shared/ocr/types';

/**
 * Messages from the page to the evidence worker. `assetBase` is the absolute URL of `ocr/` (ends in
 * '/'); `languages` as `ReadEvidenceOptions.languages` of shared/ocr/pipeline.ts (fixed languages,
 * or the form's country and a first-pass guess).
 */
export type ToWorker =
  | { type: 'read'; id: number; file: { name: string; mimeType: string; bytes: Uint8Array }; languages: string | { country?: string }; assetBase: string; forceOcr?: boolean }
  | { type: 'cancel'; id: number };

/** Messages from the evidence worker to the page. `engineStarts`: tesseract.js workers started for that read so far (0 when it reused the kept one). */
export type FromWorker =
  | { type: 'progress'; id: number; page: number; pages: number; stage: EvidenceStage; engineStarts: number }
  | { type: 'result'; id: number; result: EvidenceReadResult; engineStarts: number }
  | { type: 'error'; id: number; code: EvidenceErrorCode; message: string; engineStarts: number };
