/**
 * Formatting of amounts, dates, rates and country names for the invoice language, and safe export
 * file names. Pure `Intl` (no DOM, no Node): the same output in the renderer and the CLI.
 */
import { invoiceLocales, type InvoiceLanguage } from './labels';
import { formatMoney as programFormatMoney } from '../program/money';
import { formatDate as formatCalendarDate } from '../text/dates';

/**
 * `cents` (integer) as money in `currency` (ISO 4217) for the invoice language, e.g. 8500 EUR →
 * "€ 85,00" (nl) or "€85.00" (en): shared/program `formatMoney` (exact, Intl.NumberFormat), with
 * the narrow no-break space some locales emit replaced by a plain no-break space.
 * @throws RangeError for a non-integer amount or an unknown currency.
 */
export function formatMoney(cents: number, currency: string, lang: InvoiceLanguage): string {
  // Memoised: program formatMoney builds two Intl.NumberFormat objects per call (≈15 µs).
  const key = `${lang}|${currency}|${cents}`;
  let s = moneyCache.get(key);
  if (s === undefined) {
    s = programFormatMoney(cents, currency, invoiceLocales[lang]).replace(/\u202f/g, '\u00a0');
    if (moneyCache.size > 10_000) moneyCache.clear();
    moneyCache.set(key, s);
  }
  return s;
}

const moneyCache = new Map<string, string>();

/** A VAT rate in percent for display: 21 → "21%", 5.5 → "5,5%" (nl) / "5.5%" (en). */
export function formatRate(ratePercent: number, lang: InvoiceLanguage): string {
  return `${new Intl.NumberFormat(invoiceLocales[lang], { maximumFractionDigits: 2 }).format(ratePercent)}%`;
}

/**
 * An ISO date `YYYY-MM-DD` for the invoice language, in the program's one date format per
 * language (shared/text/dates.ts): "01-12-2026" / "1 Dec 2026".
 */
export function formatDate(isoDate: string, lang: InvoiceLanguage): string {
  return formatCalendarDate(isoDate, lang);
}

const countryNames = new Map<string, string>();

/** The name of an ISO 3166-1 alpha-2 country in the invoice language ("NL" → "Nederland" / "Netherlands"); the code itself if unknown. */
export function countryName(code: string, lang: InvoiceLanguage): string {
  const key = `${lang}|${code}`;
  let name = countryNames.get(key);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([invoiceLocales[lang]], { type: 'region' }).of(code) ?? code;
    } catch {
      name = code;
    }
    countryNames.set(key, name);
  }
  return name;
}

/** Decimal amount with two decimals and a dot, as CII XML wants it: 8500 → "85.00", -5 → "-0.05". */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name `<invoice number> <organisation>.<ext>` that is safe on Windows, macOS and Linux:
 * characters `<>:"/\|?*`, control characters and trailing dots/spaces removed, whitespace
 * collapsed, Unicode kept (NFC), reserved Windows device names avoided, and the whole name cut to
 * at most 120 UTF-16 units and 200 UTF-8 bytes before the extension (under every file system's
 * 255-byte limit, whatever the script). Example: `2026-000123 Müller & Söhne GmbH.pdf`.
 */
export function invoiceFileName(invoiceNumber: string, organisationName: string, ext = 'pdf'): string {
  const clean = (s: string) =>
    s
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
      .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  let base = `${clean(invoiceNumber)} ${clean(organisationName)}`.trim();
  if (base.length > 120) base = base.slice(0, 120);
  // …and to 200 UTF-8 bytes (CJK text is 3 bytes a character): room for " (nn)" and the extension
  const utf8 = new TextEncoder();
  while (utf8.encode(base).length > 200) base = base.slice(0, -1);
  // Never split a surrogate pair at the cut.
  if (/[\ud800-\udbff]$/.test(base)) base = base.slice(0, -1);
  base = base.replace(/[. ]+$/, '');
  if (!base) base = 'invoice';
  if (WINDOWS_RESERVED.test(base)) base = `_${base}`;
  return `${base}.${ext}`;
}

/**
 * Makes `name` unique among `taken` (case-insensitively, as Windows and macOS compare names) by
 * inserting " (2)", " (3)", … before the extension; adds the result to `taken`.
 */
export function uniqueFileName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
