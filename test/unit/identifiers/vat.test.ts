import { describe, expect, it } from 'vitest';
import { validateVatNumber, vatNumberCountry, vatPrefixForCountry, vatPrefixes } from '../../../shared/identifiers';
import program from '../../../resources/program.json';

describe('validateVatNumber: good numbers, normalised to prefix + compact number', () => {
  const cases: [input: string, country: string | undefined, normalised: string][] = [
    ['NL004495445B01', undefined, 'NL004495445B01'],
    ['nl 0044.95.445.b01', undefined, 'NL004495445B01'],
    ['4495445B01', 'NL', 'NL004495445B01'], // leading zeros restored (Dutch rule: 9 digits + B + 2)
    ['NL-004495445-B01', 'nl', 'NL004495445B01'],
    ['DE 136 695 976', undefined, 'DE136695976'],
    ['136695976', 'DE', 'DE136695976'],
    ['BE 0403.170.701', undefined, 'BE0403170701'],
    ['FR 40 303 265 045', undefined, 'FR40303265045'],
    ['ATU13585627', undefined, 'ATU13585627'],
    ['U13585627', 'AT', 'ATU13585627'],
    ['EL 094259216', undefined, 'EL094259216'],
    ['GR094259216', undefined, 'EL094259216'], // ISO code typed instead of the VAT prefix
    ['094259216', 'GR', 'EL094259216'],
    ['GB 980 7806 84', undefined, 'GB980780684'],
    ['XI 980780684', undefined, 'XI980780684'],
    ['CHE-107.787.577 IVA', undefined, 'CHE107787577IVA'],
    ['107.787.577 MWST', 'CH', 'CHE107787577MWST'],
    ['NO 995 525 828 MVA', undefined, 'NO995525828MVA'],
    ['NO 995 525 828', undefined, 'NO995525828MVA'], // suffix completed
    ['CHE-107.787.577', undefined, 'CHE107787577'], // UID without the language suffix
    ['107.787.577', 'CH', 'CHE107787577'],
    ['EU372022452', undefined, 'EU372022452'],
    ['ES-x-2482300w', undefined, 'ESX2482300W'],
    ['ATU ATU 65033803', undefined, 'ATU65033803'], // prefix typed twice
  ];
  it.each(cases)('%s (%s) → %s', (input, country, normalised) => {
    expect(validateVatNumber(input, country)).toEqual({ valid: true, normalised });
  });

  it('accepts the supplier VAT number in resources/program.json', () => {
    expect(validateVatNumber(program.supplier.vatNumber)).toEqual({ valid: true, normalised: program.supplier.vatNumber });
  });

  it('prefers a national reading when a given country is set and the number starts with letters', () => {
    // Spanish NIFs start with a letter; "ES" given, the typed prefix is absent.
    expect(validateVatNumber('X2482300W', 'ES').normalised).toBe('ESX2482300W');
    // A typed prefix of another country wins when the national reading fails.
    expect(validateVatNumber('DE136695976', 'NL')).toEqual({ valid: true, normalised: 'DE136695976' });
  });
});

describe('validateVatNumber: bad numbers with the specific error', () => {
  const cases: [input: string, country: string | undefined, error: string][] = [
    ['', undefined, 'empty'],
    [' - . ', 'NL', 'empty'],
    ['123456789', undefined, 'unknown-country'],
    ['QQ 124567', undefined, 'unknown-country'],
    ['123456789', 'US', 'unknown-country'],
    ['NL004495446B01', undefined, 'checksum'], // elfproef over the 9 digits; the B-suffix is not checked
    ['NL009122746B00', undefined, 'format'], // B00 is never issued
    ['NL0044954450B1', undefined, 'format'],
    ['NL004495445B011', undefined, 'length'],
    ['DE136695977', undefined, 'checksum'],
    ['DE13669597', undefined, 'length'],
    ['BE0403170702', undefined, 'checksum'],
    ['ATU13585628', undefined, 'checksum'],
    ['GB980780685', undefined, 'checksum'],
    ['SK2010237945', undefined, 'format'], // third digit must be 2, 3, 4, 7, 8 or 9
    ['SK1078449164', undefined, 'checksum'],
    ['EU999022452', undefined, 'component'], // 999 is no member state
    ['EU37202245', undefined, 'length'],
    ['CZ95123891', undefined, 'component'],
    ['CHE-107.787.578', undefined, 'checksum'],
    ['CHE-107.787.578 MWST', undefined, 'checksum'],
    ['NO 995 525 829', undefined, 'checksum'],
  ];
  it.each(cases)('%s (%s) → %s', (input, country, error) => {
    const r = validateVatNumber(input, country);
    expect(r.valid).toBe(false);
    expect(r.error).toBe(error);
  });

  it('keeps what was typed (cleaned) in normalised when invalid', () => {
    expect(validateVatNumber('nl 004495446 b01').normalised).toBe('NL004495446B01');
  });

  it('never throws, even on non-string input from a form', () => {
    for (const bad of [undefined, null, 42, {}, [], 'NL'.repeat(5000), '\u0000\uFFFF', '💥']) {
      expect(() => validateVatNumber(bad as unknown as string, bad as unknown as string)).not.toThrow();
      expect(validateVatNumber(bad as unknown as string).valid).toBe(false);
    }
  });
});

describe('fixes to stdnum 1.12.0 (each against the national rule)', () => {
  it('Bulgaria: a 10-digit EGN with a real birth date is valid, one with month 37 is not', () => {
    expect(validateVatNumber('BG7523169263').valid).toBe(true); // EGN: month 23 = March of an 1800s birth year (+20), 1875-03-16
    expect(validateVatNumber('BG1037735942').error).toBe('checksum'); // EGN checksum right, date 1910-37-73 impossible
  });
  it('Czech Republic: 9-digit DIČ starting with 6 uses digits 2–8 for the check', () => {
    expect(validateVatNumber('CZ640903926').valid).toBe(true);
    expect(validateVatNumber('CZ640903927').error).toBe('checksum');
  });
  it('Slovakia: the third digit is checked, not the first', () => {
    expect(validateVatNumber('SK1078449064').valid).toBe(true);
    expect(validateVatNumber('SK0122749619').error).toBe('format');
  });
});

describe('shape rules that give the specific error kind', () => {
  it('Austria: U + 8 digits, Germany: no leading 0, digits-only countries: letters are format errors', () => {
    expect(validateVatNumber('AT1 142 43 102').error).toBe('format');
    expect(validateVatNumber('DE 011125440').error).toBe('format');
    expect(validateVatNumber('DE 246X595 415').error).toBe('format');
    expect(validateVatNumber('BE 0220,764.971').error).toBe('format'); // a comma is a typo, not a separator
    expect(validateVatNumber('NL').error).toBe('length'); // prefix only
  });
});

describe('vatNumberCountry', () => {
  it('gives the ISO country of the prefix', () => {
    expect(vatNumberCountry('NL004495445B01')).toBe('NL');
    expect(vatNumberCountry('EL094259216')).toBe('GR');
    expect(vatNumberCountry('XI980780684')).toBe('GB');
    expect(vatNumberCountry('CHE107787577IVA')).toBe('CH');
    expect(vatNumberCountry('EU372022452')).toBeUndefined();
    expect(vatNumberCountry('QQ1')).toBeUndefined();
  });
});

describe('vatPrefixForCountry', () => {
  it('maps GR to EL and passes the others through; undefined for countries without support', () => {
    expect(vatPrefixForCountry('gr')).toBe('EL');
    expect(vatPrefixForCountry('NL')).toBe('NL');
    expect(vatPrefixForCountry('US')).toBeUndefined();
  });
  it('supports all 27 member states (EL for Greece), GB, XI, CH, NO and EU', () => {
    expect([...vatPrefixes].sort()).toEqual(
      ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'GB', 'XI', 'CH', 'NO', 'EU'].sort(),
    );
  });
});
