/**
 * Register numbers and their distractors per market (AT, BE, DE, FR, GB, LU, NL, PL): the
 * organisation's number validates, the numbers printed beside it (establishment, tax, statistical,
 * personal numbers) are told apart. Vectors are public examples (python-stdnum test data, INSEE,
 * Companies House) or computed here with the published check rule.
 */
import { describe, expect, it } from 'vitest';
import {
  sirenOfFrenchVat,
  validateAustrianFirmenbuchNumber,
  validateBelgianEnterpriseNumber,
  validateBelgianEstablishmentNumber,
  validateBsn,
  validateFrenchSiren,
  validateFrenchSiret,
  validateGermanTaxNumber,
  validateLuxembourgRcsNumber,
  validatePolishKrs,
  validatePolishNip,
  validatePolishRegon,
  validateRegisterNumber,
  validateRsin,
  validateUkCompanyNumber,
  validateUkUtr,
  validateVatNumber,
} from '../../../shared/identifiers';

describe('FR: SIREN, SIRET and TVA', () => {
  it('SIREN 732 829 320 validates (Luhn); a changed digit does not', () => {
    expect(validateFrenchSiren('732 829 320')).toEqual({ valid: true, normalised: '732829320' });
    expect(validateFrenchSiren('732 829 321')).toMatchObject({ valid: false, error: 'checksum' });
  });
  it('a SIRET (establishment) is not a SIREN, and is its own valid number', () => {
    expect(validateFrenchSiren('732 829 320 00074').valid).toBe(false);
    expect(validateFrenchSiret('732 829 320 00074')).toEqual({ valid: true, normalised: '73282932000074' });
  });
  it('the TVA number carries the SIREN after its key', () => {
    expect(validateVatNumber('FR 44 732 829 320').valid).toBe(true);
    expect(sirenOfFrenchVat('FR 44 732 829 320')).toBe('732829320');
    expect(sirenOfFrenchVat('DE136695976')).toBeUndefined();
  });
});

describe('AT: Firmenbuch number vs UID vs Steuernummer', () => {
  it('FN 122119 m validates and normalises to FN 122119m; a wrong check letter fails', () => {
    expect(validateAustrianFirmenbuchNumber('FN 122119 m')).toEqual({ valid: true, normalised: 'FN 122119m' });
    expect(validateAustrianFirmenbuchNumber('FN 122119 a').valid).toBe(false);
  });
  it('a UID is a VAT number, not a Firmenbuch number', () => {
    expect(validateVatNumber('ATU13585627').valid).toBe(true);
    expect(validateAustrianFirmenbuchNumber('ATU13585627').valid).toBe(false);
  });
});

describe('DE: USt-IdNr vs Steuernummer', () => {
  it('a Steuernummer is recognised as a tax number and is not a VAT number', () => {
    expect(validateGermanTaxNumber('181/815/08155').valid).toBe(true);
    expect(validateVatNumber('DE18181508155').valid).toBe(false);
    expect(validateVatNumber('DE136695976').valid).toBe(true);
  });
  it('the register number is the Handelsregister number', () => {
    expect(validateRegisterNumber('DE', 'Amtsgericht Köln HRB 12345')).toEqual({ valid: true, normalised: 'HRB 12345' });
  });
});

describe('BE: enterprise number vs establishment-unit number', () => {
  it('enterprise numbers start 0 or 1; establishment units 2–8 with the same mod-97 check', () => {
    expect(validateBelgianEnterpriseNumber('0403.170.701').valid).toBe(true);
    expect(validateBelgianEstablishmentNumber('2.000.000.042')).toEqual({ valid: true, normalised: '2.000.000.042' });
    expect(validateBelgianEnterpriseNumber('2.000.000.042').valid).toBe(false);
    expect(validateBelgianEstablishmentNumber('0403.170.701').valid).toBe(false);
    expect(validateBelgianEstablishmentNumber('2.000.000.043')).toMatchObject({ valid: false, error: 'checksum' });
  });
  it('the BE VAT number is the enterprise number with BE', () => {
    expect(validateVatNumber('BE0403170701').valid).toBe(true);
    expect(validateRegisterNumber('BE', 'BE 0403.170.701').normalised).toBe('0403.170.701');
  });
});

describe('NL: RSIN, BSN distractor, KvK', () => {
  it('a BSN passes the same elfproef as an RSIN: only the label tells them apart, and NL VAT = RSIN + B..', () => {
    expect(validateBsn('111222333').valid).toBe(true);
    expect(validateRsin('111222333').valid).toBe(true);
    expect(validateVatNumber('NL004495445B01').valid).toBe(true);
    expect(validateBsn('111222334').valid).toBe(false);
  });
  it('the register number is the 8-digit KvK number', () => {
    expect(validateRegisterNumber('NL', '6909 9084')).toEqual({ valid: true, normalised: '69099084' });
    expect(validateRegisterNumber('NL', '000012345678').valid).toBe(false);
  });
});

describe('PL: NIP, REGON, KRS', () => {
  it('NIP validates (weighted mod 11) and is the VAT number with PL', () => {
    expect(validatePolishNip('123-456-32-18')).toEqual({ valid: true, normalised: '1234563218' });
    expect(validatePolishNip('123-456-32-19').valid).toBe(false);
    expect(validateVatNumber('PL1234563218').valid).toBe(true);
  });
  it('REGON is its own number, neither NIP nor KRS', () => {
    expect(validatePolishRegon('123456785').valid).toBe(true);
    expect(validatePolishNip('123456785').valid).toBe(false);
  });
  it('KRS is 10 digits with its leading zeros', () => {
    expect(validatePolishKrs('0000123456')).toEqual({ valid: true, normalised: '0000123456' });
    expect(validatePolishKrs('KRS 123456')).toEqual({ valid: true, normalised: '0000123456' });
    expect(validatePolishKrs('00001234567').valid).toBe(false);
  });
});

describe('GB: company number vs VAT vs UTR', () => {
  it('company numbers: 8 digits or a known 2-letter prefix and 6 digits', () => {
    expect(validateUkCompanyNumber('01234567')).toEqual({ valid: true, normalised: '01234567' });
    expect(validateUkCompanyNumber('SC123456')).toEqual({ valid: true, normalised: 'SC123456' });
    expect(validateUkCompanyNumber('1234567')).toEqual({ valid: true, normalised: '01234567' });
    expect(validateUkCompanyNumber('ZZ123456').valid).toBe(false);
    expect(validateUkCompanyNumber('123456789').valid).toBe(false);
  });
  it('a UTR (10 digits with check) is a tax reference, never the VAT number', () => {
    expect(validateUkUtr('1955839661').valid).toBe(true);
    expect(validateVatNumber('GB1955839661').valid).toBe(false);
    expect(validateVatNumber('GB980780684').valid).toBe(true);
  });
});

describe('LU: RCS number', () => {
  it('a section letter and up to 6 digits', () => {
    expect(validateLuxembourgRcsNumber('RCS Luxembourg B 123456')).toEqual({ valid: true, normalised: 'B123456' });
    expect(validateLuxembourgRcsNumber('B 0123').valid).toBe(false);
    expect(validateLuxembourgRcsNumber('12345678').valid).toBe(false);
    expect(validateVatNumber('LU15027442').valid).toBe(true);
  });
});

describe('validateRegisterNumber', () => {
  it('dispatches by country and refuses countries it has no register rule for', () => {
    expect(validateRegisterNumber('AT', 'FN 122119m').valid).toBe(true);
    expect(validateRegisterNumber('FR', '732829320').valid).toBe(true);
    expect(validateRegisterNumber('LU', 'B123456').valid).toBe(true);
    expect(validateRegisterNumber('GB', 'SC123456').valid).toBe(true);
    expect(validateRegisterNumber('PL', '0000123456').valid).toBe(true);
    expect(validateRegisterNumber('ES', '12345')).toMatchObject({ valid: false, error: 'unknown-country' });
  });
});
