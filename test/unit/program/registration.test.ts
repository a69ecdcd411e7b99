import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogById, checkRegistration, normaliseSerial, requiredRegistrationFields, serialMatchesModel, type RegistrationInput } from '../../../shared/program';
import type { ProductModel } from '../../../shared/schemas';
import catalogJson from '../../../resources/catalog.json';

const catalog = catalogById(catalogJson.productModels as ProductModel[]);
const r5 = catalog.get('pm-eos-r5')!; // serial [0-9]{12}, released 2020-07-30
const rf1535 = catalog.get('pm-rf-15-35-28l')!; // serial [0-9]{10}|[A-Z][0-9]{9}
const today = '2026-11-29';

const complete: RegistrationInput = {
  productModelId: 'pm-eos-r5',
  serialNumber: '012345678901',
  purchaseDate: '2025-03-14',
  purchaseDateEstimated: false,
  purchaseCountry: 'NL',
  dealerName: 'Foto Dealer Amsterdam',
};

describe('checkRegistration', () => {
  it('passes a complete registration (green check)', () => {
    expect(checkRegistration(complete, r5, { today })).toEqual({ complete: true, problems: [] });
  });

  it('allows a best-guess purchase date, checked like an exact one', () => {
    expect(checkRegistration({ ...complete, purchaseDateEstimated: true, purchaseDate: '2021-01-01' }, r5, { today }).complete).toBe(true);
    expect(checkRegistration({ ...complete, purchaseDateEstimated: true, purchaseDate: '2027-01-01' }, r5, { today }).problems).toEqual([
      { field: 'purchaseDate', kind: 'invalid', reason: 'date-future' },
    ]);
  });

  it('lists every missing field in form order', () => {
    expect(checkRegistration({}, undefined, { today })).toEqual({
      complete: false,
      problems: requiredRegistrationFields.map((field) => ({ field, kind: 'missing', reason: 'required' })),
    });
    expect(checkRegistration({ ...complete, dealerName: '  ', purchaseCountry: null }, r5, { today }).problems).toEqual([
      { field: 'purchaseCountry', kind: 'missing', reason: 'required' },
      { field: 'dealerName', kind: 'missing', reason: 'required' },
    ]);
    expect(checkRegistration({ ...complete, serialNumber: ' - ' }, r5, { today }).problems).toEqual([{ field: 'serialNumber', kind: 'missing', reason: 'required' }]);
  });

  it.each<[Partial<RegistrationInput>, ProductModel | undefined, string, string]>([
    [{ serialNumber: '01234567890' }, r5, 'serialNumber', 'serial-pattern'], // 11 digits
    [{ serialNumber: '0123456789012' }, r5, 'serialNumber', 'serial-pattern'], // 13 digits: full match only
    [{ serialNumber: 'A12345678901' }, r5, 'serialNumber', 'serial-pattern'],
    [{ purchaseDate: '2026-11-30' }, r5, 'purchaseDate', 'date-future'],
    [{ purchaseDate: '2020-07-29' }, r5, 'purchaseDate', 'date-before-release'],
    [{ purchaseDate: '2025-02-29' }, r5, 'purchaseDate', 'date-format'],
    [{ purchaseDate: '14-03-2025' }, r5, 'purchaseDate', 'date-format'],
    [{ purchaseCountry: 'XX' }, r5, 'purchaseCountry', 'country-unknown'],
    [{ purchaseCountry: 'Netherlands' }, r5, 'purchaseCountry', 'country-unknown'],
    [{ productModelId: 'pm-does-not-exist' }, undefined, 'productModelId', 'model-unknown'],
    [{ productModelId: 'pm-eos-r6' }, r5, 'productModelId', 'model-unknown'], // model passed is not the registration's
  ])('%j → %s %s', (change, model, field, reason) => {
    const r = checkRegistration({ ...complete, ...change }, model, { today });
    expect(r.complete).toBe(false);
    expect(r.problems).toEqual([{ field, kind: 'invalid', reason }]);
  });

  it('accepts the boundary days: bought today, bought on the release day', () => {
    expect(checkRegistration({ ...complete, purchaseDate: today }, r5, { today }).complete).toBe(true);
    expect(checkRegistration({ ...complete, purchaseDate: r5.releasedOn }, r5, { today }).complete).toBe(true);
  });

  it('matches serial patterns in full, after upper-casing and removing blanks and dashes', () => {
    const lens = { ...complete, productModelId: rf1535.id };
    expect(checkRegistration({ ...lens, serialNumber: '0123456789' }, rf1535, { today }).complete).toBe(true);
    expect(checkRegistration({ ...lens, serialNumber: 'b 123-456 789' }, rf1535, { today }).complete).toBe(true);
    // The alternation must be anchored as a whole: "A123456789" + junk must not pass via "[0-9]{10}|…".
    expect(checkRegistration({ ...lens, serialNumber: '0123456789X' }, rf1535, { today }).problems[0]?.reason).toBe('serial-pattern');
    expect(checkRegistration({ ...lens, serialNumber: 'XB123456789' }, rf1535, { today }).problems[0]?.reason).toBe('serial-pattern');
  });

  it('reports a catalog pattern that is not a regular expression instead of throwing', () => {
    const broken: ProductModel = { ...r5, serialPattern: '[0-9' };
    expect(checkRegistration(complete, broken, { today }).problems).toEqual([{ field: 'serialNumber', kind: 'invalid', reason: 'serial-pattern-unusable' }]);
  });

  it('throws a RangeError for a bad `today` (a programming error)', () => {
    expect(() => checkRegistration(complete, r5, { today: '2026-13-01' })).toThrow(RangeError);
  });

  it('never throws on any user input', () => {
    const anything = fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.record({ productModelId: fc.oneof(anything, fc.constantFrom(...catalog.keys())), serialNumber: anything, purchaseDate: anything, purchaseCountry: anything, dealerName: anything }), (reg) => {
        const r = checkRegistration(reg, catalog.get(reg.productModelId ?? ''), { today });
        expect(r.complete).toBe(r.problems.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('normaliseSerial / serialMatchesModel', () => {
  it('upper-cases and strips blanks, hyphens and dashes', () => {
    expect(normaliseSerial(' ab-12 34–56 ')).toBe('AB123456');
    expect(normaliseSerial(null)).toBe('');
    expect(normaliseSerial(undefined)).toBe('');
  });
  it('is idempotent, also where removing a blank lets a letter and a mark compose', () => {
    for (const s of ['𝕙\u1FED', 'ῒ', 'a\u0020\u0308']) expect(normaliseSerial(normaliseSerial(s))).toBe(normaliseSerial(s)); // found by fast-check
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => {
      expect(normaliseSerial(normaliseSerial(s))).toBe(normaliseSerial(s));
    }), { numRuns: 500 });
  });
  it('matches every catalog model against a serial built for its pattern', () => {
    const sample: Record<string, string> = {
      '[0-9]{12}': '123456789012', '[0-9]{10}|[A-Z][0-9]{9}': 'A123456789', '[0-9]{8,12}': '12345678',
      '[A-Z0-9]{12}': 'AB12CD34EF56', '[A-Z]{2}[0-9]{6,8}': 'AB1234567', '[A-Z]{3}[0-9]{5,7}': 'ABC12345',
    };
    for (const model of catalog.values()) {
      const serial = sample[model.serialPattern];
      expect(serial, `no sample for ${model.serialPattern}`).toBeDefined();
      expect(serialMatchesModel(serial!.toLowerCase(), model)).toBe(true);
      expect(serialMatchesModel(`${serial}0000000`, model)).toBe(false);
    }
  });
});
