import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays, dueDate, formatMoney, invoiceLine, invoiceTotals, parseProgramData, paymentTerms, reverseCharge, vatBreakdown, vatCents, vatTreatment,
} from '../../../shared/program';
import program from '../../../resources/program.json';

const { programTiers, supplier } = parseProgramData(program);

describe('vatCents: per line, half away from zero, exact', () => {
  it.each([
    [8500, 21, 1785],
    [17000, 21, 3570],
    [30000, 21, 6300],
    [100000, 21, 21000],
    [1, 21, 0], // 0.21 → 0
    [2, 25, 1], // 0.5 exactly → 1 (half up)
    [50, 1, 1], // 0.5 → 1
    [49, 1, 0], // 0.49 → 0
    [150, 1, 2], // 1.5 → 2
    [250, 1, 3], // 2.5 → 3 (banker's would give 2)
    [-250, 1, -3], // −2.5 → −3 (away from zero, symmetric)
    [-250, 21, -53], // −52.5 → −53
    [250, 21, 53], // 52.5 → 53
    [1000, 9, 90],
    [1001, 5.5, 55], // 55.055 → 55
    [1010, 5.5, 56], // 55.55 → 56
    [9999, 8.1, 810], // 809.919 → 810
    [0, 21, 0],
    [12345, 0, 0],
    [1, 100, 1],
  ])('vatCents(%i, %s) = %i', (net, rate, expected) => {
    expect(vatCents(net, rate)).toBe(expected);
  });

  it('is exact where floating point would drift (1.005-style halves)', () => {
    // 21 % of 15 cents is 3.15 → 3; of 45 cents 9.45 → 9; 5.5 % of 1090 = 59.95 → 60.
    expect(vatCents(15, 21)).toBe(3);
    expect(vatCents(45, 21)).toBe(9);
    expect(vatCents(1090, 5.5)).toBe(60);
    // Near 2^53 a float computation misrounds; the integer rule does not.
    expect(vatCents(Number.MAX_SAFE_INTEGER, 21)).toBe(1891511843495608); // …740991 × 0.21 = …495608.11
    expect(vatCents(9007199254735992, 21)).toBe(1891511843494558); // …735992 × 0.21 = …494558.32
    expect(Math.round((9007199254735992 * 21) / 100)).toBe(1891511843494559); // the float way is a cent off
  });

  it('rejects amounts that are not whole cents and rates that are not percentages', () => {
    expect(() => vatCents(10.5, 21)).toThrow(RangeError);
    expect(() => vatCents(Number.NaN, 21)).toThrow(/cents/);
    expect(() => vatCents(100, -1)).toThrow(RangeError);
    expect(() => vatCents(100, 101)).toThrow(RangeError);
    expect(() => vatCents(100, 21.123)).toThrow(/two decimals/);
  });
});

describe('invoice lines and totals', () => {
  it('builds the membership invoice line from program data: fee + 21 % VAT', () => {
    const gold = programTiers.find((t) => t.name === 'Gold')!;
    const line = invoiceLine({ description: 'CPS Gold membership 2027', unitPriceCents: gold.annualFeeCents, vatRate: supplier.vatRate });
    expect(line).toEqual({ description: 'CPS Gold membership 2027', quantity: 1, unitPriceCents: 17000, vatRate: 21, netCents: 17000, vatCents: 3570 });
    expect(invoiceTotals([line])).toMatchObject({ netCents: 17000, vatCents: 3570, totalCents: 20570 });
  });

  it('rounds VAT per line and sums lines; the per-rate EN 16931 figure is reported alongside', () => {
    const lines = [1, 2, 3].map((i) => invoiceLine({ description: `item ${i}`, unitPriceCents: 250, vatRate: 1 })); // 2.5 → 3 each
    const totals = invoiceTotals(lines);
    expect(totals).toMatchObject({ netCents: 750, vatCents: 9, totalCents: 759 });
    expect(totals.byRate).toEqual([{ vatRate: 1, netCents: 750, vatCents: 9, vatCentsOnTotal: 8 }]); // 7.5 → 8 on the total
  });

  it('groups VAT by rate, highest rate first', () => {
    const lines = [
      invoiceLine({ description: 'membership', unitPriceCents: 30000, vatRate: 21 }),
      invoiceLine({ description: 'printed guide', quantity: 3, unitPriceCents: 1999, vatRate: 9 }),
      invoiceLine({ description: 'discount', unitPriceCents: -5000, vatRate: 21 }),
    ];
    const t = invoiceTotals(lines);
    expect(t.byRate.map((r) => [r.vatRate, r.netCents, r.vatCents])).toEqual([[21, 25000, 5250], [9, 5997, 540]]);
    expect(t).toMatchObject({ netCents: 30997, vatCents: 5790, totalCents: 36787 });
    expect(vatBreakdown([])).toEqual([]);
    expect(invoiceTotals([])).toMatchObject({ netCents: 0, vatCents: 0, totalCents: 0 });
  });

  it('refuses a negative invoice (that is a credit note) and bad lines', () => {
    expect(() => invoiceTotals([invoiceLine({ description: 'refund', unitPriceCents: -100, vatRate: 21 })])).toThrow(/credit note/);
    expect(() => invoiceLine({ description: 'x', quantity: 0, unitPriceCents: 100, vatRate: 21 })).toThrow(/quantity/);
    expect(() => invoiceLine({ description: 'x', quantity: 1.5, unitPriceCents: 100, vatRate: 21 })).toThrow(/quantity/);
    expect(() => invoiceLine({ description: 'x', unitPriceCents: 99.99, vatRate: 21 })).toThrow(/unitPriceCents/);
    expect(() => invoiceLine({ description: ' ', unitPriceCents: 100, vatRate: 21 })).toThrow(/description/);
    expect(() => invoiceLine({ description: 'x', quantity: 2 ** 40, unitPriceCents: 2 ** 20, vatRate: 21 })).toThrow(RangeError);
    expect(() => invoiceTotals([{ vatRate: 21, netCents: 0.1, vatCents: 0 }])).toThrow(/cents/);
  });
});

describe('money properties (fast-check)', () => {
  const rate = fc.constantFrom(0, 5.5, 6, 8.1, 9, 10, 19, 20, 21, 25, 25.5, 27);
  const lineArb = fc.record({ quantity: fc.integer({ min: 1, max: 1000 }), unitPriceCents: fc.integer({ min: -1_000_000, max: 10_000_000 }), vatRate: rate });

  it('totals are never negative: either a non-negative invoice or a RangeError', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), (raw) => {
        const lines = raw.map((l, i) => invoiceLine({ description: `line ${i}`, ...l }));
        let totals;
        try {
          totals = invoiceTotals(lines);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
          return;
        }
        expect(totals.netCents).toBeGreaterThanOrEqual(0);
        expect(totals.vatCents).toBeGreaterThanOrEqual(0);
        expect(totals.totalCents).toBe(totals.netCents + totals.vatCents);
      }),
    );
  });

  it('has no float drift: every amount is a safe integer and sums match exactly', () => {
    fc.assert(
      fc.property(fc.array(lineArb.map((l) => ({ ...l, unitPriceCents: Math.abs(l.unitPriceCents) })), { minLength: 1, maxLength: 50 }), (raw) => {
        const lines = raw.map((l, i) => invoiceLine({ description: `line ${i}`, ...l }));
        const t = invoiceTotals(lines);
        for (const v of [t.netCents, t.vatCents, t.totalCents, ...lines.map((l) => l.vatCents)]) expect(Number.isSafeInteger(v)).toBe(true);
        // Summing in any order gives the same totals (integers associate; floats would not).
        const reversed = invoiceTotals([...lines].reverse());
        expect(reversed.totalCents).toBe(t.totalCents);
        expect(t.netCents).toBe(Number(lines.reduce((s, l) => s + BigInt(l.netCents), 0n)));
      }),
    );
  });

  it('VAT is within half a cent of the exact product, and rounds halves away from zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), rate, (net, r) => {
        const v = vatCents(net, r);
        const exactTimes10000 = BigInt(net) * BigInt(Math.round(r * 100)); // VAT × 10000
        const diff = BigInt(v) * 10000n - exactTimes10000; // rounding error × 10000
        expect(diff <= 5000n && diff >= -5000n).toBe(true);
        if (diff === 5000n) expect(net).toBeGreaterThan(0);
        if (diff === -5000n) expect(net).toBeLessThan(0);
        expect(vatCents(-net, r)).toBe(-v || 0);
      }),
    );
  });
});

describe('formatMoney (Intl.NumberFormat)', () => {
  it('formats cents in Dutch and English', () => {
    expect(formatMoney(8500, 'EUR', 'nl-NL')).toBe('€\u00a085,00');
    expect(formatMoney(500000, 'EUR', 'nl-NL')).toBe('€\u00a05.000,00');
    expect(formatMoney(500000, 'EUR', 'en-GB')).toBe('€5,000.00');
    expect(formatMoney(-123456789, 'EUR', 'en-GB')).toBe('-€1,234,567.89');
    expect(formatMoney(5, 'EUR', 'en-GB')).toBe('€0.05');
    expect(formatMoney(0, 'EUR', 'nl-NL')).toBe('€\u00a00,00');
  });
  it('uses the currency’s own minor unit and stays exact for the largest safe amount', () => {
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
    expect(formatMoney(1234, 'KWD', 'en-US')).toMatch(/1\.234$/);
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR', 'en-GB')).toBe('€90,071,992,547,409.91');
  });
  it('rejects fractions of a cent', () => {
    expect(() => formatMoney(1.5, 'EUR', 'nl-NL')).toThrow(RangeError);
  });
});

describe('dates, due date and payment terms', () => {
  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', 1.5)).toThrow(/integer/);
  });

  it('due date = issue date + 30 days (program data term), or another term', () => {
    expect(supplier.paymentTermDays).toBe(30);
    expect(dueDate('2026-11-29')).toBe('2026-12-29');
    expect(dueDate('2026-12-15')).toBe('2027-01-14');
    expect(dueDate('2027-01-30')).toBe('2027-03-01');
    expect(dueDate('2026-11-29', 14)).toBe('2026-12-13');
    expect(() => dueDate('29-11-2026')).toThrow(/YYYY-MM-DD/);
    expect(() => dueDate('2026-11-29', -1)).toThrow(RangeError);
  });

  it('card: zero authorisation now, charged on the due date; bank transfer: pay before the due date, extra charges notice', () => {
    expect(paymentTerms('card', '2026-11-29')).toEqual({ kind: 'card', authorisationCents: 0, chargeOn: '2026-12-29' });
    expect(paymentTerms('bank-transfer', '2026-11-29')).toEqual({ kind: 'bank-transfer', payBefore: '2026-12-29', extraChargesNotice: true });
    expect(() => paymentTerms('cash' as 'card', '2026-11-29')).toThrow(/unknown payment method/);
  });
});

describe('VAT treatment and reverse charge (NL supplier)', () => {
  it.each([
    ['NL', true, 'domestic', 21, false],
    ['NL', false, 'domestic', 21, false],
    ['BE', true, 'reverse-charge', 0, true],
    ['de', true, 'reverse-charge', 0, true],
    ['EL', true, 'reverse-charge', 0, true],
    ['BE', false, 'eu-no-vat-number', 21, false],
    ['GB', true, 'outside-eu', 0, false],
    ['CH', true, 'outside-eu', 0, false],
    ['US', false, 'outside-eu', 0, false],
  ])('customer in %s, VAT valid %s → %s at %i %%', (customer, vatValid, kind, rate, rc) => {
    const t = vatTreatment(supplier.country, customer, vatValid, supplier.vatRate);
    expect(t.kind).toBe(kind);
    expect(t.vatRate).toBe(rate);
    expect(t.reverseCharge).toBe(rc);
    expect(reverseCharge(supplier.country, customer, vatValid)).toBe(rc);
  });
  it('gives EN 16931 VAT category codes and rejects bad country codes', () => {
    expect(vatTreatment('NL', 'NL', true, 21).category).toBe('S');
    expect(vatTreatment('NL', 'FR', true, 21).category).toBe('AE');
    expect(vatTreatment('NL', 'NO', true, 21).category).toBe('O');
    expect(() => vatTreatment('NL', 'Netherlands', true, 21)).toThrow(/alpha-2/);
    expect(() => vatTreatment('CH', 'NL', true, 8.1)).toThrow(/not an EU member state/);
  });
});
