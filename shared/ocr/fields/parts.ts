/**
 * Parts: the unit field extraction reads. A part is the words of one line between wide gaps
 * (a column cell: "Rechtsvorm" and "Besloten Vennootschap" in a label/value table are two parts
 * of one line; a letter's addressee and its date column are two parts). Labels are matched at a
 * part's start; a label's value is the rest of its part, the next part on the line, or the part
 * below. Geometry is in PDF points of the page.
 */
import { makeLine, splitSegments, unionBox } from '../layout';
import { fieldLabels, otherNumberLabels } from '../labels';
import { fold } from '../text';
import type { BBox, EvidenceField, OcrWord, PageText } from '../types';

export interface Part {
  page: number;
  /** Index of the line on its page, and of the part on its line. */
  line: number;
  k: number;
  words: OcrWord[];
  text: string;
  /** `fold(text)`: lower case, no diacritics. */
  folded: string;
  bbox: BBox;
  /** Height of the part's box (≈ font size). */
  h: number;
}

/** Splits every line of every page into parts (column cells). */
export function toParts(pages: PageText[]): Part[] {
  const parts: Part[] = [];
  for (const p of pages) {
    p.lines.forEach((line, li) => {
      splitSegments(line).forEach((seg, k) => {
        const l = makeLine(seg.words);
        parts.push({ page: p.page, line: li, k, words: l.words, text: l.text, folded: fold(l.text), bbox: l.bbox, h: l.bbox[3] - l.bbox[1] });
      });
    });
  }
  return parts;
}

/** The part right of `p` on the same line, if any. */
export function rightOf(parts: Part[], p: Part): Part | undefined {
  return parts.find((q) => q.page === p.page && q.line === p.line && q.k === p.k + 1);
}

/** The nearest part below `p` that starts near `x` (default p's left edge), within 2.5 line heights. */
export function below(parts: Part[], p: Part, x = p.bbox[0], maxGap = 2.5): Part | undefined {
  let best: Part | undefined;
  for (const q of parts) {
    if (q.page !== p.page || q.line <= p.line) continue;
    if (q.bbox[1] - p.bbox[3] > maxGap * p.h) continue;
    if (Math.abs(q.bbox[0] - x) > 2.5 * p.h) continue;
    if (!best || q.bbox[1] < best.bbox[1]) best = q;
  }
  return best;
}

/** The nearest part above `p` starting near its left edge, within `maxGap` line heights. */
export function above(parts: Part[], p: Part, maxGap = 2.5): Part | undefined {
  let best: Part | undefined;
  for (const q of parts) {
    if (q.page !== p.page || q.line >= p.line) continue;
    if (p.bbox[1] - q.bbox[3] > maxGap * p.h) continue;
    if (Math.abs(q.bbox[0] - p.bbox[0]) > 2.5 * p.h) continue;
    if (!best || q.bbox[1] > best.bbox[1]) best = q;
  }
  return best;
}

/** A label found at a part's start: the words after it (the value may be in the next part). */
export interface LabelHit {
  part: Part;
  rank: number;
  /** Words of the same part after the label (a value glued to it, "KvK-nummer:12345678", split off). */
  rest: OcrWord[];
}

/** "2. a) Firma", "1.Oznaczenie formy prawnej" (registers print the number with or without a blank). */
const ENUMERATION = /^(?:\d{1,2}[.)]|[a-h]\))\s*(?=[a-z(])/;

/**
 * Finds the first of `labels` (regular-expression sources over folded text, by rank) at the start
 * of `part` (after an enumeration like "2. a)"), or anywhere in it when `anywhere`. The label
 * must end at a word end, ':' or blank.
 */
export function matchLabel(part: Part, labels: readonly string[], anywhere = false): LabelHit | null {
  let text = part.folded;
  let offset = 0;
  for (let m = ENUMERATION.exec(text); m; m = ENUMERATION.exec(text)) { text = text.slice(m[0].length); offset += m[0].length; }
  for (let rank = 0; rank < labels.length; rank++) {
    const re = new RegExp(`${anywhere ? '(?:^|\\s)' : '^'}(${labels[rank]})\\s*(?::|,|$|\\s)`);
    const m = re.exec(text);
    if (!m) continue;
    const end = offset + m.index + m[0].length;
    return { part, rank, rest: wordsFrom(part, end) };
  }
  return null;
}

/** Words of `part` from character `pos` of its folded text on (a word cut in two keeps its tail). */
export function wordsFrom(part: Part, pos: number): OcrWord[] {
  const out: OcrWord[] = [];
  let at = 0;
  for (const w of part.words) {
    const len = fold(w.text).length;
    const start = at;
    at += len + 1;
    if (start + len <= pos) continue;
    if (start >= pos) { out.push(w); continue; }
    const cut = pos - start;
    const cw = (w.bbox[2] - w.bbox[0]) / Math.max(1, w.text.length);
    const text = w.text.slice(cut).replace(/^:\s*/, '');
    if (text) out.push({ text, confidence: w.confidence, bbox: [w.bbox[0] + cut * cw, w.bbox[1], w.bbox[2], w.bbox[3]] });
  }
  while (out.length && /^[:\-–.]+$/.test(out[0]!.text)) out.shift();
  return out;
}

const BARE_LABEL = new RegExp(`^(?:${[...Object.values(fieldLabels).flat(), ...otherNumberLabels].join('|')})\\s*:?$`);

/**
 * True when `part` is nothing but a label (of any field, or of a number that is never the
 * organisation's: `otherNumberLabels`), e.g. "Dénomination", "Adresse :", "Numéro d'unité
 * d'établissement". On a form that prints its labels above their values in two columns
 * ("Numéro d'entreprise | Numéro d'unité d'établissement" over "0880.095.450 | 3.349.254.008")
 * such a part right of a label is the other column's header, not the label's value.
 */
export function isBareLabel(part: Part): boolean {
  return BARE_LABEL.test(part.folded.trim());
}

/**
 * The value of a label: the rest of its part, else the next part on the line (unless that is a
 * label itself: see `isBareLabel`, or ends with a colon), else the part below.
 */
export function labelValue(parts: Part[], hit: LabelHit): { words: OcrWord[]; part: Part } | null {
  // A label that runs on after its keyword ("Rechtsform, Beginn, Satzung:") ends with a colon: still label, no value.
  // So is one followed by its alternative or translation after a slash ("Nazwa / Imię i nazwisko",
  // "Naam / Dénomination": bilingual and two-case labels of registers and tax portals).
  const alternative = /^\//.test(hit.rest[0]?.text ?? '');
  if (hit.rest.length && !alternative && !/:$/.test(hit.rest[hit.rest.length - 1]!.text)) return { words: hit.rest, part: hit.part };
  const r = rightOf(parts, hit.part);
  // A cell that ends with a colon ("Conditions d'admission :") is a label of its own, never a value.
  if (r && !isBareLabel(r) && !/:$/.test(r.text)) return { words: withoutEntryIndex(r.words), part: r };
  // Below the label's own first word: an entry number before it ("6. a) Rechtsform, …") stands further left than the value.
  const first = hit.part.words.find((w) => !/^(?:\d{1,2}[.)]|[a-h]\))$/.test(w.text));
  const b = below(parts, hit.part, hit.part.bbox[0], 1.8) ?? (first && first.bbox[0] > hit.part.bbox[0] ? below(parts, hit.part, first.bbox[0], 1.8) : undefined);
  // A section heading that repeats its row's label ("Dénomination" over "Dénomination | Minett Foto
  // S.à r.l.-S", as Luxembourg Business Registers and other register printouts print their
  // sections): the label below is the row's own, never the heading's value.
  if (b && !b.folded.includes(':') && !isBareLabel(b)) return { words: withoutEntryIndex(b.words), part: b };
  return null;
}

/**
 * A register's entry index before a value ("1  Alpenfoto Huber OG", "A  Mag. …": the Firmenbuch
 * and Handelsregister number each entry, set apart by a wide blank) is not part of the value: a
 * one- or two-digit number or a single capital, followed by a gap wider than a blank (more than
 * 0.8 of the line height; a blank is about half of it).
 */
export function withoutEntryIndex(words: OcrWord[]): OcrWord[] {
  const [first, next] = words;
  if (!first || !next || !/^(?:\d{1,2}|[A-Z])$/.test(first.text)) return words;
  const h = first.bbox[3] - first.bbox[1];
  return next.bbox[0] - first.bbox[2] > 0.8 * h ? words.slice(1) : words;
}

/**
 * A field from words: confidence is the lowest word confidence times `factor`, lowered by 20 %
 * when a word looks misread (a capital inside a lower-case word — OCR's usual ß → B — or a digit
 * between letters).
 */
export function makeField(words: OcrWord[], value: string, page: number, factor: number, extra: Partial<EvidenceField> = {}): EvidenceField {
  const suspicious = words.some((w) => /\p{Ll}{2}\p{Lu}\p{Ll}|\p{L}{2}\d\p{L}/u.test(w.text));
  const conf = (words.length ? Math.min(...words.map((w) => w.confidence)) : 0.5) * (suspicious ? 0.8 : 1);
  return { value, confidence: round(Math.max(0, Math.min(1, conf * factor))), page, bbox: roundBox(unionBox(words.map((w) => w.bbox))), ...extra };
}

export const round = (n: number): number => Math.round(n * 1000) / 1000;
const roundBox = (b: BBox): BBox => b.map((v) => Math.round(v * 10) / 10) as BBox;

/** Joins words' text with blanks. */
export const textOf = (words: OcrWord[]): string => words.map((w) => w.text).join(' ');
