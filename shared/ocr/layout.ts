import type { BBox, OcrLine, OcrWord } from './types';

/**
 * A run of text as a PDF text layer gives it: `text` (may hold several words), left `x`, top `y`,
 * `width` and `height`, all in PDF points with the origin top left.
 */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Splits text-layer runs into words; each word's box is its share of the run width by character
 * count (exact for monospace, close enough for proportional fonts). Text-layer words get
 * confidence 1.
 */
export function wordsFromTextRuns(runs: TextRun[]): OcrWord[] {
  const words: OcrWord[] = [];
  for (const run of runs) {
    const text = run.text;
    if (!text.trim() || run.width <= 0) continue;
    const perChar = run.width / text.length;
    const re = /\S+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const x0 = run.x + m.index * perChar;
      words.push({ text: m[0], confidence: 1, bbox: [x0, run.y, x0 + m[0].length * perChar, run.y + run.height] });
    }
  }
  return words;
}

/** Union of boxes. */
export function unionBox(boxes: BBox[]): BBox {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b[0]); y0 = Math.min(y0, b[1]); x1 = Math.max(x1, b[2]); y1 = Math.max(y1, b[3]);
  }
  return boxes.length ? [x0, y0, x1, y1] : [0, 0, 0, 0];
}

/** Builds a line from words (sorted left to right); confidence is the mean of the words'. */
export function makeLine(words: OcrWord[]): OcrLine {
  const sorted = [...words].sort((a, b) => a.bbox[0] - b.bbox[0]);
  const conf = sorted.reduce((s, w) => s + w.confidence, 0) / Math.max(1, sorted.length);
  return { words: sorted, text: sorted.map((w) => w.text).join(' '), bbox: unionBox(sorted.map((w) => w.bbox)), confidence: conf };
}

/**
 * Groups words into lines: words whose vertical extents overlap by at least half of the smaller
 * height belong together. Lines come back top to bottom. For unskewed text (text layers).
 */
export function groupLines(words: OcrWord[]): OcrLine[] {
  const sorted = [...words].sort((a, b) => (a.bbox[1] + a.bbox[3]) / 2 - (b.bbox[1] + b.bbox[3]) / 2);
  const groups: OcrWord[][] = [];
  for (const w of sorted) {
    const h = w.bbox[3] - w.bbox[1];
    const g = groups[groups.length - 1];
    if (g) {
      const top = Math.max(...g.map((x) => x.bbox[1]));
      const bottom = Math.min(...g.map((x) => x.bbox[3]));
      const gh = Math.min(...g.map((x) => x.bbox[3] - x.bbox[1]));
      const overlap = Math.min(bottom, w.bbox[3]) - Math.max(top, w.bbox[1]);
      if (overlap >= 0.5 * Math.min(h, gh)) {
        g.push(w);
        continue;
      }
    }
    groups.push([w]);
  }
  return groups.map(makeLine);
}

/**
 * Splits a line where the gap between two words exceeds `gapFactor` × the line's median character
 * width: separates side-by-side columns that OCR joined into one line. Returns the segments left
 * to right (one segment when there is no wide gap).
 */
export function splitSegments(line: OcrLine, gapFactor = 3.5): OcrLine[] {
  if (line.words.length < 2) return [line];
  const charWidths = line.words.map((w) => (w.bbox[2] - w.bbox[0]) / Math.max(1, w.text.length)).sort((a, b) => a - b);
  const cw = charWidths[Math.floor(charWidths.length / 2)]!;
  const segments: OcrWord[][] = [[line.words[0]!]];
  for (let i = 1; i < line.words.length; i++) {
    const gap = line.words[i]!.bbox[0] - line.words[i - 1]!.bbox[2];
    if (gap > gapFactor * cw) segments.push([]);
    segments[segments.length - 1]!.push(line.words[i]!);
  }
  return segments.map(makeLine);
}
