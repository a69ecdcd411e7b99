import { describe, expect, it } from 'vitest';
import { countryList, countryName, validateBic, validateCountryCode, validateIban, isEuMemberState, euMemberStates } from '../../../shared/identifiers';
import program from '../../../resources/program.json';

describe('validateIban (ibantools)', () => {
  it.each([
    ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
    ['nl91 abna 0417 1643 00', 'NL91ABNA0417164300'],
    ['IBAN: NL91 ABNA 0417 1643 00', 'NL91ABNA0417164300'],
    ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ['BE68 5390 0754 7034', 'BE68539007547034'],
    ['GB29 NWBK 6016 1331 9268 19', 'GB29NWBK60161331926819'],
  ])('%s is valid → %s', (input, normalised) => expect(validateIban(input)).toEqual({ valid: true, normalised }));

  it.each([
    ['NL91ABNA0417164301', 'checksum'],
    ['NL91ABNA041716430', 'length'],
    ['NL91ABNA04171643AA', 'format'],
    ['XX91ABNA0417164300', 'unknown-country'],
    ['', 'empty'],
  ])('%s → %s', (input, error) => {
    const r = validateIban(input);
    expect(r.valid).toBe(false);
    expect(r.error).toBe(error);
  });

  it('accepts the supplier IBAN and BIC in resources/program.json', () => {
    expect(validateIban(program.supplier.iban).valid).toBe(true);
    expect(validateBic(program.supplier.bic).valid).toBe(true);
  });
});

describe('validateBic (ibantools)', () => {
  it.each([
    ['ABNANL2A', 'ABNANL2A'],
    ['abna nl 2a', 'ABNANL2A'],
    ['DEUTDEFF500', 'DEUTDEFF500'],
  ])('%s is valid → %s', (input, normalised) => expect(validateBic(input)).toEqual({ valid: true, normalised }));

  it.each([
    ['ABNANL2', 'length'],
    ['ABNANL2AXXXX', 'length'],
    ['ABNAXX2A', 'unknown-country'],
    ['1BNANL2A', 'format'],
    ['', 'empty'],
  ])('%s → %s', (input, error) => {
    const r = validateBic(input);
    expect(r.valid).toBe(false);
    expect(r.error).toBe(error);
  });
});

describe('validateCountryCode (ISO 3166-1 alpha-2)', () => {
  it.each([
    ['NL', { valid: true, normalised: 'NL' }],
    [' de ', { valid: true, normalised: 'DE' }],
    ['XX', { valid: false, normalised: 'XX', error: 'unknown-country' }],
    ['EL', { valid: false, normalised: 'EL', error: 'unknown-country' }], // VAT prefix, not an ISO code
    ['NLD', { valid: false, normalised: 'NLD', error: 'format' }],
    ['N1', { valid: false, normalised: 'N1', error: 'format' }],
    ['', { valid: false, normalised: '', error: 'empty' }],
  ])('%s', (input, expected) => expect(validateCountryCode(input)).toEqual(expected));

  it('never throws on non-string input', () => {
    for (const bad of [undefined, null, 31, {}]) expect(validateCountryCode(bad as unknown as string).valid).toBe(false);
  });
});

describe('country names (nl, en)', () => {
  it('gives everyday names in both languages', () => {
    expect(countryName('NL', 'nl')).toBe('Nederland');
    expect(countryName('NL', 'en')).toBe('Netherlands');
    expect(countryName('de', 'nl')).toBe('Duitsland');
    expect(countryName('DE', 'en')).toBe('Germany');
    expect(countryName('BE', 'nl')).toBe('België');
    expect(countryName('GB', 'en')).toBe('United Kingdom');
    expect(countryName('XX', 'en')).toBeUndefined();
  });

  it('lists every assigned country once, sorted by name in that language', () => {
    for (const lang of ['nl', 'en'] as const) {
      const list = countryList(lang);
      expect(list.length).toBeGreaterThanOrEqual(249);
      expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
      const collator = new Intl.Collator(lang);
      for (let i = 1; i < list.length; i++) expect(collator.compare(list[i - 1]!.name, list[i]!.name)).toBeLessThanOrEqual(0);
      for (const c of list) expect(validateCountryCode(c.code).valid).toBe(true);
    }
    expect(countryList('nl')).toContainEqual({ code: 'NL', name: 'Nederland' });
    expect(countryList('en')).toContainEqual({ code: 'CH', name: 'Switzerland' });
  });
});

describe('EU member states', () => {
  it('has the 27 member states, each an assigned ISO code', () => {
    expect(euMemberStates).toHaveLength(27);
    for (const c of euMemberStates) expect(validateCountryCode(c).valid).toBe(true);
    expect(isEuMemberState('nl')).toBe(true);
    expect(isEuMemberState('GB')).toBe(false);
    expect(isEuMemberState('CH')).toBe(false);
  });
});
