import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth, isIsoDate } from '../../../shared/program';

describe('isIsoDate', () => {
  it.each([
    ['2026-11-29', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-02-29', false],
    ['2026-04-31', false],
    ['2026-00-10', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-11-29T00:00:00Z', false],
    [' 2026-11-29', false],
    ['', false],
  ])('%s → %s', (s, ok) => expect(isIsoDate(s)).toBe(ok));

  it('agrees with the calendar of Date for any y-m-d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const dt = new Date(Date.UTC(y, m - 1, d));
        const real = m >= 1 && m <= 12 && d >= 1 && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
        expect(isIsoDate(s)).toBe(real);
      }),
      { numRuns: 2000 },
    );
  });

  it('knows month lengths', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2024, m))).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2100, 2)).toBe(28);
  });
});

describe('addDays edge years', () => {
  it('keeps years below 100 and refuses to leave 0000–9999', () => {
    expect(addDays('0004-02-28', 1)).toBe('0004-02-29'); // year 4 is a leap year (proleptic Gregorian)
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(() => addDays('9999-12-31', 1)).toThrow(/outside years/);
  });
});

describe('addDays properties', () => {
  it('adding then subtracting returns the same date, and the result is always a real date', () => {
    const date = fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        const later = addDays(d, n);
        expect(isIsoDate(later)).toBe(true);
        expect(addDays(later, -n)).toBe(d);
        expect(later >= d).toBe(n >= 0);
      }),
    );
  });
});
