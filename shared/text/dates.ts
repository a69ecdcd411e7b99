/**
 * The one way a calendar date is written for people, per language, and the one way a typed date
 * is read back. Every screen, e-mail, invoice and credit note uses these, so a user sees one date
 * format in their language:
 *
 * - Dutch (`nl`): `01-12-2026` — day-month-year with two-digit day and month, the numeric order of
 *   NEN 2772 / everyday Dutch usage;
 * - English (`en`): `1 Dec 2026` — day, abbreviated month, year (no ordinal, no comma): unambiguous
 *   for British and American readers alike.
 *
 * Month abbreviations are fixed tables, not `Intl`: ICU versions differ (en-GB "Sept" in newer
 * ones), and a date must read the same on the server, in Chromium and in Node.
 *
 * Dates are ISO 8601 calendar dates `YYYY-MM-DD` (the stored form); a full ISO timestamp is
 * accepted by {@link formatDate} and written as its UTC calendar day.
 */

/** A language dates are written in. */
export type DateLanguage = 'nl' | 'en';

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Month names a user may type (lower case), per month index 0–11: abbreviations and full names in both languages. */
const monthWords: readonly (readonly string[])[] = [
  ['jan', 'january', 'januari'],
  ['feb', 'february', 'februari'],
  ['mar', 'mrt', 'march', 'maart'],
  ['apr', 'april'],
  ['may', 'mei'],
  ['jun', 'june', 'juni'],
  ['jul', 'july', 'juli'],
  ['aug', 'august', 'augustus'],
  ['sep', 'sept', 'september'],
  ['oct', 'okt', 'october', 'oktober'],
  ['nov', 'november'],
  ['dec', 'december'],
];

const ISO_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `iso` (`YYYY-MM-DD`, or an ISO timestamp: its first ten characters) written for `lang`:
 * nl `01-12-2026`, en `1 Dec 2026`. Returns `iso` unchanged when it does not start with a date
 * (so a stray value is shown, never hidden), and '' for null/undefined/''.
 */
export function formatDate(iso: string | null | undefined, lang: DateLanguage): string {
  if (!iso) return '';
  const m = ISO_PREFIX.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const month = Number(mo);
  if (month < 1 || month > 12) return iso;
  return lang === 'nl' ? `${d}-${mo}-${y}` : `${Number(d)} ${monthsEn[month - 1]} ${y}`;
}

/**
 * A date and time (ISO 8601 timestamp) for `lang` in the machine's local time zone:
 * nl `01-12-2026 14:05`, en `1 Dec 2026 14:05` (24-hour clock in both). '' for null/''.
 * Returns the input unchanged when it is not a valid timestamp.
 */
export function formatDateTime(iso: string | null | undefined, lang: DateLanguage): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${String(t.getFullYear()).padStart(4, '0')}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
  return `${formatDate(day, lang)} ${p(t.getHours())}:${p(t.getMinutes())}`;
}

/** How to type a date in `lang`, for a placeholder or hint: nl `dd-mm-jjjj`, en `d Mmm yyyy`. */
export function dateInputPattern(lang: DateLanguage): string {
  return lang === 'nl' ? 'dd-mm-jjjj' : 'd Mmm yyyy';
}

/** Why a typed date was not understood: `format` (not a date shape), `no-such-day` (e.g. 31-02-2026). */
export type DateInputError = 'format' | 'no-such-day';

/** Result of {@link parseDateInput}: the ISO date, null for an empty field, or an error code. */
export type ParsedDateInput = { ok: true; iso: string | null } | { ok: false; error: DateInputError };

function monthFromWord(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = monthWords.findIndex((names) => names.includes(w));
  return i < 0 ? null : i + 1;
}

function build(y: number, m: number, d: number): ParsedDateInput {
  if (m < 1 || m > 12 || y < 1000 || y > 9999) return { ok: false, error: 'format' };
  if (d < 1 || d > daysIn(y, m)) return { ok: false, error: 'no-such-day' };
  return { ok: true, iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** Two-digit years: 00–69 → 2000s, 70–99 → 1900s (purchase dates and invoice periods are recent). */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/**
 * Reads a date the user typed. Accepted in both languages (so a Dutch user pasting "1 Dec 2026"
 * or an English one typing "01-12-2026" is understood), always day before month:
 * - numeric `d-m-yyyy` with `-`, `/`, `.` or spaces between (`1-12-2026`, `01/12/26`), or the eight
 *   digits `ddmmyyyy` typed without separators;
 * - `d month yyyy` with an English or Dutch month name or abbreviation (`1 Dec 2026`, `1 december 2026`,
 *   `1 mrt 2026`), also `month d yyyy` / `month d, yyyy` (`Dec 1, 2026`);
 * - ISO `yyyy-mm-dd`.
 * Two-digit years are 2000–2069 or 1970–1999. Surrounding spaces are ignored; '' gives `{ok, iso: null}`.
 * `lang` is the UI language; both of today's languages put the day first, so it does not change
 * the reading yet (it is in the signature for a language that puts the month first).
 */
export function parseDateInput(text: string, _lang: DateLanguage): ParsedDateInput {
  const s = text.trim().replace(/\s+/g, ' ');
  if (s === '') return { ok: true, iso: null };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})$/.exec(s);
  if (m) return build(fullYear(m[3]!), Number(m[2]), Number(m[1]));
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (m) return build(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[-/. ]?([a-z]+\.?)[-/. ,]+(\d{4}|\d{2})$/i.exec(s);
  if (m) {
    const month = monthFromWord(m[2]!);
    return month === null ? { ok: false, error: 'format' } : build(fullYear(m[3]!), month, Number(m[1]));
  }
  m = /^([a-z]+\.?) (\d{1,2}),? (\d{4}|\d{2})$/i.exec(s);
  if (m) {
    const month = monthFromWord(m[1]!);
    return month === null ? { ok: false, error: 'format' } : build(fullYear(m[3]!), month, Number(m[2]));
  }
  return { ok: false, error: 'format' };
}
