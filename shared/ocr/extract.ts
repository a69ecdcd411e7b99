import type { EvidenceKind } from '../schemas/evidenceDocuments';
import { validateVatNumber } from '../identifiers';
import { validateKvkNumber, validateRsin, validateDutchPostcode } from '../identifiers';
import { validateBelgianEnterpriseNumber } from '../identifiers';
import { parseHandelsregisterNumber } from '../identifiers';
import { fieldLabels, kindKeywords, knownLegalForms, legalFormSuffixes, otherDateLabels } from './labels';
import { makeLine, splitSegments, unionBox } from './layout';
import { repairIdentifier, type IdentifierValidator } from './repair';
import { findDates, fold } from './text';
import type { BBox, EvidenceField, EvidenceFields, Extraction, OcrLine, OcrWord, PageText } from './types';

/**
 * Below this confidence a field is shown as "check this" in the review UI; tests accept a value
 * that differs from the ground truth only when it is flagged (below this or `invalid`).
 */
export const LOW_CONFIDENCE = 0.6;

/**
 * A line with its page and folded words. `segOf[i]` numbers the column segment of word i (words
 * separated by a wide gap, see `splitSegments`): a label's value is the rest of its segment, or
 * the next segment when the label ends its own.
 */
interface Seg {
  page: number;
  line: OcrLine;
  folded: string[];
  segOf: number[];
  /** Index of the line on its page. */
  lineIndex: number;
}

interface LabelHit {
  seg: Seg;
  /** Index of the first word after the label. */
  after: number;
  rank: number;
  /** The value's start when glued to the label word. */
  tail: OcrWord | null;
}

function toSegs(pages: PageText[]): Seg[] {
  const segs: Seg[] = [];
  for (const p of pages) {
    p.lines.forEach((line, lineIndex) => {
      const segOf: number[] = [];
      splitSegments(line).forEach((part, k) => part.words.forEach(() => segOf.push(k)));
      segs.push({ page: p.page, line, folded: line.words.map((w) => fold(w.text)), segOf, lineIndex });
    });
  }
  return segs;
}

/**
 * Finds the first of `labels` (by rank) in a segment: the label must start at a word start (at
 * word 0 when `atStart`) and end at a word end, a ':' or a blank. Returns the words after it; when
 * the value is glued to the label ("KvK-nummer:12345678") the tail becomes a word of its own.
 */
function matchLabel(seg: Seg, labels: readonly string[], atStart: boolean): LabelHit | null {
  const joined = seg.folded.join(' ');
  const starts: number[] = [];
  seg.folded.reduce((pos, w) => (starts.push(pos), pos + w.length + 1), 0);
  for (let rank = 0; rank < labels.length; rank++) {
    const re = new RegExp(`(?:^|\\s)(${labels[rank]})(?=:|\\s|$)`, 'g');
    let m: RegExpExecArray | null;
    while ((m = re.exec(joined))) {
      const start = m.index + (m[0].length - m[1]!.length);
      const first = starts.indexOf(start);
      if (first < 0) continue;
      if (atStart && first > 0 && seg.segOf[first - 1] === seg.segOf[first]) continue;
      const end = start + m[1]!.length;
      let i = first;
      while (i < seg.folded.length - 1 && starts[i]! + seg.folded[i]!.length < end) i++;
      const rest = seg.folded[i]!.slice(end - starts[i]!).replace(/^:/, '');
      if (!rest) return { seg, after: i + 1, rank, tail: null };
      const word = seg.line.words[i]!;
      const cut = word.text.length - rest.length;
      const cw = (word.bbox[2] - word.bbox[0]) / Math.max(1, word.text.length);
      return { seg, after: i + 1, rank, tail: { text: word.text.slice(cut), confidence: word.confidence, bbox: [word.bbox[0] + cut * cw, word.bbox[1], word.bbox[2], word.bbox[3]] } };
    }
  }
  return null;
}

/**
 * Words after a label: the rest of the label's column segment, or the whole next segment when the
 * label ends its segment; a leading lone ':' or '-' word is dropped.
 */
function valueWords(hit: LabelHit): OcrWord[] {
  const { seg } = hit;
  const labelSeg = seg.segOf[hit.after - 1] ?? 0;
  let from = hit.after;
  const rest = seg.segOf.slice(from).filter((k) => k === labelSeg).length;
  const target = hit.tail || rest > 0 ? labelSeg : labelSeg + 1;
  const idx = seg.line.words.map((_, i) => i).filter((i) => i >= from && seg.segOf[i] === target);
  from = idx[0] ?? seg.line.words.length;
  const words = [...(hit.tail ? [hit.tail] : []), ...idx.map((i) => seg.line.words[i]!)];
  while (words.length && /^[:\-–.]+$/.test(words[0]!.text)) words.shift();
  return words;
}

/**
 * Confidence of a value: the lowest word confidence, lowered by 20 % when a word looks misread —
 * a capital inside a lower-case word ("LeopoldstraBe", OCR's usual ß → B) or a digit inside letters.
 */
function field(words: OcrWord[], value: string, page: number, factor: number, extra: Partial<EvidenceField> = {}): EvidenceField {
  const suspicious = words.some((w) => /\p{Ll}{2}\p{Lu}\p{Ll}|\p{L}{2}\d\p{L}/u.test(w.text));
  const conf = (words.length ? Math.min(...words.map((w) => w.confidence)) : 0.5) * (suspicious ? 0.8 : 1);
  return { value, confidence: round(Math.max(0, Math.min(1, conf * factor))), page, bbox: roundBox(unionBox(words.map((w) => w.bbox))), ...extra };
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
const roundBox = (b: BBox): BBox => b.map((v) => Math.round(v * 10) / 10) as BBox;

/** The segment directly below `seg` on the same page (next line that starts near the same x). */
function below(segs: Seg[], seg: Seg, xFrom?: number): Seg | null {
  const x = xFrom ?? seg.line.bbox[0];
  const h = seg.line.bbox[3] - seg.line.bbox[1];
  let best: Seg | null = null;
  for (const s of segs) {
    if (s.page !== seg.page || s.lineIndex <= seg.lineIndex) continue;
    if (s.line.bbox[1] - seg.line.bbox[3] > 2.5 * h) continue;
    if (Math.abs(s.line.bbox[0] - x) > 3 * h) continue;
    if (!best || s.line.bbox[1] < best.line.bbox[1]) best = s;
  }
  return best;
}

// ---------- identifiers ----------

const IDENT_CHARS = '[0-9OoIl|SsB]';

interface IdentCandidate {
  words: OcrWord[];
  text: string;
  page: number;
  labelled: boolean;
}

/** Picks the words that form an identifier token matching `re` (over the words joined without spaces). */
function takeIdentifier(words: OcrWord[], re: RegExp): { words: OcrWord[]; text: string } | null {
  for (let start = 0; start < Math.min(words.length, 4); start++) {
    let text = '';
    for (let end = start; end < Math.min(words.length, start + 6); end++) {
      text += words[end]!.text.replace(/[.\-:·,;()]/g, '');
      const m = re.exec(text);
      if (m && m.index === 0 && m[0].length === text.length) return { words: words.slice(start, end + 1), text };
      if (m && m.index === 0 && end === start) return { words: [words[start]!], text: m[0] };
    }
  }
  return null;
}

function identifierField(
  cands: IdentCandidate[],
  validate: IdentifierValidator,
  keepPrefix: number,
  extraFactor = 1,
): EvidenceField | undefined {
  let firstInvalid: EvidenceField | undefined;
  for (const c of cands) {
    const r = repairIdentifier(c.text, validate, { keepPrefix });
    const factor = (c.labelled ? 1 : 0.9) * (r.repaired ? 0.85 : 1) * extraFactor;
    if (r.valid) return field(c.words, r.value, c.page, factor, r.repaired ? { repaired: true, read: r.read } : {});
    firstInvalid ??= field(c.words, r.value, c.page, factor * 0.5, { invalid: true, read: r.read });
  }
  return firstInvalid;
}

function labelledCandidates(segs: Seg[], labels: readonly string[], re: RegExp): IdentCandidate[] {
  const out: IdentCandidate[] = [];
  for (const seg of segs) {
    const hit = matchLabel(seg, labels, false);
    if (!hit) continue;
    let words = valueWords(hit);
    if (words.length === 0) words = below(segs, seg)?.line.words ?? [];
    const t = takeIdentifier(words, re);
    if (t) out.push({ ...t, page: seg.page, labelled: true });
  }
  return out;
}

function scanCandidates(segs: Seg[], re: RegExp): IdentCandidate[] {
  const out: IdentCandidate[] = [];
  for (const seg of segs) {
    for (let i = 0; i < seg.line.words.length; i++) {
      const t = takeIdentifier(seg.line.words.slice(i), re);
      if (t) {
        out.push({ ...t, page: seg.page, labelled: false });
        i += t.words.length - 1;
      }
    }
  }
  return out;
}

const VAT_RE: Record<string, RegExp> = {
  NL: new RegExp(`NL${IDENT_CHARS}{9}[B8]${IDENT_CHARS}{2}`),
  BE: new RegExp(`BE${IDENT_CHARS}{9,10}`),
  DE: new RegExp(`DE${IDENT_CHARS}{9}`),
};
const ANY_VAT_RE = /(?:NL|BE|DE)[0-9OoIl|SsB]{9,12}/;

function extractVat(segs: Seg[], countryHint: string | undefined): EvidenceField | undefined {
  const labelled = labelledCandidates(segs, fieldLabels.vatNumber, ANY_VAT_RE);
  // A bare Belgian number under a VAT label ("N° TVA 0403.170.701").
  if (!labelled.length && countryHint === 'BE') {
    for (const c of labelledCandidates(segs, fieldLabels.vatNumber, new RegExp(`[01]${IDENT_CHARS}{9}`))) labelled.push({ ...c, text: `BE${c.text}` });
  }
  const cands = [...labelled, ...scanCandidates(segs, ANY_VAT_RE)];
  // A Dutch number whose "NL" OCR lost or glued to the label ("…nummer&:745585875B01"): find the
  // 9+B+2 pattern inside any word and put the prefix back, with a lowered confidence.
  if (!cands.length && (countryHint === 'NL' || !countryHint)) {
    const re = new RegExp(`${IDENT_CHARS}{9}B${IDENT_CHARS}{2}`);
    for (const seg of segs) {
      for (const w of seg.line.words) {
        const m = re.exec(w.text.replace(/[.-]/g, ''));
        if (m) cands.push({ words: [w], text: `NL${m[0]}`, page: seg.page, labelled: false });
      }
    }
    return identifierField(cands, (s) => validateVatNumber(s), 2, 0.7);
  }
  return identifierField(cands.map((c) => ({ ...c, text: trimVat(c.text) })), (s) => validateVatNumber(s), 2);
}

function trimVat(text: string): string {
  const cc = text.slice(0, 2).toUpperCase();
  const re = VAT_RE[cc];
  const m = re?.exec(text);
  return m ? m[0] : text;
}

function extractChamber(segs: Seg[], country: string | undefined): EvidenceField | undefined {
  if (country === 'DE') {
    for (const seg of segs) {
      const hit = matchLabel(seg, fieldLabels.chamberNumber, false);
      const text = hit ? seg.line.text : /\b(HRA|HRB)\b/.test(seg.line.text) ? seg.line.text : null;
      if (!text) continue;
      const p = parseHandelsregisterNumber(text);
      if (p.valid) {
        const words = seg.line.words.filter((w) => /^(HRA|HRB|GnR|VR|PR)$/i.test(w.text) || w.text.replace(/\D/g, '') === p.number || (p.suffix && w.text === p.suffix));
        return field(words.length ? words : seg.line.words, p.normalised, seg.page, hit ? 1 : 0.9);
      }
    }
    return undefined;
  }
  if (country === 'BE') {
    const re = new RegExp(`[01]${IDENT_CHARS}{9}`);
    const cands = [...labelledCandidates(segs, fieldLabels.chamberNumber, re)];
    return identifierField(cands, validateBelgianEnterpriseNumber, 0);
  }
  const re = new RegExp(`${IDENT_CHARS}{8}`);
  const cands = labelledCandidates(segs, fieldLabels.chamberNumber, re).filter((c) => c.text.length === 8);
  return identifierField(cands, validateKvkNumber, 0);
}

function extractRsin(segs: Seg[]): EvidenceField | undefined {
  const re = new RegExp(`${IDENT_CHARS}{9}`);
  const cands = labelledCandidates(segs, fieldLabels.rsin, re).filter((c) => c.text.length === 9);
  return identifierField(cands, validateRsin, 0);
}

// ---------- address ----------

interface Address {
  street?: EvidenceField;
  houseNumber?: EvidenceField;
  postcode?: EvidenceField;
  city?: EvidenceField;
  country?: string;
  postcodeLine?: Seg;
  streetSeg?: Seg;
}

const COUNTRY_WORDS: Record<string, string> = {
  nederland: 'NL', 'the netherlands': 'NL', netherlands: 'NL', 'pays-bas': 'NL', niederlande: 'NL',
  belgie: 'BE', belgique: 'BE', belgium: 'BE', belgien: 'BE',
  deutschland: 'DE', germany: 'DE', duitsland: 'DE', allemagne: 'DE',
};

/** Parses "1015 CJ Amsterdam", "1000 Brussel", "10115 Berlin" (with optional NL-/B-/D- prefix) from words. */
function parsePostcodeCity(words: OcrWord[], page: number, factor: number): Address | null {
  const texts = words.map((w) => w.text.replace(/[,;]$/, ''));
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!.replace(/^(NL|B|BE|D|DE)-/i, '');
    const prefix = /^(NL|B|BE|D|DE)-/i.exec(texts[i]!)?.[1]?.toUpperCase();
    let postcodeWords: OcrWord[] | null = null;
    let postcode = '';
    let country: string | undefined;
    if (/^\d{4}$/.test(t) && texts[i + 1] && /^[A-Z]{2}$/.test(texts[i + 1]!) && texts[i + 2]) {
      const r = validateDutchPostcode(`${t}${texts[i + 1]}`);
      if (r.valid) { postcodeWords = words.slice(i, i + 2); postcode = r.normalised; country = 'NL'; }
    } else if (/^\d{4}[A-Z]{2}$/.test(t) && texts[i + 1]) {
      const r = validateDutchPostcode(t);
      if (r.valid) { postcodeWords = [words[i]!]; postcode = r.normalised; country = 'NL'; }
    } else if (/^\d{5}$/.test(t) && texts[i + 1] && /^\p{Lu}/u.test(texts[i + 1]!)) {
      postcodeWords = [words[i]!]; postcode = t; country = 'DE';
    } else if (/^[1-9]\d{3}$/.test(t) && texts[i + 1] && /^\p{Lu}/u.test(texts[i + 1]!)) {
      postcodeWords = [words[i]!]; postcode = t; country = prefix === 'NL' ? 'NL' : 'BE';
    }
    if (!postcodeWords) continue;
    const cityWords: OcrWord[] = [];
    for (let j = i + postcodeWords.length; j < words.length; j++) {
      const w = texts[j]!;
      if (COUNTRY_WORDS[fold(w)] && cityWords.length) { country = COUNTRY_WORDS[fold(w)]; break; }
      cityWords.push(words[j]!);
      if (/[,;]$/.test(words[j]!.text)) break;
    }
    if (!cityWords.length) continue;
    const city = cityWords.map((w) => w.text).join(' ').replace(/[,;]$/, '');
    return {
      postcode: field(postcodeWords, postcode, page, factor),
      city: field(cityWords, city, page, factor),
      country,
    };
  }
  return null;
}

/** Parses "Keizersgracht 123 A" / "Rue de la Loi 16" / "Hauptstraße 5a" into street and house number. */
function parseStreet(words: OcrWord[], page: number, factor: number): Pick<Address, 'street' | 'houseNumber'> | null {
  const texts = words.map((w) => w.text);
  const cut = texts.findIndex((t) => /[,;]$/.test(t));
  const usable = cut >= 0 ? words.slice(0, cut + 1) : words;
  const ut = usable.map((w) => w.text.replace(/[,;]$/, ''));
  const n = ut.findIndex((t, i) => i > 0 && /^\d+[A-Za-z]?(-\d+[A-Za-z]?)?$/.test(t));
  if (n < 1) return null;
  if (/^(postbus|postfach|bp|po)$/i.test(fold(ut[0]!))) return null;
  let end = n + 1;
  if (ut[end] && /^([A-Z]{1,2}|bis|\d{1,3}|-\d+)$/.test(ut[end]!) && end === ut.length - 1) end++;
  const streetWords = usable.slice(0, n);
  const numberWords = usable.slice(n, end);
  return {
    street: field(streetWords, streetWords.map((w) => w.text).join(' '), page, factor),
    houseNumber: field(numberWords, numberWords.map((w) => w.text.replace(/[,;]$/, '')).join(' '), page, factor),
  };
}

function extractAddress(segs: Seg[]): Address | null {
  // Labelled: "Vestigingsadres Keizersgracht 123 A, 1015 CJ Amsterdam" or street then postcode line below.
  for (const seg of segs) {
    const hit = matchLabel(seg, fieldLabels.address, true);
    if (!hit) continue;
    const words = valueWords(hit);
    if (!words.length) continue;
    const street = parseStreet(words, seg.page, 1);
    if (!street) continue;
    const lastNumber = words.findIndex((w) => w.bbox[2] >= street.houseNumber!.bbox[2] - 0.1);
    let pc = parsePostcodeCity(words.slice(lastNumber + 1), seg.page, 1);
    const next = below(segs, seg, words[0]!.bbox[0]);
    if (!pc && next) pc = parsePostcodeCity(next.line.words, seg.page, 1);
    if (pc) return { ...street, ...pc, postcodeLine: seg, streetSeg: seg };
  }
  // Unlabelled block: a street line directly above a postcode line (letterhead, addressee block).
  for (const seg of segs) {
    if (/\b(postbus|postfach|bp|boite postale|p\.?o\.? box)\b/.test(seg.folded.join(' '))) continue;
    const street = parseStreet(seg.line.words, seg.page, 0.9);
    if (!street) continue;
    const next = below(segs, seg);
    const pc = next ? parsePostcodeCity(next.line.words, seg.page, 0.9) : null;
    if (pc) return { ...street, ...pc, postcodeLine: next ?? seg, streetSeg: seg };
  }
  return null;
}

// ---------- name and legal form ----------

const TITLE_WORDS = /^(factuur|invoice|rechnung|facture|uittreksel|bevestiging|attestation|bestatigung|certificate|extract|auszug|extrait)\b/;

function extractName(segs: Seg[], address: Address | null): EvidenceField | undefined {
  let best: { f: EvidenceField; rank: number } | undefined;
  for (const seg of segs) {
    const hit = matchLabel(seg, fieldLabels.name, true);
    if (!hit) continue;
    let words = valueWords(hit);
    if (!words.length) words = below(segs, seg)?.line.words ?? [];
    if (!words.length) continue;
    if (!best || hit.rank < best.rank) best = { f: field(words, words.map((w) => w.text).join(' '), seg.page, 1), rank: hit.rank };
  }
  if (best) return flagLowerCaseStart(best.f);
  // Unlabelled: the line right above the street line of the address block.
  const streetSeg = address?.streetSeg;
  if (streetSeg) {
    const above = segs
      .filter((s) => s.page === streetSeg.page && s.lineIndex < streetSeg.lineIndex && s.line.bbox[3] <= streetSeg.line.bbox[1] + 1)
      .filter((s) => Math.abs(s.line.bbox[0] - streetSeg.line.bbox[0]) < 3 * (streetSeg.line.bbox[3] - streetSeg.line.bbox[1]))
      .filter((s) => !TITLE_WORDS.test(s.folded.join(' ')))
      .sort((a, b) => b.line.bbox[1] - a.line.bbox[1])[0];
    const h = streetSeg.line.bbox[3] - streetSeg.line.bbox[1];
    if (above && streetSeg.line.bbox[1] - above.line.bbox[3] < 3 * h) {
      return flagLowerCaseStart(field(above.line.words, above.line.words.map((w) => w.text).join(' '), above.page, 0.9));
    }
  }
  return undefined;
}

/**
 * Organisation names start with a capital or a digit; a lower-case start is most likely a misread
 * capital ("studio" for "Studio"), so the value is kept as read but flagged (confidence ≤ 0.5).
 */
function flagLowerCaseStart(f: EvidenceField): EvidenceField {
  return /^\p{Ll}/u.test(f.value) && !/^(de|het|van|den|der|la|le|l'|d')\s/.test(f.value) ? { ...f, confidence: Math.min(f.confidence, 0.5) } : f;
}

function extractLegalForm(segs: Seg[], name: EvidenceField | undefined): EvidenceField | undefined {
  for (const seg of segs) {
    const hit = matchLabel(seg, fieldLabels.legalForm, true);
    if (!hit) continue;
    const words = valueWords(hit);
    if (words.length) return canonicalLegalForm(field(words, words.map((w) => w.text).join(' '), seg.page, 1));
  }
  if (!name) return undefined;
  for (const [re] of legalFormSuffixes) {
    const m = re.exec(name.value);
    if (m) return { ...name, value: m[1]!, confidence: round(name.confidence * 0.9) };
  }
  return undefined;
}

/** Edit distance (Levenshtein: insertions, deletions, substitutions of UTF-16 units), for short strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Snaps a read legal form to the register's spelling (`knownLegalForms`) when it differs only by
 * diacritics/case or by at most 2 edits (confidence × 0.9 then); otherwise keeps it as read.
 */
function canonicalLegalForm(f: EvidenceField): EvidenceField {
  const read = fold(f.value);
  let best: { form: string; d: number } | undefined;
  for (const form of knownLegalForms) {
    const d = editDistance(read, fold(form));
    if (!best || d < best.d) best = { form, d };
  }
  if (!best || best.d > 2 || best.form === f.value) return f;
  return { ...f, value: best.form, confidence: round(f.confidence * (best.d === 0 ? 1 : 0.9)) };
}

// ---------- dates ----------

function extractDocumentDate(segs: Seg[]): EvidenceField | undefined {
  let best: { f: EvidenceField; score: number } | undefined;
  for (const seg of segs) {
    const text = seg.line.text;
    const dates = findDates(text);
    if (!dates.length) continue;
    const folded = fold(text);
    const hit = matchLabel(seg, fieldLabels.documentDate, false);
    const other = otherDateLabels.some((l) => folded.includes(l));
    if (other && !(hit && hit.rank < 12)) continue;
    const score = hit ? 100 - hit.rank : 1;
    if (best && best.score >= score) continue;
    const d = dates[0]!;
    // Words overlapping the date's character span (spans are over folded text: same word boundaries).
    let pos = 0;
    const words: OcrWord[] = [];
    for (const w of seg.line.words) {
      const start = pos;
      const end = pos + fold(w.text).length;
      if (end > d.start && start < d.end) words.push(w);
      pos = end + 1;
    }
    best = { f: field(words.length ? words : seg.line.words, d.iso, seg.page, hit ? 1 : 0.7), score };
  }
  return best?.f;
}

// ---------- classification ----------

/** Scores each document kind by weighted keywords (title lines — the tallest on page 1 — count double). */
export function classifyDocument(pages: PageText[]): { kind: EvidenceKind; confidence: number } {
  const first = pages[0];
  const heights = first ? first.lines.map((l) => l.bbox[3] - l.bbox[1]).sort((a, b) => a - b) : [];
  const median = heights[Math.floor(heights.length / 2)] ?? 0;
  const scores = new Map<EvidenceKind, number>();
  for (const p of pages) {
    for (const l of p.lines) {
      const t = fold(l.text);
      const title = p.page === 1 && l.bbox[3] - l.bbox[1] > 1.3 * median ? 2 : 1;
      for (const [kind, words] of Object.entries(kindKeywords) as [EvidenceKind, readonly (readonly [string, number])[]][]) {
        for (const [w, weight] of words) {
          if (new RegExp(`(?:^|[^a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^a-z])`).test(t)) scores.set(kind, (scores.get(kind) ?? 0) + weight * title);
        }
      }
    }
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top) return { kind: 'company-invoice', confidence: 0 };
  const confidence = top[1] / (top[1] + (second?.[1] ?? 0) + 1);
  return { kind: top[0], confidence: round(confidence) };
}

// ---------- all fields ----------

/**
 * Extracts the organisation's fields from a document's pages (words with boxes in PDF points).
 * Pure: the same pages give the same result. Identifiers are validated with shared/identifiers and
 * repaired only when exactly one look-alike repair validates; otherwise returned with
 * `invalid: true`. Country is ISO 3166 alpha-2 from, in order: the VAT prefix, the address's
 * country word, the postcode format.
 */
export function extractEvidence(pages: PageText[]): Extraction {
  const segs = toSegs(pages);
  const { kind, confidence: kindConfidence } = classifyDocument(pages);
  const fields: EvidenceFields = {};
  const address = extractAddress(segs);
  const countryHint = address?.country;
  const vat = extractVat(segs, countryHint);
  const vatCountry = vat && !vat.invalid ? vat.value.slice(0, 2) : undefined;
  const country = vatCountry ?? countryHint;
  const name = extractName(segs, address);
  const legalForm = extractLegalForm(segs, name);
  const chamber = extractChamber(segs, country);
  const rsin = country === 'NL' || !country ? extractRsin(segs) : undefined;
  const date = extractDocumentDate(segs);
  if (name) fields.name = name;
  if (legalForm) fields.legalForm = legalForm;
  if (address?.street) fields.street = address.street;
  if (address?.houseNumber) fields.houseNumber = address.houseNumber;
  if (address?.postcode) fields.postcode = address.postcode;
  if (address?.city) fields.city = address.city;
  if (country) {
    const src = vatCountry ? vat! : address!.postcode!;
    fields.country = { value: country, confidence: round(src.confidence * (vatCountry ? 1 : 0.9)), page: src.page, bbox: src.bbox };
  }
  if (vat) fields.vatNumber = vat;
  if (chamber) fields.chamberNumber = chamber;
  if (rsin) fields.rsin = rsin;
  if (date) fields.documentDate = date;
  return { kind, kindConfidence, fields };
}

/** Builds pages from plain text lines (one word per space-separated token, 10 pt per character, 14 pt per line); for tests and text-only callers. */
export function pagesFromText(pagesText: string[]): PageText[] {
  return pagesText.map((text, i) => {
    const lines = text.split('\n').map((lineText, li) => {
      const words: OcrWord[] = [];
      let x = 40;
      for (const part of lineText.split(/( {3,}| )/)) {
        if (part === ' ') { x += 6; continue; }
        if (/^ {3,}$/.test(part)) { x += 60; continue; }
        if (!part) continue;
        words.push({ text: part, confidence: 0.95, bbox: [x, 40 + li * 14, x + part.length * 6, 50 + li * 14] });
        x += part.length * 6;
      }
      return words.length ? makeLine(words) : null;
    }).filter((l): l is OcrLine => l !== null);
    return { page: i + 1, width: 595, height: 842, source: 'text-layer' as const, rotation: 0 as const, lines };
  });
}
