/** Turns fixture layouts (positioned text in PDF points) into `PageText` as a perfect reader would see it. */
import { groupLines } from '../../../shared/ocr/layout';
import type { OcrWord, PageText } from '../../../shared/ocr/types';
import type { El } from '../../fixtures/evidence/layouts';

/**
 * Words with boxes from elements: 0.5 × size per character (close to Liberation Sans' average).
 * Rotated elements (stamps) are left out: a reader does not get their words on a line.
 */
export function pagesFromLayout(pages: (El & { rotate?: number })[][]): PageText[] {
  return pages.map((els, i) => {
    const words: OcrWord[] = [];
    for (const e of els) {
      if (e.rotate && Math.abs(e.rotate) > 3) continue;
      const cw = e.size * 0.5;
      let x = e.x;
      for (const part of e.text.split(' ')) {
        if (part) words.push({ text: part, confidence: 0.96, bbox: [x, e.y - e.size * 0.75, x + part.length * cw, e.y + e.size * 0.2] });
        x += (part.length + 1) * cw;
      }
    }
    return { page: i + 1, width: 595.28, height: 841.89, source: 'text-layer' as const, rotation: 0 as const, lines: groupLines(words) };
  });
}
