import type { IdentifierResult } from '../identifiers';

/** A validator from shared/identifiers: `(input) → { valid, normalised, error? }`. */
export type IdentifierValidator = (input: string) => IdentifierResult;

/**
 * The OCR confusions we repair: O/o ↔ 0, I/l/| ↔ 1, S/s ↔ 5, B ↔ 8. Each character maps
 * to its look-alikes; nothing else is ever changed.
 */
const CONFUSIONS: Record<string, string[]> = {
  O: ['0'], o: ['0'], '0': ['O'],
  I: ['1'], l: ['1'], '|': ['1'], i: ['1'], '1': ['I'],
  S: ['5'], s: ['5'], '5': ['S'],
  B: ['8'], '8': ['B'],
};

/** Outcome of `repairIdentifier`. */
export interface RepairResult {
  /** Normalised value: the validator's canonical form when valid, else the cleaned text as read. */
  value: string;
  valid: boolean;
  /** True when the value validated only after swapping look-alike characters. */
  repaired: boolean;
  /** The text as read (before repair). */
  read: string;
  /** Set when more than one repair validates: then none is chosen and the value is flagged invalid. */
  ambiguous?: boolean;
}

/**
 * Validates an identifier read by OCR. When the text as read does not validate, tries every
 * combination of the look-alike swaps above at up to `maxSwaps` (default 10) confusable positions
 * (positions before `keepPrefix`, e.g. a `NL` country prefix, are left alone). The repair is taken
 * ONLY if exactly one distinct normalised value validates; zero or several → `valid: false`,
 * with the value as read, so a wrong identifier is never silently accepted.
 */
export function repairIdentifier(read: string, validate: IdentifierValidator, opts: { keepPrefix?: number; maxSwaps?: number } = {}): RepairResult {
  const asRead = validate(read);
  if (asRead.valid) return { value: asRead.normalised, valid: true, repaired: false, read };
  const chars = [...read];
  const keep = opts.keepPrefix ?? 0;
  const positions = chars.map((c, i) => (i >= keep && CONFUSIONS[c] ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0 || positions.length > (opts.maxSwaps ?? 10)) {
    return { value: asRead.normalised || read, valid: false, repaired: false, read };
  }
  const found = new Set<string>();
  const total = 1 << positions.length;
  for (let mask = 1; mask < total; mask++) {
    const variant = [...chars];
    positions.forEach((p, bit) => {
      if (mask & (1 << bit)) variant[p] = CONFUSIONS[chars[p]!]![0]!;
    });
    const r = validate(variant.join(''));
    if (r.valid) found.add(r.normalised);
  }
  if (found.size === 1) return { value: [...found][0]!, valid: true, repaired: true, read };
  return { value: asRead.normalised || read, valid: false, repaired: false, read, ...(found.size > 1 ? { ambiguous: true } : {}) };
}
