/**
 * Dutch registry numbers: KvK number (Kamer van Koophandel), RSIN and postcode.
 */
import { stdnum } from 'stdnum';
import { compactInput, fail, ok, type IdentifierResult } from './result';

/**
 * KvK number: exactly 8 digits (KvK, "Het KvK-nummer", since 2020 without a public check digit,
 * so only form and length are checked). Leading zeros are significant and kept.
 * Errors: `empty`, `format` (anything but digits), `length`. Never throws.
 */
export function validateKvkNumber(input: string): IdentifierResult {
  const s = compactInput(input);
  if (s === '') return fail('', 'empty');
  if (!/^\d+$/.test(s)) return fail(s, 'format');
  if (s.length !== 8) return fail(s, 'length');
  return ok(s);
}

/**
 * RSIN (Rechtspersonen en Samenwerkingsverbanden Informatienummer): 9 digits with the same
 * "elfproef" (11-test) as the BSN (Belastingdienst); the check is stdnum's `nl.bsn`. An 8-digit
 * input gets its leading zero back, as the register prints it.
 * Errors: `empty`, `format`, `length`, `checksum`. Never throws.
 */
export function validateRsin(input: string): IdentifierResult {
  const s = compactInput(input);
  if (s === '') return fail('', 'empty');
  if (!/^\d+$/.test(s)) return fail(s, 'format');
  const n = s.length === 8 ? `0${s}` : s;
  if (n.length !== 9) return fail(s, 'length');
  const r = stdnum.NL?.bsn?.validate(n);
  return r?.isValid ? ok(n) : fail(n, 'checksum');
}

/**
 * Dutch postcode: four digits (first not 0) and two letters, normalised to `1234 AB`. The letter
 * pairs SA, SD and SS are never issued (PostNL). Errors: `empty`, `format`, `length`, `component`
 * (a never-issued letter pair). Never throws.
 */
export function validateDutchPostcode(input: string): IdentifierResult {
  const s = compactInput(input);
  if (s === '') return fail('', 'empty');
  if (!/^\d{4}[A-Z]{2}$/.test(s)) {
    if (/^[0-9A-Z]+$/.test(s) && s.length !== 6) return fail(s, 'length');
    return fail(s, 'format');
  }
  const normalised = `${s.slice(0, 4)} ${s.slice(4)}`;
  if (s[0] === '0') return fail(normalised, 'format');
  if (['SA', 'SD', 'SS'].includes(s.slice(4))) return fail(normalised, 'component');
  return ok(normalised);
}
