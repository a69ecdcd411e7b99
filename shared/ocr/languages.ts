/**
 * Which Tesseract languages to load for a document. Every loaded language costs memory (a
 * `best_int` model is 10–25 MB packed, several times that once loaded) and recognition time, so a
 * document gets the languages of the country it most likely comes from, not all four shipped ones.
 * Shipped: nld, eng, deu, fra (`@tesseract.js-data/*`); Polish documents are read with `eng`
 * (Latin letters; ł, ą, ę come out as l, a, e and the extraction folds them the same way).
 */

/** The shipped Tesseract language codes. */
export const shippedOcrLanguages = ['nld', 'eng', 'deu', 'fra'] as const;

const BY_COUNTRY: Readonly<Record<string, string>> = {
  NL: 'nld', BE: 'nld+fra', DE: 'deu', AT: 'deu', FR: 'fra', LU: 'fra+deu', GB: 'eng', PL: 'eng',
};

/**
 * Tesseract languages (joined by '+') for a document from `country` (ISO 3166 alpha-2, e.g. the
 * user's or the organisation's country): its languages plus `eng` for the English words on
 * invoices (IBAN, VAT, Ltd). Unknown or missing country: all shipped languages.
 */
export function ocrLanguagesFor(country: string | undefined): string {
  const own = country ? BY_COUNTRY[country.toUpperCase()] : undefined;
  if (!own) return shippedOcrLanguages.join('+');
  const langs = own.split('+');
  if (!langs.includes('eng')) langs.push('eng');
  return langs.join('+');
}
