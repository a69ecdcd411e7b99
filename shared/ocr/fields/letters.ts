/**
 * Letters OCR confuses in names and streets: German ß read as B, f, 8, R, g or "13" ("Klingenstrafe",
 * "LeopoldstraBe", "Favoritenstrage"). A dictionary of street-name suffixes decides: a street ending in a misread
 * "-straße" is repaired (and marked `repaired`, with the text as read); a capital inside a
 * lower-case word that no dictionary entry explains stays flagged by its lowered confidence.
 */
import type { EvidenceField } from '../types';

/** German street-name endings written with ß, and how OCR misreads the ß in them. */
const SZ_SUFFIXES = ['straße', 'strasse'];
// "straRe", "strage": ß also comes out as R or g (its bowl and descender); no German street suffix is spelled so.
const SZ_MISREAD = /(stra)(B|f|8|13|b|ss|fs|R|g)(e)\b/g;

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

/**
 * Polish cities (the larger ones, Główny Urząd Statystyczny list) in their own spelling: OCR
 * without Polish language data reads "Krakow", "Lodz", "Gdansk"; the dictionary puts ó, ł, ą, ę,
 * ś, ź, ż, ć, ń back.
 */
const POLISH_CITIES = [
  'Warszawa', 'Kraków', 'Łódź', 'Wrocław', 'Poznań', 'Gdańsk', 'Szczecin', 'Bydgoszcz', 'Lublin', 'Białystok', 'Katowice', 'Gdynia',
  'Częstochowa', 'Radom', 'Toruń', 'Rzeszów', 'Kielce', 'Gliwice', 'Olsztyn', 'Zabrze', 'Bielsko-Biała', 'Bytom', 'Zielona Góra', 'Rybnik',
  'Ruda Śląska', 'Opole', 'Tychy', 'Gorzów Wielkopolski', 'Elbląg', 'Płock', 'Dąbrowa Górnicza', 'Wałbrzych', 'Włocławek', 'Tarnów',
  'Chorzów', 'Koszalin', 'Kalisz', 'Legnica', 'Grudziądz', 'Jaworzno', 'Słupsk', 'Jastrzębie-Zdrój', 'Nowy Sącz', 'Jelenia Góra', 'Siedlce',
  'Mysłowice', 'Konin', 'Piła', 'Piotrków Trybunalski', 'Inowrocław', 'Lubin', 'Ostrów Wielkopolski', 'Suwałki', 'Stargard', 'Gniezno',
  'Sopot', 'Zakopane',
];
const plain = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[łŁ]/g, 'l').toLowerCase();
const POLISH_CITY_INDEX = new Map(POLISH_CITIES.map((c) => [plain(c), c]));
const POLISH_LETTERS = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/;

/**
 * Polish names, streets and cities read by OCR without Polish language data lose their letters
 * (ł → l or t, ó → o). A city the dictionary knows is put right (`repaired`, with the text as
 * read, keeping the case it was printed in); a name or street without any Polish letter is kept
 * as read but flagged (confidence ≤ 0.55), since nothing can tell whether a letter was lost.
 * Read with the Polish model (`polishModel`), the letters are in the model's alphabet: a name or
 * street without them is taken as printed (most Polish firm names have none), and only the city
 * dictionary applies (a city it knows and the model read without its letters is still put right;
 * an unknown city is kept unflagged).
 *
 * @param f the field as extracted from OCR pages of a PL document.
 * @param field which field it is.
 * @param polishModel whether the pages were read with `pol` loaded.
 * @returns `f`, `f` put right (`repaired`), or `f` with its confidence capped at 0.55.
 */
export function polishLetters(f: EvidenceField, field: 'name' | 'street' | 'city', polishModel = false): EvidenceField {
  if (POLISH_LETTERS.test(f.value)) return f;
  if (polishModel && field !== 'city') return f;
  if (field === 'city') {
    // Ł also comes out as "t" or "I" ("todz" for Łódź, "Ilawa"): tried when the city as read is not in the dictionary.
    const read = plain(f.value);
    const known = [read, read.replace(/(^|[\s-])[ti]/g, '$1l'), read.replace(/[ti]/g, 'l')].map((k) => POLISH_CITY_INDEX.get(k)).find((c) => c);
    if (!known) return polishModel ? f : { ...f, confidence: Math.min(f.confidence, 0.55) };
    const value = f.value === f.value.toUpperCase() ? known.toUpperCase() : known;
    return value === f.value ? f : { ...f, value, repaired: true, read: f.value };
  }
  return { ...f, confidence: Math.min(f.confidence, 0.55) };
}
