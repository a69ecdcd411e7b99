import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eligibleTiers, isTierSelectable, parseProgramData, tierForPoints } from '../../../shared/program';
import type { ProgramTier } from '../../../shared/schemas';
import program from '../../../resources/program.json';

const { programTiers } = parseProgramData(program);
const names = (ts: ProgramTier[]) => ts.map((t) => t.name);

describe('tier eligibility with the seed program data (resources/program.json)', () => {
  it.each<[number, string[], string[], string | null, number | null]>([
    [0, [], [], 'Silver', 500],
    [499, [], [], 'Silver', 1],
    [500, ['Silver'], [], 'Gold', 500],
    [999, ['Silver'], [], 'Gold', 1],
    [1000, ['Silver', 'Gold'], [], 'Platinum', 600],
    [1600, ['Silver', 'Gold', 'Platinum'], [], 'Corporate C', 900],
    [2000, ['Silver', 'Gold', 'Platinum'], [], 'Corporate C', 500],
    [2499, ['Silver', 'Gold', 'Platinum'], [], 'Corporate C', 1],
    [2500, ['Silver', 'Gold', 'Platinum'], ['Corporate C'], 'Corporate B', 2000],
    [4499, ['Silver', 'Gold', 'Platinum'], ['Corporate C'], 'Corporate B', 1],
    [4500, ['Silver', 'Gold', 'Platinum'], ['Corporate C', 'Corporate B'], 'Corporate A', 5500],
    [9999, ['Silver', 'Gold', 'Platinum'], ['Corporate C', 'Corporate B'], 'Corporate A', 1],
    [10000, ['Silver', 'Gold', 'Platinum'], ['Corporate C', 'Corporate B', 'Corporate A'], null, null],
    [250000, ['Silver', 'Gold', 'Platinum'], ['Corporate C', 'Corporate B', 'Corporate A'], null, null],
  ])('%i points → individual %j, corporate %j, next %s in %s', (points, individual, corporate, next, toNext) => {
    const e = eligibleTiers(points, programTiers);
    expect(names(e.individual)).toEqual(individual);
    expect(names(e.corporate)).toEqual(corporate);
    expect(e.corporateAvailable).toBe(corporate.length > 0);
    expect(e.nextTier?.name ?? null).toBe(next);
    expect(e.pointsToNextTier).toBe(toNext);
  });

  it('loads the annual fees €85 / €170 / €300 / €1,000 / €3,000 / €5,000 in cents from program data', () => {
    expect(programTiers.map((t) => [t.name, t.annualFeeCents, t.currency])).toEqual([
      ['Silver', 8500, 'EUR'],
      ['Gold', 17000, 'EUR'],
      ['Platinum', 30000, 'EUR'],
      ['Corporate C', 100000, 'EUR'],
      ['Corporate B', 300000, 'EUR'],
      ['Corporate A', 500000, 'EUR'],
    ]);
  });

  it('takes the corporate threshold from the data, not a constant', () => {
    const cheaperCorporate = programTiers.map((t) => (t.id === 'tier-corporate-c' ? { ...t, minPoints: 1800 } : t));
    expect(eligibleTiers(1800, cheaperCorporate).corporateAvailable).toBe(true);
    expect(eligibleTiers(1799, cheaperCorporate).corporateAvailable).toBe(false);
    const noCorporate = programTiers.filter((t) => t.kind === 'individual');
    expect(eligibleTiers(1_000_000, noCorporate)).toMatchObject({ corporate: [], corporateAvailable: false, nextTier: null });
  });

  it('orders tiers by minimum regardless of input order and ignores deleted tiers', () => {
    const shuffled = [...programTiers].reverse();
    expect(names(eligibleTiers(4500, shuffled).corporate)).toEqual(['Corporate C', 'Corporate B']);
    const withDeleted = [...programTiers, { ...programTiers[0]!, id: 'tier-old', name: 'Bronze', minPoints: 100, _deleted: true }];
    expect(names(eligibleTiers(200, withDeleted).individual)).toEqual([]);
  });

  it('rejects non-finite points with a RangeError', () => {
    expect(() => eligibleTiers(Number.NaN, programTiers)).toThrow(RangeError);
    expect(() => eligibleTiers(Infinity, programTiers)).toThrow(/finite/);
  });

  it('names the band a score falls in and checks a requested tier', () => {
    expect(tierForPoints(1200, programTiers)?.name).toBe('Gold');
    expect(tierForPoints(12000, programTiers, 'corporate')?.name).toBe('Corporate A');
    expect(tierForPoints(499, programTiers)).toBeNull();
    expect(isTierSelectable(2000, 'tier-silver', programTiers)).toBe(true);
    expect(isTierSelectable(2499, 'tier-corporate-c', programTiers)).toBe(false);
    expect(isTierSelectable(2500, 'tier-corporate-c', programTiers)).toBe(true);
    expect(isTierSelectable(2500, 'tier-unknown', programTiers)).toBe(false);
  });
});

describe('tier eligibility properties (fast-check)', () => {
  const tierArb = fc.record({
    id: fc.uuid(),
    name: fc.string({ minLength: 1, maxLength: 10 }),
    kind: fc.constantFrom('individual' as const, 'corporate' as const),
    minPoints: fc.integer({ min: 0, max: 20_000 }),
    maxPoints: fc.constant(null),
    annualFeeCents: fc.integer({ min: 0, max: 1_000_000 }),
    currency: fc.constant('EUR'),
    updatedAt: fc.constant('2026-01-01T00:00:00.000Z'),
  });
  const tiersArb = fc.oneof(fc.constant(programTiers), fc.uniqueArray(tierArb, { selector: (t) => t.id, maxLength: 8 }));

  it('is monotone: more points never take a selectable tier away', () => {
    fc.assert(
      fc.property(tiersArb, fc.integer({ min: -100, max: 30_000 }), fc.integer({ min: 0, max: 30_000 }), (tiers, a, extra) => {
        const low = eligibleTiers(a, tiers);
        const high = eligibleTiers(a + extra, tiers);
        const ids = (e: typeof low) => new Set([...e.individual, ...e.corporate].map((t) => t.id));
        for (const id of ids(low)) expect(ids(high).has(id)).toBe(true);
        if (low.corporateAvailable) expect(high.corporateAvailable).toBe(true);
      }),
    );
  });

  it('selects exactly the tiers whose minimum is reached, and the next tier is the lowest unreached', () => {
    fc.assert(
      fc.property(tiersArb, fc.integer({ min: 0, max: 30_000 }), (tiers, points) => {
        const e = eligibleTiers(points, tiers);
        const selected = [...e.individual, ...e.corporate];
        expect(selected.length).toBe(tiers.filter((t) => t.minPoints <= points).length);
        for (const t of selected) expect(t.minPoints).toBeLessThanOrEqual(points);
        const unreached = tiers.filter((t) => t.minPoints > points).map((t) => t.minPoints);
        expect(e.nextTier?.minPoints ?? null).toBe(unreached.length ? Math.min(...unreached) : null);
        if (e.pointsToNextTier !== null) expect(e.pointsToNextTier).toBeGreaterThan(0);
      }),
    );
  });
});
