/**
 * ISO 11649 RF creditor references: the standard's own example, the check digits of invoice
 * numbers, typed forms (blanks, lower case) and every kind of refusal.
 */
import { describe, expect, it } from 'vitest';
import { creditorReference, formatCreditorReference, validateCreditorReference } from '../../../shared/identifiers';

describe('ISO 11649 creditor reference', () => {
  it('accepts the standard’s example RF18 5390 0754 7034 and rebuilds its check digits', () => {
    expect(validateCreditorReference('RF18 5390 0754 7034')).toEqual({ valid: true, normalised: 'RF18539007547034' });
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
  });

  it('makes the reference of an invoice number, printed in groups of four', () => {
    expect(creditorReference('2026-000042')).toBe('RF022026000042');
    expect(formatCreditorReference('RF022026000042')).toBe('RF02 2026 0000 42');
    expect(validateCreditorReference('rf02 2026-0000 42').normalised).toBe('RF022026000042');
    // Letters count 10–35 (ISO 7064 MOD 97-10), like an IBAN.
    expect(validateCreditorReference(creditorReference('ABC123')).valid).toBe(true);
  });

  it('refuses a wrong check digit, a wrong shape and a wrong length, naming which', () => {
    expect(validateCreditorReference('RF18 5390 0754 7035').error).toBe('checksum');
    expect(validateCreditorReference('RF02 2026 0000 24').error).toBe('checksum');
    expect(validateCreditorReference('CPS 2026-000042').error).toBe('format');
    expect(validateCreditorReference('RF1').error).toBe('format');
    expect(validateCreditorReference('RF18').error).toBe('length');
    expect(validateCreditorReference(`RF00${'1'.repeat(22)}`).error).toBe('length');
    expect(validateCreditorReference('  ').error).toBe('empty');
    expect(() => creditorReference('x'.repeat(22))).toThrow(/1–21/);
    expect(() => creditorReference('2026/Ä')).toThrow();
  });
});
