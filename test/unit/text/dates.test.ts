/**
 * The one date format per language (nl 01-12-2026, en 1 Dec 2026) and reading a typed date back
 * in either language, day first.
 */
import { describe, expect, it } from 'vitest';
import { dateInputPattern, formatDate, formatDateTime, parseDateInput } from '../../../shared/text/dates';

describe('formatDate', () => {
  it('writes nl as dd-mm-yyyy and en as d Mmm yyyy', () => {
    expect(formatDate('2026-12-01', 'nl')).toBe('01-12-2026');
    expect(formatDate('2026-12-01', 'en')).toBe('1 Dec 2026');
    expect(formatDate('2027-09-30', 'en')).toBe('30 Sep 2027'); // never ICU's "Sept"
    expect(formatDate('2024-02-29', 'nl')).toBe('29-02-2024');
  });
  it('takes the calendar day of a timestamp, keeps stray text and shows nothing for nothing', () => {
    expect(formatDate('2026-03-05T23:59:00.000Z', 'en')).toBe('5 Mar 2026');
    expect(formatDate('soon', 'nl')).toBe('soon');
    expect(formatDate('2026-13-01', 'en')).toBe('2026-13-01');
    expect(formatDate(null, 'nl')).toBe('');
    expect(formatDate(undefined, 'en')).toBe('');
  });
  it('adds the local time to a timestamp', () => {
    const local = new Date(2026, 11, 1, 9, 5).toISOString();
    expect(formatDateTime(local, 'nl')).toBe('01-12-2026 09:05');
    expect(formatDateTime(local, 'en')).toBe('1 Dec 2026 09:05');
    expect(formatDateTime('nope', 'en')).toBe('nope');
  });
  it('names the typing pattern per language', () => {
    expect(dateInputPattern('nl')).toBe('dd-mm-jjjj');
    expect(dateInputPattern('en')).toBe('d Mmm yyyy');
  });
});

describe('parseDateInput', () => {
  const ok = (iso: string | null) => ({ ok: true, iso });
  it('reads what formatDate writes, in both languages', () => {
    for (const iso of ['2026-12-01', '2024-02-29', '1999-01-31', '2030-07-04']) {
      expect(parseDateInput(formatDate(iso, 'nl'), 'nl')).toEqual(ok(iso));
      expect(parseDateInput(formatDate(iso, 'en'), 'en')).toEqual(ok(iso));
      expect(parseDateInput(formatDate(iso, 'en'), 'nl')).toEqual(ok(iso));
    }
  });
  it('reads the day first with any separator, eight digits, two-digit years and month names', () => {
    expect(parseDateInput('1-12-2026', 'nl')).toEqual(ok('2026-12-01'));
    expect(parseDateInput(' 1/12/26 ', 'en')).toEqual(ok('2026-12-01'));
    expect(parseDateInput('01.12.2026', 'nl')).toEqual(ok('2026-12-01'));
    expect(parseDateInput('01122026', 'nl')).toEqual(ok('2026-12-01'));
    expect(parseDateInput('1 december 2026', 'nl')).toEqual(ok('2026-12-01'));
    expect(parseDateInput('3 mrt 2026', 'nl')).toEqual(ok('2026-03-03'));
    expect(parseDateInput('3 okt. 2026', 'nl')).toEqual(ok('2026-10-03'));
    expect(parseDateInput('Dec 1, 2026', 'en')).toEqual(ok('2026-12-01'));
    expect(parseDateInput('1-dec-2026', 'en')).toEqual(ok('2026-12-01'));
    expect(parseDateInput('2026-12-01', 'en')).toEqual(ok('2026-12-01'));
    expect(parseDateInput('1-1-99', 'nl')).toEqual(ok('1999-01-01'));
    expect(parseDateInput('', 'nl')).toEqual(ok(null));
    expect(parseDateInput('   ', 'en')).toEqual(ok(null));
  });
  it('refuses days that do not exist and text that is no date, saying which', () => {
    expect(parseDateInput('31-02-2026', 'nl')).toEqual({ ok: false, error: 'no-such-day' });
    expect(parseDateInput('29-02-2025', 'nl')).toEqual({ ok: false, error: 'no-such-day' });
    expect(parseDateInput('0-1-2026', 'nl')).toEqual({ ok: false, error: 'no-such-day' });
    expect(parseDateInput('12/31/2026', 'en')).toEqual({ ok: false, error: 'format' }); // month 31: not day-first
    expect(parseDateInput('1 foo 2026', 'en')).toEqual({ ok: false, error: 'format' });
    expect(parseDateInput('yesterday', 'en')).toEqual({ ok: false, error: 'format' });
    expect(parseDateInput('1-12-202', 'nl')).toEqual({ ok: false, error: 'format' });
  });
});
