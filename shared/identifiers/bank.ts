/** IBAN and BIC, checked with `ibantools` (ISO 13616 / ISO 9362 and the SWIFT IBAN registry). */
import { electronicFormatIBAN, validateBIC as ibantoolsValidateBic, validateIBAN as ibantoolsValidateIban, ValidationErrorsBIC, ValidationErrorsIBAN } from 'ibantools';
import { compactInput, fail, ok, type IdentifierResult } from './result';

/**
 * IBAN: country code, two check digits (ISO 7064 mod 97-10) and the national BBAN with the
 * length and pattern of the SWIFT IBAN registry, plus the national account check where
 * ibantools has one. A leading "IBAN" label is ignored. Normalised to the electronic form `NL91ABNA0417164300` (use
 * ibantools' `friendlyFormatIBAN` to print groups of four).
 * Errors: `empty`, `unknown-country`, `length`, `format`, `checksum`. Never throws.
 */
export function validateIban(input: string): IdentifierResult {
  // A pasted "IBAN: NL91 …" keeps its label; no country code starts with "IB", so drop it.
  const s = compactInput(input).replace(/^IBAN(?=[A-Z]{2}[0-9]{2})/, '');
  if (s === '') return fail('', 'empty');
  const electronic = electronicFormatIBAN(s) ?? s;
  const r = ibantoolsValidateIban(electronic);
  if (r.valid) return ok(electronic);
  const codes = r.errorCodes;
  if (codes.includes(ValidationErrorsIBAN.NoIBANCountry)) return fail(electronic, 'unknown-country');
  if (codes.includes(ValidationErrorsIBAN.WrongBBANLength)) return fail(electronic, 'length');
  if (codes.includes(ValidationErrorsIBAN.WrongBBANFormat) || codes.includes(ValidationErrorsIBAN.ChecksumNotNumber)) return fail(electronic, 'format');
  return fail(electronic, 'checksum');
}

/**
 * BIC (SWIFT code, ISO 9362): 4-letter bank code, 2-letter ISO country code, 2-character
 * location, optional 3-character branch; 8 or 11 characters. Normalised upper case without blanks.
 * Errors: `empty`, `length`, `unknown-country`, `format`. Never throws.
 */
export function validateBic(input: string): IdentifierResult {
  const s = compactInput(input);
  if (s === '') return fail('', 'empty');
  if (s.length !== 8 && s.length !== 11) return fail(s, 'length');
  const r = ibantoolsValidateBic(s);
  if (r.valid) return ok(s);
  if (r.errorCodes.includes(ValidationErrorsBIC.NoBICCountry)) return fail(s, 'unknown-country');
  return fail(s, 'format');
}
