/** Document kind by weighted keywords, and the document's own date (not founding, due or validity dates). */
import type { EvidenceKind } from '../../schemas/evidenceDocuments';
import { fieldLabels, kindKeywords, otherDateLabels } from '../labels';
import { findDates, fold } from '../text';
import type { EvidenceField, OcrWord, PageText } from '../types';
import { makeField, round } from './parts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const KEYWORD_RES = Object.fromEntries(
  Object.entries(kindKeywords).map(([kind, words]) => [kind, words.map(([w, weight]) => [new RegExp(`(?:^|[^a-z])${escape(w)}(?:$|[^a-z])`), weight] as const)]),
) as Record<EvidenceKind, (readonly [RegExp, number])[]>;

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
      for (const [kind, res] of Object.entries(KEYWORD_RES) as [EvidenceKind, (readonly [RegExp, number])[]][]) {
        for (const [re, weight] of res) if (re.test(t)) scores.set(kind, (scores.get(kind) ?? 0) + weight * title);
      }
    }
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top) return { kind: 'company-invoice', confidence: 0 };
  return { kind: top[0], confidence: round(top[1] / (top[1] + (second?.[1] ?? 0) + 1)) };
}

const DATE_LABEL_RES = fieldLabels.documentDate.map((l) => new RegExp(`(?:^|[\\s,])${l}(?=[\\s:]|$)`));

/**
 * How many of the best-ranked document-date labels (shared/ocr/labels.ts `documentDate`, from
 * "datum uittreksel" to "à jour au") name the document's own date so plainly that their line
 * counts even when it also carries another date's label ("Uittreksel vervaardigd op … ,
 * ingeschreven …"); a line with a weaker label ("issued", "datum", "date") and another date's
 * label is skipped.
 */
const PLAIN_DOCUMENT_DATE_LABELS = 20;

/** The document's date: the date after the best-ranked date label; unlabelled dates count little; other dates never. */
export function extractDocumentDate(pages: PageText[]): EvidenceField | undefined {
  let best: { f: EvidenceField; score: number } | undefined;
  for (const p of pages) {
    for (const line of p.lines) {
      const dates = findDates(line.text);
      const folded = fold(line.text);
      // Each date with the text between the previous date and it: one line may hold an invoice
      // number that reads as a date ("nr 17/03/2025") and then "Data wystawienia: 2025-03-12".
      // A later date without a label of its own belongs with an earlier "other" date ("Periode 01-01 - 31-03").
      let lineOther = false;
      for (let k = 0; k < dates.length; k++) {
        const d = dates[k]!;
        const before = folded.slice(k ? dates[k - 1]!.end : 0, d.start);
        const rank = DATE_LABEL_RES.findIndex((re) => re.test(before));
        const labelled = rank >= 0;
        const other = otherDateLabels.some((l) => before.includes(l)) || (lineOther && !labelled);
        if (other) lineOther = true;
        if (other && !(labelled && rank < PLAIN_DOCUMENT_DATE_LABELS)) continue;
        const score = labelled ? 100 - rank - (p.page - 1) : 1;
        if (best && best.score >= score) continue;
        let pos = 0;
        const words: OcrWord[] = [];
        for (const w of line.words) {
          const start = pos;
          const end = pos + fold(w.text).length;
          if (end > d.start && start < d.end) words.push(w);
          pos = end + 1;
        }
        best = { f: makeField(words.length ? words : line.words, d.iso, p.page, labelled ? 1 : 0.7), score };
      }
    }
  }
  return best?.f;
}
