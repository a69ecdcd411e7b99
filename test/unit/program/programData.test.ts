import { describe, expect, it } from 'vitest';
import { parseProgramData } from '../../../shared/program';
import { validateBic, validateIban, validateKvkNumber, validateVatNumber } from '../../../shared/identifiers';
import program from '../../../resources/program.json';

describe('parseProgramData (resources/program.json)', () => {
  it('parses the seed: six tiers and the supplier', () => {
    const data = parseProgramData(program);
    expect(data.programTiers.map((t) => [t.id, t.kind, t.minPoints, t.maxPoints])).toEqual([
      ['tier-silver', 'individual', 500, 999],
      ['tier-gold', 'individual', 1000, 1599],
      ['tier-platinum', 'individual', 1600, 2499],
      ['tier-corporate-c', 'corporate', 2500, 4499],
      ['tier-corporate-b', 'corporate', 4500, 9999],
      ['tier-corporate-a', 'corporate', 10000, null],
    ]);
    expect(data.supplier).toMatchObject({ country: 'NL', vatRate: 21, paymentTermDays: 30 });
  });

  it('has supplier identifiers that validate', () => {
    const { supplier } = parseProgramData(program);
    expect(validateVatNumber(supplier.vatNumber, supplier.country).valid).toBe(true);
    expect(validateKvkNumber(supplier.chamberNumber).valid).toBe(true);
    expect(validateIban(supplier.iban).valid).toBe(true);
    expect(validateBic(supplier.bic).valid).toBe(true);
  });

  it('names the bad field', () => {
    const clone = () => JSON.parse(JSON.stringify(program));
    const fractionalFee = clone();
    fractionalFee.programTiers[1].annualFeeCents = 170.5;
    expect(() => parseProgramData(fractionalFee)).toThrow(/programTiers\.1\.annualFeeCents/);
    const badKind = clone();
    badKind.programTiers[0].kind = 'gold';
    expect(() => parseProgramData(badKind)).toThrow(/programTiers\.0\.kind/);
    const inverted = clone();
    inverted.programTiers[0].maxPoints = 100;
    expect(() => parseProgramData(inverted)).toThrow(/maxPoints must be ≥ minPoints/);
    const dup = clone();
    dup.programTiers[1].id = 'tier-silver';
    expect(() => parseProgramData(dup)).toThrow(/duplicate tier id tier-silver/);
    expect(() => parseProgramData(null)).toThrow(/Invalid program data/);
    const noSupplier = clone();
    delete noSupplier.supplier;
    expect(() => parseProgramData(noSupplier)).toThrow(/supplier/);
  });
});
