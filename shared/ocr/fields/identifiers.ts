/**
 * Identifier candidates: VAT numbers of the eight markets (with their prefix, or bare after a VAT
 * label), company register numbers per country (KvK, KBO/BCE, Handelsregister, Firmenbuch,
 * SIREN/RCS, RCS Luxembourg, Companies House, KRS) and the RSIN. Each candidate carries its
 * context: whether a label of its own kind precedes it, and whether the text around it marks it as
 * someone else's (the customer's "Uw btw-nummer", "N° TVA client", "Ihre USt-IdNr."). Numbers
 * that are never the organisation's (establishment units, Steuernummer, SIRET, REGON, UTR) match
 * none of the patterns or are dropped by their labels.
 */
import {
  parseHandelsregisterNumber, validateAustrianFirmenbuchNumber, validateBelgianEnterpriseNumber, validateFrenchSiren, validateFrenchSiret, validateKvkNumber,
  validateLuxembourgRcsNumber, validatePolishKrs, validateRsin, validateUkCompanyNumber, validateVatNumber,
} from '../../identifiers';
import type { EvidenceKind } from '../../schemas/evidenceDocuments';
import { repairIdentifier } from '../repair';
import { fold } from '../text';
import type { OcrWord } from '../types';
import { above, below, isBareLabel, rightOf, type Part } from './parts';

export interface IdCandidate {
  kind: 'vat' | 'register' | 'rsin';
  /** Normalised when valid, else as read (compacted). */
  value: string;
  valid: boolean;
  repaired: boolean;
  read: string;
  country: string;
  labelled: boolean;
  /** The text around marks it as another party's (customer, buyer, addressee's own reference). */
  foreign: boolean;
  part: Part;
  words: OcrWord[];
}

/** Words before a number that mark it as the customer's / buyer's. */
// The recipient of a reverse-charge supply too: German and Austrian invoices print "UID des Leistungsempfängers"
// (UStG § 14a, öUStG § 11), Polish ones the "odbiorca".
const CUSTOMER_CONTEXT = /\b(klant|client|customer|kunde|nabywca|nabywcy|buyer|acheteur|destinataire|afnemer|bill to|invoice to|leistungsempfanger\w*|rechnungsempfanger\w*|odbiorca|odbiorcy|recipient)\b/;
/** Possessives ("Uw btw-nummer", "Ihre USt-IdNr."): the reader's number — on an invoice the customer's, on a letter the addressee's own. */
const POSSESSIVE = /\b(uw|ihre?|votre|your)\b/;
const foreignContext = (ctx: string, kind: EvidenceKind): boolean => CUSTOMER_CONTEXT.test(ctx) || (kind === 'company-invoice' && POSSESSIVE.test(ctx));

/** Labels that precede a VAT number, folded. */
const VAT_LABEL = /(btw|b\.t\.w\.|tva|ust|umsatzsteuer|uid|vat|mwst|nip|numer identyfikacji podatkowej|tax id)/;

const D = '[0-9OoIl|SsB]';
const VAT_PATTERNS: [string, RegExp][] = [
  ['NL', new RegExp(`^NL${D}{9}[B8]${D}{2}$`)], ['BE', new RegExp(`^BE[01]?${D}{9}$`)], ['DE', new RegExp(`^DE${D}{9}$`)],
  ['AT', new RegExp(`^ATU${D}{8}$`)], ['FR', new RegExp(`^FR[0-9A-Z]{2}${D}{9}$`)], ['LU', new RegExp(`^LU${D}{8}$`)],
  ['GB', new RegExp(`^GB${D}{9}(?:${D}{3})?$`)], ['PL', new RegExp(`^PL${D}{10}$`)],
];

const compact = (s: string): string => s.replace(/[\s.\-:·,;()/]/g, '');

/** Runs of up to 6 words starting at each word whose compacted text matches `test`; longest match per start. */
function runs(words: OcrWord[], test: (s: string) => boolean): { from: number; to: number; text: string }[] {
  const out: { from: number; to: number; text: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    let best: { from: number; to: number; text: string } | null = null;
    let text = '';
    for (let j = i; j < Math.min(words.length, i + 6); j++) {
      text += compact(words[j]!.text);
      if (test(text)) best = { from: i, to: j, text };
    }
    if (best) { out.push(best); i = best.to; }
  }
  return out;
}

function contextBefore(part: Part, from: number, parts: Part[]): string {
  const left = parts.filter((q) => q.page === part.page && q.line === part.line && q.k < part.k).map((q) => q.folded).join(' ');
  return `${left} ${fold(part.words.slice(0, from).map((w) => w.text).join(' '))}`;
}

/** VAT number candidates: prefixed anywhere, bare after a VAT label (prefix from the country the number's form fits). */
export function vatCandidates(parts: Part[], kind: EvidenceKind, countryHint?: string): IdCandidate[] {
  const out: IdCandidate[] = [];
  for (const part of parts) {
    const prefixUpper = (s: string): string => s.slice(0, 3).toUpperCase() + s.slice(3);
    for (const r of runs(part.words, (s) => VAT_PATTERNS.some(([, re]) => re.test(prefixUpper(s))))) {
      const upper = prefixUpper(r.text);
      const cc = upper.startsWith('ATU') ? 'AT' : upper.slice(0, 2);
      const ctx = contextBefore(part, r.from, parts);
      out.push(candidate('vat', r.text.slice(0, 2).toUpperCase() + r.text.slice(2), cc, (s) => validateVatNumber(s), 2, part, part.words.slice(r.from, r.to + 1), VAT_LABEL.test(lastWords(ctx)), foreignContext(lastWords(ctx, 6), kind)));
    }
    // Bare numbers after a VAT label: "TVA 0403.170.701", "VAT registration number 553 5747 22", "NIP: 219-423-06-16".
    const ctxAll = contextBefore(part, part.words.length, parts);
    // A form's box prints its label above the value ("1. Numer Identyfikacji Podatkowej (NIP)" over
    // "133-988-37-20", VAT-5 and other tax-office forms): a label cell alone above the number labels it.
    const boxLabel = !VAT_LABEL.test(lastWords(ctxAll, 8)) && !VAT_LABEL.test(part.folded) && labelAbove(parts, part);
    if (!boxLabel && !VAT_LABEL.test(lastWords(ctxAll, 8)) && !VAT_LABEL.test(part.folded)) continue;
    for (const r of runs(part.words, (s) => /^\d{8,12}$/.test(s))) {
      const ctx = contextBefore(part, r.from, parts);
      if (!boxLabel && !VAT_LABEL.test(lastWords(ctx, 6))) continue;
      // A date after the label ("podatnik VAT czynny od dnia 02.01.2019 r.") is never a VAT number.
      if (DATE_WORDS.test(part.words.slice(r.from, r.to + 1).map((w) => w.text).join(' '))) continue;
      const words = part.words.slice(r.from, r.to + 1);
      const tries = bareVatCountries(r.text, countryHint);
      for (const cc of tries) {
        const c = candidate('vat', `${cc}${r.text}`, cc, (s) => validateVatNumber(s), 2, part, words, true, foreignContext(lastWords(ctx, 6), kind));
        if (c.valid || cc === tries[tries.length - 1]) { out.push(c); break; }
      }
    }
  }
  return dedupe(out);
}

/** A date as printed (dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd), possibly with a trailing full stop. */
const DATE_WORDS = /^(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{2}-\d{2})\.?$/;

/**
 * True when the part right above `part` (same column, within 1.8 line heights) is a VAT label
 * cell: a label with no digits but its box number ("1. Numer Identyfikacji Podatkowej (NIP)
 * podmiotu", "USt-IdNr."), at most eight words.
 */
function labelAbove(parts: Part[], part: Part): boolean {
  const a = above(parts, part, 1.8);
  if (!a) return false;
  const text = a.folded.replace(/^\d{1,2}[.)]\s*/, '');
  return VAT_LABEL.test(text) && !/\d/.test(text) && text.split(/\s+/).length <= 8;
}

/** Countries whose VAT number a bare digit run may be (hint first). */
function bareVatCountries(digits: string, hint?: string): string[] {
  const fits: string[] = [];
  if (digits.length === 10 && /^[01]/.test(digits)) fits.push('BE');
  if (digits.length === 9 || digits.length === 12) fits.push('GB');
  if (digits.length === 10) fits.push('PL');
  if (digits.length === 8) fits.push('LU');
  if (digits.length === 9 && /^[01]/.test(digits)) fits.push('BE');
  return hint && fits.includes(hint) ? [hint, ...fits.filter((c) => c !== hint)] : fits;
}

const lastWords = (s: string, n = 4): string => s.trim().split(/\s+/).slice(-n).join(' ');

function candidate(kind: IdCandidate['kind'], text: string, country: string, validate: (s: string) => { valid: boolean; normalised: string }, keep: number, part: Part, words: OcrWord[], labelled: boolean, foreign: boolean): IdCandidate {
  const r = repairIdentifier(text, validate, { keepPrefix: keep });
  return { kind, value: r.value, valid: r.valid, repaired: r.repaired, read: r.read, country, labelled, foreign, part, words };
}

function dedupe(c: IdCandidate[]): IdCandidate[] {
  const seen = new Set<string>();
  return c.filter((x) => {
    const k = `${x.kind}|${x.value}|${x.part.page}|${x.part.line}|${x.part.k}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface RegisterRule {
  country: string;
  /** Over the part's text joined with the part right of it; group 1 (and 2) the number. */
  re: RegExp;
  validate: (s: string) => { valid: boolean; normalised: string };
}

const REGISTER_RULES: RegisterRule[] = [
  // "ingeschreven bij de Kamer van Koophandel onder nummer 81129301": prose between the register and its number (UNDER_NUMBER).
  { country: 'NL', re: /\b(?:kvk(?:[- ]?(?:nummer|nr\.?|number))?|kamer van koophandel|chamber of commerce(?: number)?|coc(?: number)?)(?:\s+(?:onder|under)\s+(?:nummer|nr\.?|number|no\.?))?\s*:?\s*([0-9OoIl]{8}|\d{4} \d{4})(?![\d])/iu, validate: validateKvkNumber },
  // also in prose: "ingeschreven in de Kruispuntbank van Ondernemingen onder nummer …", "inscrite à la Banque-Carrefour des Entreprises sous le numéro …"
  { country: 'BE', re: /\b(?:ondernemingsnummer|num[ée]ro d['’]entreprise|n°\s*d['’]entreprise|kbo(?:-nummer)?|bce|enterprise number|kruispuntbank van ondernemingen|banque-carrefour des entreprises)(?:\s+(?:onder|sous)\s+(?:le\s+)?(?:nummer|nr\.?|num[ée]ro|n°))?\s*:?\s*((?:BE\s?)?[01]?[0-9OoIl]{3}[.\s]?[0-9OoIl]{3}[.\s]?[0-9OoIl]{3})(?![\d.])/iu, validate: validateBelgianEnterpriseNumber },
  { country: 'AT', re: /\bFN\s?(\d{1,6}\s?[a-z])\b/u, validate: validateAustrianFirmenbuchNumber },
  { country: 'FR', re: /\b(?:siren|r\.?c\.?s\.?|immatriculation au rcs,? num[ée]ro)\s*(?:[A-ZÉ][\p{L}-]+\s+)?:?\s*(\d{3}\s?\d{3}\s?\d{3})(?![\s]?\d)/iu, validate: validateFrenchSiren },
  // "732 829 320 RCS Paris", and the craft register's "732 829 320 RM 750" (répertoire des métiers): the SIREN.
  { country: 'FR', re: /(?<![\d\s]\s?)(\d{3}\s?\d{3}\s?\d{3})\s+(?:R\.?\s?C\.?\s?S\.?|R\.?\s?M\.?)(?!\p{L})/u, validate: validateFrenchSiren },
  // "R.C.S. Luxembourg B231447" (dotted, in a footer), "inscrite au registre de commerce et des sociétés sous le numéro B259882" (prose);
  // in German the register is the "Handels- und Gesellschaftsregister" ("… Gesellschaftsregister unter B538230", a label wrapped over two lines);
  // the number may carry a thousands dot or blank ("B 468.652", "B 266 321": read whole, never cut at the blank).
  { country: 'LU', re: /(?:\bnum[ée]ro rcs|\br\.?\s?c\.?\s?s\.?(?: luxembourg)?|\bregistre de commerce(?: et des soci[ée]t[ée]s)?|\bnum[ée]ro d['’]immatriculation|\bgesellschaftsregister(?:\s+luxemburg)?)(?:\s+sous\s+(?:le\s+)?(?:num[ée]ro|n°)|\s+unter(?:\s+(?:der\s+)?(?:nummer|nr\.?))?)?\s*:?\s*([A-K]\s?(?:\d{1,3}[.\s]\d{3}(?!\d)|\d{1,6}))\b/iu, validate: validateLuxembourgRcsNumber },
  // Companies House: "Company number 09130711", "Registered in England & Wales No. …", "Registered in
  // Northern Ireland No. NI612345", "LLP number OC398765", "Registered number: SC412377".
  { country: 'GB', re: /\b(?:(?:company|llp)\s+(?:registration\s+)?(?:number|no\.?)|registered\s+(?:in\s+(?:england(?:\s+(?:and|&)\s+wales)?|wales|scotland|northern\s+ireland)\s+)?(?:under\s+)?(?:no\.?|number)|registration\s+(?:number|no\.?)(?=\s*:?\s*(?:SC|NI|OC|SO|NC)\d))\s*:?\s*([A-Z]{2}\d{6}|\d{6,8})\b/iu, validate: validateUkCompanyNumber },
  { country: 'PL', re: /\b(?:numer\s+)?krs\s*:?\s*(\d{10})\b/iu, validate: validatePolishKrs },
];

/** Register number candidates of every country's rules; `DE` Handelsregister numbers by their division. */
export function registerCandidates(parts: Part[], kind: EvidenceKind): IdCandidate[] {
  const out: IdCandidate[] = [];
  for (const part of parts) {
    let right = valueBeside(parts, part);
    // A label alone in its cell whose right neighbour is another column's text without a number
    // ("Numéro d'entreprise | Assujetti à la TVA" over "0502.872.744 | depuis le …", a BCE extract's
    // two columns): its value is the cell below.
    if (right && !/\d/.test(right.text) && isBareLabel(part)) right = below(parts, part, part.bbox[0], 1.8) ?? right;
    const text = right && /[:\p{L}.]$/u.test(part.text) ? `${part.text} ${right.text}` : part.text;
    const ctxFolded = fold(text);
    const foreign = foreignContext(ctxFolded.split(/\d/)[0] ?? '', kind);
    for (const rule of REGISTER_RULES) {
      const m = rule.re.exec(text);
      if (!m) continue;
      const digits = compact(m[1]!);
      const words = [...part.words, ...(right ? right.words : [])].filter((w) => { const c = compact(w.text); return c.length > 0 && digits.includes(c); });
      out.push(candidate('register', m[1]!.replace(/\s+/g, rule.country === 'AT' ? '' : ' '), rule.country, rule.validate, rule.country === 'LU' ? 1 : 0, part, words.length ? words : part.words, true, foreign));
    }
    // A SIRET is the SIREN of the enterprise + a 5-digit establishment number (NIC): when the whole
    // SIRET passes its check, its first nine digits are the SIREN (INSEE, répertoire Sirene). Not
    // labelled as a register number, so a printed SIREN or RCS number wins over it.
    const siret = /\bsiret\b[^\d]{0,20}?(\d{3}\s?\d{3}\s?\d{3}\s?\d{5})(?!\s?\d)/iu.exec(text);
    if (siret && validateFrenchSiret(compact(siret[1]!)).valid) {
      const siren = compact(siret[1]!).slice(0, 9);
      const words = [...part.words, ...(right ? right.words : [])].filter((w) => { const c = compact(w.text); return c.length > 0 && /^\d+$/.test(c) && compact(siret[1]!).includes(c); });
      out.push({ ...candidate('register', siren, 'FR', validateFrenchSiren, 0, part, words.length ? words : part.words, false, foreign) });
    }
    if (/\bHR[AB]\s?\d/.test(text)) {
      const p = parseHandelsregisterNumber(text.replace(/^.*?(HR[AB])/, '$1'));
      if (p.valid) {
        const words = part.words.filter((w) => /^(HRA|HRB)$/.test(w.text) || compact(w.text) === p.number);
        out.push({ kind: 'register', value: p.normalised, valid: true, repaired: false, read: p.normalised, country: 'DE', labelled: true, foreign, part, words: words.length ? words : part.words });
      }
    }
  }
  return dedupe(out);
}

/**
 * The part that holds the value of a label part: the part right of it, or — when the label stands
 * alone with another column's label beside it or nothing ("Numéro d'entreprise | Numéro d'unité
 * d'établissement" over their numbers: labels above values) — the part below it.
 */
function valueBeside(parts: Part[], part: Part): Part | undefined {
  const right = rightOf(parts, part);
  if (right && !isBareLabel(right)) return right;
  return isBareLabel(part) ? below(parts, part, part.bbox[0], 1.8) : right;
}

/** RSIN candidates (NL): 9 digits after "RSIN" or "Fiscaal nummer". */
export function rsinCandidates(parts: Part[]): IdCandidate[] {
  const out: IdCandidate[] = [];
  for (const part of parts) {
    const right = rightOf(parts, part);
    const text = right ? `${part.text} ${right.text}` : part.text;
    const m = /\b(?:rsin|fiscaal nummer)\s*:?\s*([0-9OoIl]{9}|\d{3} \d{3} \d{3})\b/iu.exec(text);
    if (!m) continue;
    const words = [...part.words, ...(right ? right.words : [])].filter((w) => compact(m[1]!).includes(compact(w.text)) && /\d/.test(w.text));
    out.push(candidate('rsin', compact(m[1]!), 'NL', validateRsin, 0, part, words.length ? words : part.words, true, false));
  }
  return dedupe(out);
}
