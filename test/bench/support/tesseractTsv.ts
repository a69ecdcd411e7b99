/**
 * Reading the native Tesseract CLI's TSV output (`tesseract <image> - tsv`) for the OCR benches
 * (not a bench itself). Columns, per the Tesseract documentation: level, page_num, block_num,
 * par_num, line_num, word_num, left, top, width, height, conf, text; level 5 is a word.
 */
import { makeLine } from '../../../shared/ocr/layout';
import type { OcrLine, OcrWord } from '../../../shared/ocr/types';

/**
 * Native tesseract TSV → lines of words, in pixels of the image Tesseract read; a word's
 * confidence is Tesseract's 0–100 scaled to 0–1 (its -1 for "none" read as 0). Rows other than
 * words and words with no text are left out.
 */
export function parseTsv(tsv: string): OcrLine[] {
  const lines = new Map<string, OcrWord[]>();
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5' || !c[11]!.trim()) continue;
    const key = `${c[2]}-${c[3]}-${c[4]}`;
    const [l, t, w, h] = [Number(c[6]), Number(c[7]), Number(c[8]), Number(c[9])];
    const words = lines.get(key) ?? [];
    words.push({ text: c[11]!.trim(), confidence: Math.max(0, Number(c[10])) / 100, bbox: [l, t, l + w, t + h] });
    lines.set(key, words);
  }
  return [...lines.values()].map(makeLine);
}
