import type { EvidenceErrorCode } from '../../shared/ocr/errors';
import type { OcrLine } from '../../shared/ocr/types';
import type { EvidenceReadResult, EvidenceStage } from '../../shared/ocr/types';

/**
 * Messages from the page to the evidence worker. `assetBase` is the absolute URL of `ocr/` (ends in
 * '/'); `languages` as `ReadEvidenceOptions.languages` of shared/ocr/pipeline.ts (fixed languages,
 * or the form's country and a first-pass guess). `engine-reply` answers the worker's engine request
 * `call` of read `id` (see `EngineRequest`): the lines read, nothing (languages set), or an error.
 */
export type ToWorker =
  | { type: 'read'; id: number; file: { name: string; mimeType: string; bytes: Uint8Array }; languages: string | { country?: string }; assetBase: string; forceOcr?: boolean }
  | { type: 'cancel'; id: number }
  | { type: 'engine-reply'; id: number; call: number; lines?: OcrLine[]; error?: { code: EvidenceErrorCode; message: string } };

/**
 * What the evidence worker asks of the OCR engine, which the page owns (renderer/ocr/engineKeeper.ts):
 * `start` (the file passed its checks: start the engine with these languages now, no reply),
 * `languages` (read the following pages with `langs`; replied when done), `recognise` (a page as
 * PGM bytes, transferred, at `dpi`; replied with its lines).
 */
export type EngineRequest =
  | { type: 'engine'; op: 'start'; id: number; call: number; langs: string }
  | { type: 'engine'; op: 'languages'; id: number; call: number; langs: string }
  | { type: 'engine'; op: 'recognise'; id: number; call: number; pgm: Uint8Array; width: number; height: number; dpi: number };

/** Messages from the evidence worker to the page. */
export type FromWorker =
  | { type: 'progress'; id: number; page: number; pages: number; stage: EvidenceStage }
  | { type: 'result'; id: number; result: EvidenceReadResult }
  | { type: 'error'; id: number; code: EvidenceErrorCode; message: string }
  | EngineRequest;
