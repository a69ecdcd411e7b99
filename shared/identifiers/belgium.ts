/** Belgian enterprise number (ondernemingsnummer / numéro d'entreprise, KBO/BCE). */
import { stdnum } from 'stdnum';
import { compactInput, fail, ok, type IdentifierResult } from './result';

/**
 * Belgian enterprise number: 10 digits, first 0 or 1, the last two a mod-97 check of the first
 * eight (FOD Economie, KBO). It is the same number as the Belgian VAT number without `BE`, so the
 * check is stdnum's `be.vat`; a 9-digit old-style number gets its leading 0. An optional `BE`
 * prefix is accepted. Normalised to the KBO display form `0403.170.701`.
 * Errors: `empty`, `format`, `length`, `checksum`. Never throws.
 */
export function validateBelgianEnterpriseNumber(input: string): IdentifierResult {
  let s = compactInput(input);
  if (s.startsWith('BE')) s = s.slice(2);
  if (s === '') return fail('', 'empty');
  if (!/^\d+$/.test(s)) return fail(s, 'format');
  if (s.length === 9) s = `0${s}`;
  if (s.length !== 10) return fail(s, 'length');
  if (s[0] !== '0' && s[0] !== '1') return fail(s, 'format');
  const r = stdnum.BE?.vat?.validate(s);
  if (!r?.isValid) return fail(s, r?.error?.name === 'InvalidChecksum' || !r ? 'checksum' : 'format');
  return ok(`${s.slice(0, 4)}.${s.slice(4, 7)}.${s.slice(7)}`);
}
