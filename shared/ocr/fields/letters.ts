/**
 * Letters OCR confuses in names and streets: German ß read as B, f, 8 or "13" ("Klingenstrafe",
 * "LeopoldstraBe"). A dictionary of street-name suffixes decides: a street ending in a misread
 * "-straße" is repaired (and marked `repaired`, with the text as read); a capital inside a
 * lower-case word that no dictionary entry explains stays flagged by its lowered confidence.
 */
import type { EvidenceField } from '../types';

/** German street-name endings written with ß, and how OCR misreads the ß in them. */
const SZ_SUFFIXES = ['straße', 'strasse'];
const SZ_MISREAD = /(stra)(B|f|8|13|b|ss|fs)(e)\b/g;

/**
 * Repairs a street name's misread ß where the suffix dictionary decides ("Klingenstrafe" →
 * "Klingenstraße", "Große" stays). Applied to DE and AT (and when the country is unknown);
 * other countries' streets are returned unchanged.
 */
export function repairStreetName(f: EvidenceField, country: string | undefined): EvidenceField {
  if (country && country !== 'DE' && country !== 'AT') return f;
  if (SZ_SUFFIXES.some((s) => f.value.toLowerCase().endsWith(s)) && !/B|f|8/.test(f.value.slice(-3, -1))) return f;
  const fixed = f.value.replace(SZ_MISREAD, (m, a: string, mid: string, e: string) => (mid === 'ss' ? m : `${a}ß${e}`));
  if (fixed === f.value) return f;
  return { ...f, value: fixed, repaired: true, read: f.value, confidence: Math.min(1, f.confidence / 0.8) > 0.9 ? 0.9 : Math.min(1, f.confidence / 0.8) };
}
