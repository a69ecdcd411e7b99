/**
 * ISO 11649 structured creditor reference ("RF reference"): `RF`, two check digits and 1–21
 * letters or digits, checked with ISO 7064 MOD 97-10 like an IBAN (move the first four characters
 * to the end, letters A–Z → 10–35, the number mod 97 must be 1). Written electronically without
 * blanks (`RF022026000042`) and printed in groups of four (`RF02 2026 0000 42`).
 * Neither ibantools nor stdnum implements ISO 11649, hence these few lines here.
 */
import { compactInput, fail, ok, type IdentifierResult } from './result';

/** `value` (letters A–Z and digits) mod 97, letters counted as 10–35 (ISO 7064 MOD 97-10). */
function mod97(value: string): number {
  let rest = 0;
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest;
}

/**
 * The RF reference for `base` (1–21 letters or digits; blanks, dots and hyphens are dropped, so
 * an invoice number `2026-000042` gives `RF022026000042`), in electronic form.
 * @throws Error when `base` is empty, longer than 21 characters or holds other characters.
 */
export function creditorReference(base: string): string {
  const body = compactInput(base);
  if (!/^[A-Z0-9]{1,21}$/.test(body)) throw new Error(`creditorReference: the base must be 1–21 letters or digits, got "${base}"`);
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/**
 * Checks an RF creditor reference as typed or pasted (blanks, dots, hyphens ignored; any case).
 * Normalised to the electronic form. Errors: `empty`, `format` (not `RF` + digits + letters/digits),
 * `length` (more than 25 characters or no reference after the check digits), `checksum`. Never throws.
 */
export function validateCreditorReference(input: string): IdentifierResult {
  const s = compactInput(input);
  if (s === '') return fail('', 'empty');
  if (!/^RF\d\d[A-Z0-9]*$/.test(s)) return fail(s, 'format');
  if (s.length < 5 || s.length > 25) return fail(s, 'length');
  return mod97(s.slice(4) + s.slice(0, 4)) === 1 ? ok(s) : fail(s, 'checksum');
}

/** An electronic-form RF reference printed in groups of four (`RF02 2026 0000 42`). */
export function formatCreditorReference(reference: string): string {
  return compactInput(reference).replace(/(.{4})(?=.)/g, '$1 ');
}
