import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  catalogById, confirmedPoints, lapsingPoints, lookupModel, modelPointsOn, provisionalItems, provisionalPoints, registrationPoints, type PointsRegistration,
} from '../../../shared/program';
import type { ProductModel, RegistrationStatus } from '../../../shared/schemas';
import catalogJson from '../../../resources/catalog.json';

const catalog = catalogById(catalogJson.productModels as ProductModel[]);
const r5 = catalog.get('pm-eos-r5')!; // 500 points, 400 from 2027-01-01
const r6 = catalog.get('pm-eos-r6')!; // 320 points, 250 from 2027-01-01
const r1 = catalog.get('pm-eos-r1')!; // 900 points
const retired = catalog.get('pm-eos-1dx-ii')!; // retired, 600 points in the catalog
const today = '2026-11-29';

let serialSeq = 100000000000;
function reg(model: ProductModel, status: RegistrationStatus, extra: Partial<PointsRegistration> = {}): PointsRegistration {
  return {
    id: `reg-${serialSeq}`,
    productModelId: model.id,
    serialNumber: String(serialSeq++),
    purchaseDate: '2025-01-15',
    purchaseDateEstimated: false,
    purchaseCountry: 'NL',
    dealerName: 'Foto Dealer',
    status,
    points: status === 'points-assigned' ? model.points : 0,
    ...extra,
  };
}

describe('catalog values', () => {
  it('uses the announced lower value from its effective date, and 0 for retired models', () => {
    expect(modelPointsOn(r5)).toBe(500);
    expect(modelPointsOn(r5, '2026-12-31')).toBe(500);
    expect(modelPointsOn(r5, '2027-01-01')).toBe(400);
    expect(modelPointsOn(retired, today)).toBe(0);
    expect(modelPointsOn(retired)).toBe(0);
    expect(() => modelPointsOn(r5, 'tomorrow')).toThrow(RangeError);
  });
  it('looks models up in a Map or a plain object', () => {
    expect(lookupModel(catalog, 'pm-eos-r5')).toBe(r5);
    expect(lookupModel({ [r5.id]: r5 }, 'pm-eos-r5')).toBe(r5);
    expect(lookupModel({ [r5.id]: r5 }, 'toString')).toBeUndefined(); // no prototype leaks
    expect(lookupModel(catalog, undefined)).toBeUndefined();
  });
});

describe('registrationPoints', () => {
  it('is the model value, 0 for duplicates, rejected, deleted, retired and mismatched models', () => {
    expect(registrationPoints(reg(r5, 'draft'), r5)).toBe(500);
    expect(registrationPoints(reg(r5, 'points-assigned'), r5, { today: '2027-02-01' })).toBe(400);
    expect(registrationPoints(reg(r5, 'rejected-duplicate'), r5)).toBe(0);
    expect(registrationPoints(reg(r5, 'rejected'), r5)).toBe(0);
    expect(registrationPoints(reg(r5, 'draft', { _deleted: true }), r5)).toBe(0);
    expect(registrationPoints(reg(retired, 'draft'), retired)).toBe(0);
    expect(registrationPoints(reg(r5, 'draft'), r6)).toBe(0);
    expect(registrationPoints(reg(r5, 'draft'), undefined)).toBe(0);
  });
});

describe('confirmedPoints', () => {
  it('sums the server-set points of points-assigned registrations only', () => {
    const regs = [
      reg(r5, 'points-assigned'), // 500
      reg(r1, 'points-assigned'), // 900
      reg(r6, 'points-assigned', { points: 250 }), // server already lowered it: 250
      reg(r1, 'rejected-duplicate', { points: 900 }), // duplicates count 0 even if points were set
      reg(r1, 'rejected'),
      reg(r1, 'draft'),
      reg(r1, 'incomplete'),
      reg(r1, 'points-assigned', { _deleted: true }),
    ];
    expect(confirmedPoints(regs)).toBe(1650);
    expect(confirmedPoints([])).toBe(0);
  });

  it('follows the catalog’s current value when given the catalog: drops from their date, retired 0', () => {
    const regs = [reg(r5, 'points-assigned'), reg(r1, 'points-assigned'), reg(retired, 'points-assigned', { points: 600 }), reg(r1, 'rejected-duplicate')];
    expect(confirmedPoints(regs)).toBe(500 + 900 + 600); // what the server stamped
    expect(confirmedPoints(regs, { catalog, today })).toBe(500 + 900); // retired model counts 0
    expect(confirmedPoints(regs, { catalog, today: '2027-01-01' })).toBe(400 + 900); // R5 lowered
    const unknown = { ...reg(r1, 'points-assigned', { points: 77 }), productModelId: 'pm-not-in-local-catalog' };
    expect(confirmedPoints([unknown], { catalog, today })).toBe(77); // falls back to the server's points
    expect(() => confirmedPoints(regs, { catalog })).toThrow(/opts.today/);
  });
});

describe('provisionalPoints', () => {
  it('counts complete local registrations at the current catalog value', () => {
    const regs = [reg(r5, 'draft'), reg(r1, 'incomplete'), reg(r6, 'points-assigned')];
    expect(provisionalPoints(regs, catalog, today)).toBe(1400);
    expect(provisionalPoints(regs, catalog, '2027-01-01')).toBe(1300); // R5 dropped to 400
  });

  it('ignores incomplete, retired, unknown-model, confirmed, rejected and deleted registrations', () => {
    const regs = [
      reg(r5, 'draft', { dealerName: '' }), // incomplete
      reg(r5, 'draft', { serialNumber: '12' }), // serial does not match
      reg(r5, 'draft', { purchaseDate: '2027-06-01' }), // future
      reg(retired, 'draft'),
      { ...reg(r5, 'draft'), productModelId: 'pm-gone' },
      reg(r5, 'points-assigned'),
      reg(r5, 'rejected-duplicate'),
      reg(r5, 'rejected'),
      reg(r5, 'draft', { _deleted: true }),
    ];
    expect(provisionalPoints(regs, catalog, today)).toBe(0);
  });

  it('counts a serial once: not again when already confirmed or entered twice locally', () => {
    const confirmed = reg(r5, 'points-assigned');
    const again = { ...reg(r5, 'draft'), serialNumber: confirmed.serialNumber };
    const local1 = reg(r1, 'draft');
    const local2 = { ...reg(r1, 'draft'), serialNumber: ` ${local1.serialNumber!.slice(0, 6)}-${local1.serialNumber!.slice(6)} ` };
    const items = provisionalItems([confirmed, again, local1, local2], catalog, today);
    expect(items).toEqual([{ registrationId: local1.id, productModelId: r1.id, points: 900 }]);
  });

  it('accepts the catalog as a plain object and rejects a bad date', () => {
    expect(provisionalPoints([reg(r5, 'draft')], Object.fromEntries(catalog), today)).toBe(500);
    expect(() => provisionalPoints([], catalog, '2026/11/29')).toThrow(RangeError);
  });
});

describe('lapsingPoints', () => {
  it('lists announced drops per date for what counts now', () => {
    const regs = [reg(r5, 'points-assigned'), reg(r5, 'points-assigned'), reg(r6, 'points-assigned'), reg(r1, 'points-assigned'), reg(r6, 'draft')];
    expect(lapsingPoints(regs, catalog, today)).toEqual([{ effectiveOn: '2027-01-01', points: 100 + 100 + 70, productModelIds: ['pm-eos-r5', 'pm-eos-r6'] }]);
    expect(lapsingPoints(regs, catalog, today, { includeProvisional: true })[0]?.points).toBe(340);
  });
  it('lists nothing once the change is in effect, and never a raise', () => {
    expect(lapsingPoints([reg(r5, 'points-assigned')], catalog, '2027-01-01')).toEqual([]);
    const raised: ProductModel = { ...r1, pointsFrom: { points: 1200, effectiveOn: '2027-06-01' } };
    expect(lapsingPoints([reg(raised, 'points-assigned')], catalogById([raised]), today)).toEqual([]);
  });
  it('sorts several dates', () => {
    const a: ProductModel = { ...r1, id: 'a', pointsFrom: { points: 800, effectiveOn: '2027-09-01' } };
    const b: ProductModel = { ...r1, id: 'b', pointsFrom: { points: 0, effectiveOn: '2027-03-01' } };
    const result = lapsingPoints([reg(a, 'points-assigned'), reg(b, 'points-assigned')], catalogById([a, b]), today);
    expect(result.map((l) => [l.effectiveOn, l.points])).toEqual([['2027-03-01', 900], ['2027-09-01', 100]]);
  });
});

describe('points properties (fast-check)', () => {
  const models = [...catalog.values()];
  const statusArb = fc.constantFrom<RegistrationStatus>('draft', 'incomplete', 'points-assigned', 'rejected-duplicate', 'rejected');
  const regArb = fc.record({
    model: fc.constantFrom(...models),
    status: statusArb,
    serial: fc.integer({ min: 0, max: 30 }),
    deleted: fc.boolean(),
    points: fc.integer({ min: 0, max: 2000 }),
  }).map(({ model, status, serial, deleted, points }) => ({
    ...reg(model, status, { points, _deleted: deleted }),
    serialNumber: String(100000000000 + serial),
  }));

  it('never negative, and rejected/duplicate/deleted registrations never change the totals', () => {
    fc.assert(
      fc.property(fc.array(regArb, { maxLength: 30 }), (regs) => {
        const c = confirmedPoints(regs);
        const p = provisionalPoints(regs, catalog, today);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(p).toBeGreaterThanOrEqual(0);
        const counted = regs.filter((r) => !r._deleted && (r.status === 'points-assigned' || r.status === 'draft' || r.status === 'incomplete'));
        expect(confirmedPoints(counted)).toBe(c);
        expect(provisionalPoints(counted, catalog, today)).toBe(p);
      }),
    );
  });

  it('provisional points never exceed the sum of the unconfirmed registrations’ catalog values', () => {
    fc.assert(
      fc.property(fc.array(regArb, { maxLength: 30 }), (regs) => {
        const bound = regs.filter((r) => !r._deleted && (r.status === 'draft' || r.status === 'incomplete')).reduce((s, r) => s + modelPointsOn(catalog.get(r.productModelId!)!, today), 0);
        expect(provisionalPoints(regs, catalog, today)).toBeLessThanOrEqual(bound);
      }),
    );
  });
});
