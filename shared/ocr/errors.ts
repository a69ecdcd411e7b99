import type { AbortSignalLike } from './types';

/** Codes of unreadable evidence input; the UI maps them to i18n messages. */
export const evidenceErrorCodes = [
  'encrypted',
  'corrupt',
  'empty',
  'too-many-pages',
  'too-large',
  'unsupported-type',
  'cancelled',
  'timeout',
  'engine',
  'image-too-large',
  'page-too-large',
  'too-complex',
  'no-text',
] as const;
export type EvidenceErrorCode = (typeof evidenceErrorCodes)[number];

/**
 * Thrown by `readEvidence` when a file cannot be read. `code` is stable (see `evidenceErrorCodes`);
 * `message` is an English, human sentence naming the file; `cause` keeps the engine's error.
 * `engine` means the OCR engine itself failed (missing language data, crashed worker).
 * `image-too-large`: an image (a JPEG/PNG/TIFF, or an image inside a PDF) declares more pixels
 * than the pixel budget in its header, so it is refused before decoding. `page-too-large`: a page
 * cannot be rendered at a readable resolution within the pixel budget. `too-complex`: parsing or
 * rendering the file exceeded its time or memory limit (e.g. a PDF whose drawing instructions
 * loop). `no-text`: the file was read but no readable text was found on any page (blank page,
 * a scan of too low a resolution, a file that draws nothing).
 */
export class EvidenceError extends Error {
  override readonly name = 'EvidenceError';
  constructor(
    readonly code: EvidenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `e` is an `EvidenceError` (also across realms/worker boundaries, by shape). */
export function isEvidenceError(e: unknown): e is EvidenceError {
  return (
    e instanceof EvidenceError ||
    (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'EvidenceError' && typeof (e as { code?: unknown }).code === 'string')
  );
}

/** Throws `EvidenceError('cancelled')` when `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignalLike | undefined, fileName: string): void {
  if (signal?.aborted) throw new EvidenceError('cancelled', `Reading "${fileName}" was cancelled.`);
}
