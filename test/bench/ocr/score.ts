/**
 * Scoring of an extraction against corpus ground truth, shared by the OCR bench and the corpus
 * tests. A field is `exact` when value and invalid flag match, `flagged` when it differs (or is
 * missing) but the reader asked for review (confidence below `LOW_CONFIDENCE` or `invalid`),
 * `wrong` when it differs unflagged, `missing` when absent. Identifiers (VAT, register number,
 * RSIN) returned unflagged and different from the truth are counted apart: there must be none.
 */
import { LOW_CONFIDENCE } from '../../../shared/ocr/extract';
import type { Extraction } from '../../../shared/ocr/types';

export const IDENTIFIER_FIELDS = ['vatNumber', 'chamberNumber', 'rsin'] as const;

export interface FieldOutcome {
  field: string;
  want: string;
  got?: string;
  confidence?: number;
  outcome: 'exact' | 'flagged' | 'wrong' | 'missing';
}

export interface DocScore {
  kindRight: boolean;
  fields: FieldOutcome[];
  /** Identifiers returned unflagged that differ from the truth (must be 0). */
  identifiersWrongUnflagged: number;
}

/** Scores `r` against `truth` (field name → value, invalid flag). */
export function scoreExtraction(r: Extraction, kind: string, truth: Record<string, { value: string; invalid?: boolean }>): DocScore {
  const fields: FieldOutcome[] = [];
  let idsWrong = 0;
  for (const [name, want] of Object.entries(truth)) {
    const got = r.fields[name as keyof typeof r.fields];
    const flagged = !!got && (!!got.invalid || got.confidence < LOW_CONFIDENCE);
    let outcome: FieldOutcome['outcome'];
    if (!got) outcome = 'missing';
    else if (got.value === want.value && !!got.invalid === !!want.invalid) outcome = 'exact';
    else outcome = flagged ? 'flagged' : 'wrong';
    if (outcome === 'wrong' && (IDENTIFIER_FIELDS as readonly string[]).includes(name)) idsWrong++;
    fields.push({ field: name, want: want.value, ...(got ? { got: got.value, confidence: got.confidence } : {}), outcome });
  }
  // An identifier the truth does not have, returned unflagged, is wrong too (e.g. a customer's VAT number).
  for (const name of IDENTIFIER_FIELDS) {
    const got = r.fields[name];
    if (!truth[name] && got && !got.invalid && got.confidence >= LOW_CONFIDENCE && name === 'vatNumber') idsWrong++;
  }
  return { kindRight: r.kind === kind, fields, identifiersWrongUnflagged: idsWrong };
}

/** Sums of a group of scored documents. */
export interface Tally {
  docs: number;
  kindsRight: number;
  fields: number;
  exact: number;
  flagged: number;
  wrong: number;
  missing: number;
  idsWrong: number;
}

export const emptyTally = (): Tally => ({ docs: 0, kindsRight: 0, fields: 0, exact: 0, flagged: 0, wrong: 0, missing: 0, idsWrong: 0 });

/** Adds one document's score to `t`. */
export function addScore(t: Tally, s: DocScore): void {
  t.docs++;
  if (s.kindRight) t.kindsRight++;
  for (const f of s.fields) {
    t.fields++;
    t[f.outcome]++;
  }
  t.idsWrong += s.identifiersWrongUnflagged;
}

const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

/** One table row: docs, fields exact %, kinds right %, identifiers wrong-unflagged, flagged %. */
export function tallyRow(label: string, t: Tally): string {
  return [label.padEnd(22), String(t.docs).padStart(4), pct(t.exact, t.fields).padStart(8), pct(t.kindsRight, t.docs).padStart(8), String(t.idsWrong).padStart(6), pct(t.flagged, t.fields).padStart(8), pct(t.wrong + t.missing, t.fields).padStart(8)].join(' ');
}

export const TALLY_HEADER = `${'group'.padEnd(22)} docs   exact%   kinds%  idsWU flagged% wr+miss%`;
