/**
 * ISO 3166-1 alpha-2 country codes with Dutch and English names, from `i18n-iso-countries`.
 * Only the `nl` and `en` locales are registered; their JSON is imported (not read from disk) so
 * this works in the renderer's browser bundle too.
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import nl from 'i18n-iso-countries/langs/nl.json';
import { fail, ok, type IdentifierResult } from './result';

countries.registerLocale(en);
countries.registerLocale(nl);

/**
 * Which of the library's names to show: its Dutch list puts the formal state name first and the
 * everyday name second ("Bondsrepubliek Duitsland", "Duitsland"); its English list puts the
 * everyday name first ("Germany"; "United Kingdom", "UK"). A dealer expects the everyday name.
 */
const NAME_SELECT = { nl: 'alias', en: 'official' } as const;

/** Languages country names are available in. */
export type CountryNameLanguage = 'nl' | 'en';

/**
 * ISO 3166-1 alpha-2 country code (officially assigned codes only), normalised upper case.
 * Errors: `empty`, `format` (not two letters), `unknown-country` (two letters, not assigned).
 * Never throws.
 */
export function validateCountryCode(input: string): IdentifierResult {
  if (typeof input !== 'string') return fail('', 'empty');
  const s = input.trim().toUpperCase();
  if (s === '') return fail('', 'empty');
  if (!/^[A-Z]{2}$/.test(s)) return fail(s, 'format');
  return countries.isValid(s) ? ok(s) : fail(s, 'unknown-country');
}

/**
 * Name of a country in Dutch or English (`NL` → "Nederland" / "Netherlands"), or undefined for
 * a code that is not assigned. Case of `code` does not matter.
 */
export function countryName(code: string, lang: CountryNameLanguage): string | undefined {
  const c = validateCountryCode(code);
  return c.valid ? countries.getName(c.normalised, lang, { select: NAME_SELECT[lang] }) : undefined;
}

/** One entry of `countryList`. */
export interface CountryEntry {
  code: string;
  name: string;
}

/**
 * Every assigned country with its name in `lang`, sorted by name in that language's collation
 * (for a country picker).
 */
export function countryList(lang: CountryNameLanguage): CountryEntry[] {
  const names = countries.getNames(lang, { select: NAME_SELECT[lang] });
  const collator = new Intl.Collator(lang);
  return Object.entries(names)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
