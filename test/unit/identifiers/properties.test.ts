/**
 * Properties of every identifier validator (fast-check): never throws; validating the
 * normalised form gives the same result (normalise ∘ validate is idempotent); separators and case
 * as people type them do not change the verdict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactInput, validateBelgianEnterpriseNumber, validateBic, validateCountryCode, validateDutchPostcode, validateHandelsregisterNumber,
  validateIban, validateKvkNumber, validateRsin, validateVatNumber, type IdentifierResult,
} from '../../../shared/identifiers';

const validators: [string, (s: string) => IdentifierResult][] = [
  ['vat', (s) => validateVatNumber(s)],
  ['vat NL', (s) => validateVatNumber(s, 'NL')],
  ['kvk', validateKvkNumber],
  ['rsin', validateRsin],
  ['postcode', validateDutchPostcode],
  ['be', validateBelgianEnterpriseNumber],
  ['handelsregister', validateHandelsregisterNumber],
  ['iban', validateIban],
  ['bic', validateBic],
  ['country', validateCountryCode],
];

/** Known-good inputs per validator; the properties perturb them. */
const seeds: Record<string, string[]> = {
  vat: ['NL004495445B01', 'DE136695976', 'BE0403170701', 'ATU13585627', 'EL094259216', 'CHE107787577IVA', 'NO995525828MVA', 'GB980780684', 'FR40303265045', 'EU372022452'],
  'vat NL': ['004495445B01', '4495445B01', 'NL004495445B01'],
  kvk: ['33283281', '01234567'],
  rsin: ['004495445'],
  postcode: ['1185 XB', '9999 ZZ'],
  be: ['0403.170.701'],
  handelsregister: ['HRB 12345 B', 'HRA 987'],
  iban: ['NL91ABNA0417164300', 'DE89370400440532013000'],
  bic: ['ABNANL2A', 'DEUTDEFF500'],
  country: ['NL', 'DE'],
};

/** Characters that make up identifiers and their typed decorations. */
const idChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz .-/:'.split(''));
const idLike = fc.oneof(fc.string({ unit: idChar, maxLength: 20 }), fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }));

describe.each(validators)('%s', (name, validate) => {
  it('never throws and always returns a typed result', () => {
    fc.assert(
      fc.property(idLike, (s) => {
        const r = validate(s);
        expect(typeof r.valid).toBe('boolean');
        expect(typeof r.normalised).toBe('string');
        if (r.valid) expect(r.error).toBeUndefined();
        else expect(['format', 'length', 'checksum', 'unknown-country', 'component', 'empty']).toContain(r.error);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: validate(normalised) gives the same result for anything valid', () => {
    fc.assert(
      fc.property(fc.oneof(idLike, fc.constantFrom(...(seeds[name] ?? []))), (s) => {
        const r = validate(s);
        if (r.valid) expect(validate(r.normalised)).toEqual(r);
        else expect(validate(r.normalised).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores case and typed separators on valid numbers', () => {
    const separator = fc.constantFrom(' ', '.', '-', '  ', ' - ');
    fc.assert(
      fc.property(fc.constantFrom(...(seeds[name] ?? [])), fc.array(fc.tuple(fc.nat(), separator), { maxLength: 3 }), fc.boolean(), (seed, inserts, lower) => {
        // Separators go between characters (not inside a division word like "HRB").
        let s = seed;
        for (const [pos, sep] of inserts) {
          const at = 1 + (pos % Math.max(1, s.length - 1));
          if (/\d/.test(s[at - 1] ?? '') && /\d/.test(s[at] ?? '')) s = s.slice(0, at) + sep + s.slice(at);
        }
        if (lower) s = s.toLowerCase();
        const expected = validate(seed);
        expect(expected.valid).toBe(true);
        expect(validate(s)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('compactInput', () => {
  it('is idempotent on any text (fixed point of normalise, upper-case, strip)', () => {
    for (const s of ['𝕙\u1FED', 'ῒ', 'x - \u0301']) expect(compactInput(compactInput(s))).toBe(compactInput(s));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (s) => {
        expect(compactInput(compactInput(s))).toBe(compactInput(s));
      }),
      { numRuns: 2000 },
    );
  });
});
