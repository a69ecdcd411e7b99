/**
 * The typed result every identifier validator returns. Validators never throw on user
 * input: a bad value comes back as `{ valid: false, error }` with the cleaned-up text in
 * `normalised`, so the UI can show the value it understood and say what is wrong with it.
 */

/**
 * Why an identifier was rejected:
 * - `empty`: nothing but blanks and separators was given;
 * - `format`: characters or structure that the identifier never has (a letter where a digit goes);
 * - `length`: the right kind of characters, but too few or too many;
 * - `checksum`: the check digit(s) do not match;
 * - `unknown-country`: the country prefix or code is not one this validator knows;
 * - `component`: a part refers to something that does not exist (a date, a region, a register
 *   court, a member-state code).
 */
export type IdentifierError = 'format' | 'length' | 'checksum' | 'unknown-country' | 'component' | 'empty';

/**
 * Outcome of validating one identifier. `normalised` is the canonical form when `valid` (e.g.
 * `NL004495445B01`, `1234 AB`); when not valid it is the input after the same clean-up (upper
 * case, separators removed) as far as it could be applied, never throwing the input away.
 */
export interface IdentifierResult {
  valid: boolean;
  normalised: string;
  error?: IdentifierError;
}

/** A valid result with canonical form `normalised`. */
export function ok(normalised: string): IdentifierResult {
  return { valid: true, normalised };
}

/** An invalid result: `normalised` is the cleaned input, `error` the reason. */
export function fail(normalised: string, error: IdentifierError): IdentifierResult {
  return { valid: false, normalised, error };
}

/**
 * Upper-cases and strips the separators people type or paste into registry numbers: blanks of
 * any kind (incl. no-break and thin spaces), dots, hyphens and dashes, colons, slashes and
 * parentheses (Belgian numbers are written `BE (0)468.561.072`).
 * Commas are kept on purpose: `0220,764.971` is a typo, not a separator (python-stdnum vectors).
 * Returns '' for non-string input so callers never throw on `undefined` from a form.
 */
export function compactInput(input: unknown): string {
  if (typeof input !== 'string') return '';
  return upperCompact(input, /[\s\u00A0\u2007\u202F.\u00B7:/\\()\-\u2010-\u2015\u2212]/g);
}

/**
 * NFKC-normalised, upper-cased `s` without the characters `separators` matches, repeated to a
 * fixed point: upper-casing can un-normalise (U+1FD2 → Ϊ̀) and removing a separator can let a
 * base letter and a combining mark compose (`h῭` → `Ḧ̀`), so one pass is not always idempotent.
 * `separators` must have the g flag.
 */
export function upperCompact(s: string, separators: RegExp): string {
  // Printable ASCII is already NFKC and stays so when upper-cased: one cheap pass.
  if (/^[\x20-\x7E]*$/.test(s)) return s.toUpperCase().replace(separators, '');
  let current = s;
  for (let i = 0; i < 5; i++) {
    const next = current.normalize('NFKC').toUpperCase().normalize('NFKC').replace(separators, '').normalize('NFKC');
    if (next === current) break;
    current = next;
  }
  return current;
}
