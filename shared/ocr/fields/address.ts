/**
 * Addresses per country: postcode-and-city patterns (NL `1234 AB`, BE/AT/LU `1234` with optional
 * `B-`/`A-`/`L-`, DE/FR `12345`, PL `12-345`, GB outward + inward code on the line after the
 * city), street lines with the house number after the street (NL, BE, DE, AT, PL) or before it
 * (FR, LU, GB), and address blocks (street part directly above the postcode part, or one part
 * "street 1, postcode city"). Postcode formats: Universal Postal Union addressing S42 per country.
 */
import { validateDutchPostcode } from '../../identifiers';
import { fold } from '../text';
import type { EvidenceField, OcrWord } from '../types';
import { above, below, makeField, rightOf, textOf, withoutEntryIndex, type Part } from './parts';

export interface PostcodeCity {
  postcode: EvidenceField;
  city: EvidenceField;
  /** Countries the postcode format fits (`['BE', 'AT', 'LU']` for 4 digits without prefix). */
  countries: string[];
}

export interface Street {
  street: EvidenceField;
  houseNumber: EvidenceField;
}

export interface AddressBlock extends Street, PostcodeCity {
  page: number;
  streetPart: Part;
  lastPart: Part;
  /** True when read after an address label ("Bezoekadres", "Adresse du siège", …). */
  labelled: boolean;
}

export const COUNTRY_WORDS: Record<string, string> = {
  nederland: 'NL', 'the netherlands': 'NL', netherlands: 'NL', 'pays-bas': 'NL', niederlande: 'NL',
  belgie: 'BE', belgique: 'BE', belgium: 'BE', belgien: 'BE', deutschland: 'DE', germany: 'DE', duitsland: 'DE', allemagne: 'DE',
  osterreich: 'AT', austria: 'AT', oostenrijk: 'AT', autriche: 'AT', france: 'FR', frankrijk: 'FR', frankreich: 'FR',
  luxembourg: 'LU', luxemburg: 'LU', 'united kingdom': 'GB', uk: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', polska: 'PL', poland: 'PL', polen: 'PL', pologne: 'PL',
};

const PREFIX_COUNTRY: Record<string, string> = { NL: 'NL', B: 'BE', BE: 'BE', D: 'DE', DE: 'DE', A: 'AT', AT: 'AT', F: 'FR', FR: 'FR', L: 'LU', LU: 'LU', PL: 'PL' };
const GB_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)$/;
const GB_INWARD = /^\d[A-Z]{2}$/;

/**
 * A UK postcode `postcode` read from `words[from..to)`, and the city printed before it (UK
 * addresses put the post town first: "London EC1M 5RN"); a `repaired` postcode (OCR's reading put
 * right) is marked so with what was read, and kept below the 0.90 band.
 */
function ukPostcodeCity(words: OcrWord[], from: number, to: number, postcode: string, page: number, factor: number, repaired = false): PostcodeCity {
  const pw = words.slice(from, to);
  const cityWords = words.slice(0, from).filter((w) => !/^\d/.test(w.text));
  const city = textOf(cityWords).replace(/[,;]$/, '');
  return {
    postcode: repaired ? makeField(pw, postcode, page, factor * 0.85, { repaired: true, read: textOf(pw) }) : makeField(pw, postcode, page, factor),
    city: city ? makeField(cityWords, city, page, factor) : makeField(pw, '', page, 0),
    countries: ['GB'],
  };
}

/** Parses "1015 CJ Amsterdam", "L-1611 Luxembourg", "00-514 Warszawa", "EC1M 5RN" from words. */
export function parsePostcodeCity(words: OcrWord[], page: number, factor: number): PostcodeCity | null {
  // A sentence's full stop may follow the address ("… Edinburgh EH2 2PF. VAT Reg. No. …"): not part of a postcode or city.
  const texts = words.map((w) => w.text.replace(/[,;]$/, '').replace(/^([^.]*[\p{L}\d]{2})\.$/u, '$1'));
  for (let i = 0; i < texts.length; i++) {
    const pm = /^(NL|B|BE|D|DE|A|AT|F|FR|L|LU|PL)-(.+)$/i.exec(texts[i]!);
    const prefix = pm ? PREFIX_COUNTRY[pm[1]!.toUpperCase()] : undefined;
    const t = pm ? pm[2]! : texts[i]!;
    let n = 0;
    let postcode = '';
    let countries: string[] = [];
    if (/^\d{4}$/.test(t) && /^[A-Z]{2}$/.test(texts[i + 1] ?? '') && texts[i + 2] && validateDutchPostcode(`${t}${texts[i + 1]}`).valid) {
      n = 2; postcode = `${t} ${texts[i + 1]}`; countries = ['NL'];
    } else if (/^\d{4}[A-Z]{2}$/.test(t) && texts[i + 1] && validateDutchPostcode(t).valid) {
      n = 1; postcode = `${t.slice(0, 4)} ${t.slice(4)}`; countries = ['NL'];
    } else if (/^\d{2}-\d{3}$/.test(t) && texts[i + 1]) {
      n = 1; postcode = t; countries = ['PL'];
    } else if (/^\d{5}$/.test(t) && /^\p{Lu}/u.test(texts[i + 1] ?? '')) {
      n = 1; postcode = t; countries = prefix ? [prefix] : ['DE', 'FR'];
    } else if (/^[1-9]\d{3}$/.test(t) && /^\p{Lu}/u.test(texts[i + 1] ?? '')) {
      n = 1; postcode = t; countries = prefix ? [prefix] : ['BE', 'AT', 'LU'];
    } else if (GB_POSTCODE.test(t) && GB_INWARD.test(texts[i + 1] ?? '') && /[A-Z]/.test(t)) {
      return ukPostcodeCity(words, i, i + 2, `${t} ${texts[i + 1]}`, page, factor);
    }
    // A UK postcode as OCR reads it: the outward code split at a blank ("HX 1") or the inward code's
    // digit read as a letter ("ITA" for 1TA, "OAB" for 0AB). The inward code is a digit and two
    // letters (BS 7666), so only that place is read again; taken marked repaired, below 0.90.
    const split = /^[A-Z]{1,2}$/.test(t) && /^\d[A-Z\d]?$/.test(texts[i + 1] ?? '') && GB_POSTCODE.test(`${t}${texts[i + 1]}`);
    const outward = split ? `${t}${texts[i + 1]}` : t;
    const inwardAt = i + (split ? 2 : 1);
    const inward = (texts[inwardAt] ?? '').replace(/^[Il|]/, '1').replace(/^[Oo]/, '0');
    if (GB_POSTCODE.test(outward) && /[A-Z]/.test(outward) && /\d/.test(outward) && GB_INWARD.test(inward) && (split || inward !== texts[inwardAt])) {
      return ukPostcodeCity(words, i, inwardAt + 1, `${outward} ${inward}`, page, factor, true);
    }
    if (!n) continue;
    const cityWords: OcrWord[] = [];
    for (let j = i + n; j < words.length; j++) {
      const w = texts[j]!;
      if (COUNTRY_WORDS[fold(w)] && cityWords.length) { countries = [COUNTRY_WORDS[fold(w)]!]; break; }
      if (/^\d/.test(w) && cityWords.length) break;
      // A separator of a one-line footer ("1050 Ixelles — 02 644 90 12") ends the city.
      if (SEPARATOR.test(w) && cityWords.length) break;
      cityWords.push(words[j]!);
      if (/[,;]$/.test(words[j]!.text)) break;
    }
    if (!cityWords.length) continue;
    return { postcode: makeField(words.slice(i, i + n), postcode, page, factor), city: makeField(cityWords, textOf(cityWords).replace(/[,;]$/, '').replace(/^([^.]*[\p{L}]{2})\.$/u, '$1'), page, factor), countries };
  }
  return null;
}

/** Lower-case prepositions that introduce an address in a sentence (en, nl, fr, de, pl). */
const ADDRESS_PREPOSITION = /^(?:of|at|te|à|a|in|aus|w|z)$/;
// "63/14", "14/3": Austrian (Stiege/Tür) and Polish (nr domu / nr lokalu) numbers carry a door after a slash.
// "18-B", "7-II", "18-hs": a Dutch huisnummertoevoeging (BAG: a letter or up to four characters) after a dash.
const HOUSE_NUMBER = /^\d{1,5}[A-Za-z]?(?:[-/](?:\d{1,4}[A-Za-z]?|[A-Za-z]{1,2}|[IVX]{1,3}))?$/;
const NUMBER_SUFFIX = /^(?:[A-Za-z]|bis|ter|hs|huis|-\d+)$/;
const NOT_A_STREET = /^(postbus|postfach|bp|po|boite|tel|telefon|fax|iban|kvk|btw|vat|tva|nip|regon|krs|capital|stammkapital|seite|pagina|page)\b/;

/** A word that separates the groups of a one-line address or footer: a dash (hyphen, en or em dash), a middle dot, a bar or a bullet. */
export const SEPARATOR = /^[-–—·|•]$/;

const POST_BOX = /^(?:postbus|postfach|postbox|skrytka)$/;

/** Parses "Keizersgracht 123 A", "Biltstraat 118 bis", "12 rue de la Paix", "19, rue du Fort Wallis" into street and number. */
export function parseStreet(words: OcrWord[], page: number, factor: number): Street | null {
  // A register's entry index before a street with its number after it ("1  Herrenstraße 49" in a
  // Firmenbuch or Handelsregister printout, set apart by a wide blank): not part of the street.
  const unindexed = withoutEntryIndex(words);
  if (unindexed.length < words.length && unindexed.length >= 2 && HOUSE_NUMBER.test(unindexed[unindexed.length - 1]!.text.replace(/[,;]$/, ''))) return parseStreet(unindexed, page, factor);
  // Prose before an address ("… of 41 Call Lane, Leeds", "gevestigd te …", "établie à …"): the
  // lower-case preposition is not part of the street.
  const ws = afterProse(words.filter((w) => w.text !== ',')).filter((w, i, all) => !(i === 0 && all.length > 2 && ADDRESS_PREPOSITION.test(w.text)));
  const t = ws.map((w) => w.text.replace(/[,;]$/, ''));
  if (!t.length || NOT_A_STREET.test(fold(t[0]!))) return null;
  // A post-office box is not a street, wherever the line starts ("Retouradres Postbus 9047").
  if (t.some((x) => POST_BOX.test(fold(x)))) return null;
  // Number first (FR, LU, GB): "12 rue de la Paix", "19, rue du Fort Wallis", "221 Deansgate".
  if (HOUSE_NUMBER.test(t[0]!) && t.length >= 2 && /^\p{L}/u.test(t[1]!) && !t.slice(1).some((x) => HOUSE_NUMBER.test(x))) {
    const streetWords = ws.slice(1);
    if (!/\p{L}{3}/u.test(textOf(streetWords))) return null;
    return { street: makeField(streetWords, textOf(streetWords).replace(/[,;]$/, ''), page, factor), houseNumber: makeField([ws[0]!], t[0]!, page, factor) };
  }
  const n = t.findIndex((x, i) => i > 0 && HOUSE_NUMBER.test(x));
  if (n < 1 || !/\p{L}{2}/u.test(t.slice(0, n).join(' '))) return null;
  let end = n + 1;
  if (t[end] && NUMBER_SUFFIX.test(t[end]!) && end === t.length - 1) end++;
  if (end < t.length) return null;
  const streetWords = ws.slice(0, n);
  const numberWords = ws.slice(n, end);
  return { street: makeField(streetWords, textOf(streetWords), page, factor), houseNumber: makeField(numberWords, t.slice(n, end).join(' '), page, factor) };
}

/**
 * The words after lower-case prose that ends with a preposition ("met maatschappelijke zetel te
 * Demerstraat 54", "établie à 52, Avenue Charlotte, L-4530 Differdange"): an address in a
 * sentence starts after it. Words unchanged when they do not start so.
 */
function afterProse(words: OcrWord[]): OcrWord[] {
  const prep = words.findIndex((w, i) => i > 0 && ADDRESS_PREPOSITION.test(w.text) && /^[\p{Lu}\d]/u.test(words[i + 1]?.text ?? '') && words.slice(0, i).every((x) => /^\p{Ll}/u.test(x.text)));
  return prep > 0 && words.length - prep > 2 ? words.slice(prep + 1) : words;
}

/** Splits words at commas ("Zeestraat 72, 2518 AD Den Haag") into groups. */
function commaGroups(words: OcrWord[]): OcrWord[][] {
  const groups: OcrWord[][] = [[]];
  for (const w of words) {
    if (/^[,\-–—·|•]$/.test(w.text)) { groups.push([]); continue; }
    groups[groups.length - 1]!.push(w);
    if (/,$/.test(w.text)) groups.push([]);
  }
  return groups.filter((g) => g.length);
}

/** An address on one run of words: "street 1, postcode city" (also GB "street, city, postcode"). */
export function parseOneLine(words: OcrWord[], page: number, factor: number): (Street & PostcodeCity) | null {
  const groups = commaGroups(afterProse(words));
  // "48 boulevard Longchamp 13001 Marseille": street and postcode in one group.
  for (const g of groups) {
    for (let k = 2; k < g.length - 1; k++) {
      const street = parseStreet(g.slice(0, k), page, factor);
      const pc = street ? parsePostcodeCity(g.slice(k), page, factor) : null;
      if (street && pc && pc.postcode.bbox[0] <= g[k]!.bbox[0] + 0.5 && pc.city.value) return { ...street, ...pc };
    }
  }
  for (let i = 0; i < groups.length; i++) {
    // "52, Avenue Charlotte, L-4530 Differdange": a number alone before the street's own group (FR, LU).
    const lone = groups[i]!.length === 1 && HOUSE_NUMBER.test(groups[i]![0]!.text.replace(/,$/, '')) && i + 1 < groups.length;
    const street = parseStreet(groups[i]!, page, factor) ?? (lone ? parseStreet([...groups[i]!, ...groups[i + 1]!], page, factor) : null);
    if (!street) continue;
    const rest = groups.slice(i + (lone && !parseStreet(groups[i]!, page, factor) ? 2 : 1));
    for (let j = 0; j < rest.length; j++) {
      const pc = parsePostcodeCity(rest[j]!, page, factor);
      if (pc) {
        if (pc.countries[0] === 'GB' && !pc.city.value && j > 0) {
          // "221 Deansgate, Manchester, England, M3 4EN": the nation before the postcode is not the city.
          const k = j > 1 && COUNTRY_WORDS[fold(textOf(rest[j - 1]!).replace(/[,;]$/, ''))] ? j - 2 : j - 1;
          const cw = rest[k]!;
          return { ...street, ...pc, city: makeField(cw, textOf(cw).replace(/[,;]$/, ''), page, factor) };
        }
        return { ...street, ...pc };
      }
    }
  }
  return null;
}

/**
 * Every address block on the pages: a street part with its postcode part below (GB: city then
 * postcode), or a one-part address. Each block is returned once, at its street part.
 */
export function findAddressBlocks(parts: Part[]): AddressBlock[] {
  const out: AddressBlock[] = [];
  const used = new Set<Part>();
  for (const p of parts) {
    if (used.has(p)) continue;
    const one = parseOneLine(p.words, p.page, 0.95);
    if (one) { out.push({ ...one, page: p.page, streetPart: p, lastPart: p, labelled: false }); used.add(p); continue; }
    const street = parseStreet(p.words, p.page, 0.95);
    if (!street) continue;
    const next = below(parts, p, p.bbox[0], 1.8);
    if (!next) continue;
    let pc = parsePostcodeCity(next.words, p.page, 0.95);
    let last = next;
    if (!pc) {
      const third = below(parts, next, next.bbox[0], 1.8);
      const gb = third ? parsePostcodeCity(third.words, p.page, 0.95) : null;
      if (gb && gb.countries[0] === 'GB' && !gb.city.value) { pc = { ...gb, city: makeField(next.words, next.text.replace(/[,;]$/, ''), p.page, 0.95) }; last = third!; }
    }
    if (!pc) continue;
    used.add(p); used.add(last);
    out.push({ ...street, ...pc, page: p.page, streetPart: p, lastPart: last, labelled: false });
  }
  return out;
}

/**
 * Sub-labels of an address printed in labelled parts, per language: registers print the seat as
 * "ul. X, nr 84, lok. ---, miejsc. Y, kod 00-514, poczta Y" (Polish KRS), "Numéro / Rue / Code
 * postal / Localité" (RCS Luxembourg), "Straße / Hausnummer / PLZ / Ort", "Straat / Huisnummer /
 * Postcode / Plaats", "Street / Building number / Postcode / Town". Folded (see `fold`).
 */
const ADDRESS_PART_LABELS: [keyof LabelledParts, RegExp][] = [
  ['houseNumber', /^(?:nr domu|nr|numer|numero|n°|hausnummer|hausnr\.?|huisnummer|house number|building number)(?![a-z])\s*:?\s*/],
  ['postcode', /^(?:kod pocztowy|kod|code postal|postleitzahl|plz|postcode|post code|postal code)(?![a-z])\s*:?\s*/],
  ['city', /^(?:miejscowosc|miejsc\.|localite|ville|commune|ort|plaats|woonplaats|town|city)(?![a-z])\s*:?\s*/],
  ['street', /^(?:ulica|rue|voie|strasse|straße|straat|street)(?![a-z])\s*:?\s*/],
  ['skip', /^(?:lok\.|lokal|poczta|kraj|pays|land|country|woj\.|powiat|gmina|boite|bus)\b/],
];

/** A form's box number before its label ("5. Ulica", "7) Kod pocztowy"). */
const BOX_NUMBER = /^\d{1,2}[.)]\s*/;

/** True when `p` is an address sub-label and nothing else ("Rue :", "5. Ulica"). */
function bareSubLabel(p: Part): boolean {
  const text = p.folded.replace(BOX_NUMBER, '');
  return ADDRESS_PART_LABELS.some(([, re]) => re.test(text) && !text.replace(re, '').trim());
}

/** The value of a bare sub-label cell: the cell right of it, unless that is another sub-label (boxes with labels above values): then the cell below. */
function valueCell(parts: Part[], p: Part): Part | undefined {
  const r = rightOf(parts, p);
  if (r && !bareSubLabel(r)) return r;
  const b = below(parts, p, p.bbox[0], 1.8);
  return b && !bareSubLabel(b) ? b : undefined;
}

interface LabelledParts { street?: OcrWord[]; houseNumber?: OcrWord[]; postcode?: OcrWord[]; city?: OcrWord[]; skip?: OcrWord[] }

/** Splits words at commas into segments and files each under the sub-label it starts with ("ul." starts a street and stays in it). */
function fileSegments(words: OcrWord[], into: LabelledParts): number {
  let found = 0;
  for (const whole of commaGroups(words)) {
    const seg = whole.filter((w, i) => i > 0 || !/^\d{1,2}[.)]$/.test(w.text));
    const text = fold(textOf(seg)).replace(/[,;]$/, '');
    if (/^ul\.\s/.test(text) && !into.street) { into.street = seg; found++; continue; }
    for (const [key, re] of ADDRESS_PART_LABELS) {
      const m = re.exec(text);
      if (!m) continue;
      if (key !== 'skip' && !into[key]) {
        const cut = m[0].split(/\s+/).filter(Boolean).length;
        const value = seg.slice(cut).filter((w) => w.text !== ':');
        // A house number or postcode starts with a digit (GB postcodes with letters, a country prefix "L-2449"): "Numéro d'immatriculation" is no house number.
        const fits = key === 'houseNumber' || key === 'postcode' ? /^(?:\d|[A-Z]{1,2}\d|[A-Z]{1,2}-\d)/.test(value[0]?.text ?? '') : true;
        if (value.length && fits) { into[key] = value; found++; }
      }
      break;
    }
  }
  return found;
}

/**
 * An address printed in labelled parts (see `ADDRESS_PART_LABELS`): the parts may share a line
 * (comma separated), continue on the next line, or stand one per row of a label/value table.
 * Needs a postcode that fits a country's format and a street or a city.
 */
export function labelledPartsAddress(parts: Part[]): (Street & PostcodeCity) | undefined {
  for (let i = 0; i < parts.length; i++) {
    const got: LabelledParts = {};
    // This part and the parts that follow it closely (same page, within 4 lines): a table's rows or a wrapped line.
    const start = parts[i]!;
    let n = 0;
    for (let j = i; j < parts.length && j < i + 12; j++) {
      const p = parts[j]!;
      if (p.page !== start.page || p.line > start.line + 4) break;
      if (j === i + 1 && !n) break; // the run starts at the first sub-label
      // A bare sub-label cell ("Rue :") takes its value from the cell right of it; on a form whose
      // boxes print the label above the value ("5. Ulica | 6. Nr domu" over "al. Niepodległości | 17",
      // the Polish VAT-5, tax offices' forms) the cell right is the next box's label: the value is below.
      const r = bareSubLabel(p) ? valueCell(parts, p) : undefined;
      n += fileSegments(r ? [...p.words, ...r.words] : p.words, got);
    }
    if (n < 3 || !got.postcode || !(got.street || got.city)) continue;
    const pcText = textOf(got.postcode).replace(/[,;]$/, '');
    const pc = parsePostcodeCity([...got.postcode, ...(got.city ?? [{ text: 'X', confidence: 0, bbox: got.postcode[0]!.bbox }])], start.page, 1);
    if (!pc || pc.postcode.value.replace(/\s/g, '') !== pcText.replace(/\s/g, '').replace(/^[A-Z]{1,2}-(?=\d)/, '')) continue;
    const strip = (ws: OcrWord[]): string => textOf(ws).replace(/[,;]$/, '');
    return {
      street: got.street ? makeField(got.street, strip(got.street), start.page, 1) : makeField(got.postcode, '', start.page, 0),
      houseNumber: got.houseNumber ? makeField(got.houseNumber, strip(got.houseNumber), start.page, 1) : makeField(got.postcode, '', start.page, 0),
      postcode: pc.postcode,
      city: got.city ? makeField(got.city, strip(got.city), start.page, 1) : pc.city,
      countries: pc.countries,
    };
  }
  return undefined;
}

/**
 * Attention lines of an address ("t.a.v. de administratie", "z. Hd. Geschäftsführung", "Attn:",
 * "FAO", "à l'attention de", "do rąk własnych"), folded: a person or department inside the
 * organisation, printed between its name and its street.
 */
/** An attention line under an addressee's name ("T.a.v. …", "z. Hd. …", "Attn …", "à l'attention de …"), folded. */
export const ATTENTION = /^(?:t\.?\s?a\.?\s?v\.?|ter attentie van|z\.?\s?hd?\.|z\.?\s?hd|zu handen|zhd\.?|attn\.?|attention|for the attention of|fao|a l['’]attention(?: d[eu]s?)?|a l['’]att\.?|do rak)(?=[\s:.,]|$)/;

/** The part above an address block that names its organisation, if any (not a label, not a title); an attention line is passed over. */
export function nameAbove(parts: Part[], block: AddressBlock): Part | undefined {
  let a = above(parts, block.streetPart, 2);
  if (a && ATTENTION.test(a.folded)) a = above(parts, a, 2);
  if (!a || /:$/.test(a.text.trim()) || /\d{4,}/.test(a.text)) return undefined;
  return a;
}
