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
] as const;
export type EvidenceErrorCode = (typeof evidenceErrorCodes)[number];

/**
 * Thrown by `readEvidence` when a file cannot be read. `code` is stable (see `evidenceErrorCodes`);
 * `message` is an English, human sentence naming the file; `cause` keeps the engine's error.
 * `engine` means the OCR engine itself failed (missing language data, crashed worker).
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
