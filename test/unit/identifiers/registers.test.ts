import { describe, expect, it } from 'vitest';
import {
  parseHandelsregisterNumber,
  validateBelgianEnterpriseNumber,
  validateDutchPostcode,
  validateHandelsregisterNumber,
  validateKvkNumber,
  validateRsin,
} from '../../../shared/identifiers';
import program from '../../../resources/program.json';

type Case = [input: string, expected: { valid: boolean; normalised: string; error?: string }];

describe('validateKvkNumber (8 digits)', () => {
  it.each<Case>([
    ['33283281', { valid: true, normalised: '33283281' }],
    ['3328 3281', { valid: true, normalised: '33283281' }],
    ['01234567', { valid: true, normalised: '01234567' }], // leading zero kept
    ['', { valid: false, normalised: '', error: 'empty' }],
    ['3328328', { valid: false, normalised: '3328328', error: 'length' }],
    ['332832811', { valid: false, normalised: '332832811', error: 'length' }],
    ['3328328A', { valid: false, normalised: '3328328A', error: 'format' }],
  ])('%s', (input, expected) => expect(validateKvkNumber(input)).toEqual(expected));

  it('accepts the supplier KvK number in resources/program.json', () => {
    expect(validateKvkNumber(program.supplier.chamberNumber).valid).toBe(true);
  });
});

describe('validateRsin (9 digits, elfproef)', () => {
  it.each<Case>([
    ['004495445', { valid: true, normalised: '004495445' }],
    ['4495445', { valid: false, normalised: '4495445', error: 'length' }],
    ['04495445', { valid: true, normalised: '004495445' }], // 8 digits: leading zero restored
    ['004.495.445', { valid: true, normalised: '004495445' }],
    ['004495446', { valid: false, normalised: '004495446', error: 'checksum' }],
    ['00449544X', { valid: false, normalised: '00449544X', error: 'format' }],
    ['0044954450', { valid: false, normalised: '0044954450', error: 'length' }],
    ['  ', { valid: false, normalised: '', error: 'empty' }],
  ])('%s', (input, expected) => expect(validateRsin(input)).toEqual(expected));
});

describe('validateDutchPostcode (1234 AB)', () => {
  it.each<Case>([
    ['1185 XB', { valid: true, normalised: '1185 XB' }],
    ['1185xb', { valid: true, normalised: '1185 XB' }],
    [' 1185-xb ', { valid: true, normalised: '1185 XB' }],
    ['9999 ZZ', { valid: true, normalised: '9999 ZZ' }],
    ['0185 XB', { valid: false, normalised: '0185 XB', error: 'format' }],
    ['1185 SS', { valid: false, normalised: '1185 SS', error: 'component' }],
    ['1185 SA', { valid: false, normalised: '1185 SA', error: 'component' }],
    ['1185X', { valid: false, normalised: '1185X', error: 'length' }],
    ['11855', { valid: false, normalised: '11855', error: 'length' }],
    ['AB 1185', { valid: false, normalised: 'AB1185', error: 'format' }],
    ['1185 X!', { valid: false, normalised: '1185X!', error: 'format' }],
    ['', { valid: false, normalised: '', error: 'empty' }],
  ])('%s', (input, expected) => expect(validateDutchPostcode(input)).toEqual(expected));

  it('accepts the supplier postcode in resources/program.json', () => {
    expect(validateDutchPostcode(program.supplier.postcode)).toEqual({ valid: true, normalised: program.supplier.postcode });
  });
});

describe('validateBelgianEnterpriseNumber (10 digits, mod 97)', () => {
  it.each<Case>([
    ['0403.170.701', { valid: true, normalised: '0403.170.701' }],
    ['BE 0403 170 701', { valid: true, normalised: '0403.170.701' }],
    ['403170701', { valid: true, normalised: '0403.170.701' }], // old 9-digit form
    ['0403.170.702', { valid: false, normalised: '0403170702', error: 'checksum' }],
    ['2403170701', { valid: false, normalised: '2403170701', error: 'format' }], // starts with 0 or 1
    ['04031707011', { valid: false, normalised: '04031707011', error: 'length' }],
    ['0403.17O.701', { valid: false, normalised: '040317O701', error: 'format' }],
    ['', { valid: false, normalised: '', error: 'empty' }],
  ])('%s', (input, expected) => expect(validateBelgianEnterpriseNumber(input)).toEqual(expected));
});

describe('validateHandelsregisterNumber (German commercial register)', () => {
  it.each<Case>([
    ['HRB 12345 B', { valid: true, normalised: 'HRB 12345 B' }],
    ['HRB 12345', { valid: true, normalised: 'HRB 12345' }],
    ['hrb12345', { valid: true, normalised: 'HRB 12345' }],
    ['HRB 12345B', { valid: true, normalised: 'HRB 12345 B' }],
    ['HRA 987', { valid: true, normalised: 'HRA 987' }],
    ['GnR 42', { valid: true, normalised: 'GnR 42' }],
    ['VR 4711', { valid: true, normalised: 'VR 4711' }],
    ['Amtsgericht München HRB 123456', { valid: true, normalised: 'HRB 123456' }],
    ['HRB 1234567', { valid: false, normalised: 'HRB 1234567', error: 'length' }],
    ['HRB 0123', { valid: false, normalised: 'HRB 0123', error: 'format' }],
    ['HRX 12345', { valid: false, normalised: 'HRX12345', error: 'component' }],
    ['12345', { valid: false, normalised: '12345', error: 'format' }],
    ['', { valid: false, normalised: '', error: 'empty' }],
  ])('%s', (input, expected) => expect(validateHandelsregisterNumber(input)).toEqual(expected));

  it('keeps the register court apart, before or after the number', () => {
    expect(parseHandelsregisterNumber('Amtsgericht Charlottenburg, HRB 12345 B')).toMatchObject({
      valid: true, division: 'HRB', number: '12345', suffix: 'B', court: 'Amtsgericht Charlottenburg',
    });
    expect(parseHandelsregisterNumber('HRB 12345 (Amtsgericht München)')).toMatchObject({
      valid: true, normalised: 'HRB 12345', court: 'Amtsgericht München',
    });
    // "München" after the number is a court, not a one-letter suffix "M".
    expect(parseHandelsregisterNumber('HRB 12345 München')).toMatchObject({ normalised: 'HRB 12345', court: 'München' });
    expect(parseHandelsregisterNumber('HRB 12345').court).toBeUndefined();
  });
});

describe('never throws on user input', () => {
  const validators = [validateKvkNumber, validateRsin, validateDutchPostcode, validateBelgianEnterpriseNumber, validateHandelsregisterNumber];
  it.each(validators.map((v) => [v.name, v] as const))('%s', (_name, validate) => {
    for (const bad of [undefined, null, 7, {}, '\u0000', 'x'.repeat(10_000), '١٢٣٤٥٦٧٨']) {
      expect(() => validate(bad as unknown as string)).not.toThrow();
      expect(validate(bad as unknown as string).valid).toBe(false);
    }
  });
});
