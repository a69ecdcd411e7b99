/** Reading evidence-file refusals in tests (not a test file). */
import { EvidenceError } from '../../shared/ocr/errors';

/**
 * The `EvidenceError` code `f` throws (shared/ocr/errors.ts), or `'none'` when it returns.
 * @throws whatever else `f` throws (an error that is not an EvidenceError fails the test).
 */
export function evidenceErrorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof EvidenceError) return e.code;
    throw e;
  }
  return 'none';
}
