/**
 * Test support for OCR field extraction: pages made from plain text, so a test states a document's
 * lines instead of OCR output.
 */
import { makeLine } from '../../shared/ocr/layout';
import type { OcrLine, OcrWord, PageText } from '../../shared/ocr/types';

/**
 * Builds pages as a text layer would give them from plain text: one page per string, lines split
 * on newlines, one word per space-separated token. Geometry in PDF points on an A4 page (595 × 842):
 * 6 pt per character, a single space 6 pt, a run of three or more spaces 60 pt (a column gap),
 * lines 14 pt apart from (40, 40); every word has confidence 0.95.
 */
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
