/**
 * ISO 8601 calendar dates (`YYYY-MM-DD`) as plain strings, computed in UTC so that a date never
 * shifts with the machine's time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a `YYYY-MM-DD` string naming a day that exists (no 2026-02-30). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || s.length !== 10) return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Days in month `month` (1–12) of proleptic Gregorian year `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Throws a RangeError naming `what` unless `s` is a real `YYYY-MM-DD` date. For programmer input
 * (clock values, server data), not for what a user typed.
 */
export function assertIsoDate(s: unknown, what: string): asserts s is string {
  if (!isIsoDate(s)) throw new RangeError(`${what} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(s)}`);
}

/**
 * `isoDate` plus `days` calendar days (negative to go back), as `YYYY-MM-DD`.
 * @throws RangeError when `isoDate` is not a real date or `days` is not an integer.
 */
export function addDays(isoDate: string, days: number): string {
  assertIsoDate(isoDate, 'addDays: isoDate');
  if (!Number.isInteger(days)) throw new RangeError(`addDays: days must be an integer, got ${days}`);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d + days); // unlike Date.UTC, keeps years 0–99 as they are
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`addDays: result outside years 0000–9999 (${isoDate} + ${days} days)`);
  return `${String(year).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}
