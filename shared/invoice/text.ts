/**
 * Text measuring and wrapping over pdf-lib fonts, and the font pair an invoice is set in.
 * Sizes are in PDF points (1/72 inch).
 */
import type { PDFFont } from 'pdf-lib';

/** The two faces an invoice uses, plus the text clean-up their encoding needs. */
export interface InvoiceFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Maps text to what the fonts can encode (identity for embedded Unicode fonts). */
  clean(text: string): string;
}

/** Characters WinAnsiEncoding (the standard 14 fonts' encoding) adds above U+00FF. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Reduces `text` to WinAnsi for the standard (non-embedded) fonts, used only for the benchmark
 * floor: accents outside Latin-1 are stripped (ź → z), Ł/ł → L/l, anything else → "?".
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === 'Ł') out += 'L';
    else if (ch === 'ł') out += 'l';
    else if (c === 0x202f) out += '\u00a0';
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((b) => b.charCodeAt(0) < 0x7f) ? base : '?';
    }
  }
  return out;
}

/** Width of `text` in points at `size`. */
export function widthOf(font: PDFFont, text: string, size: number): number {
  return font.widthOfTextAtSize(text, size);
}

/**
 * Breaks `text` into lines no wider than `maxWidth` points at `size`: at spaces where possible,
 * inside a word only when the word alone is too wide. Explicit newlines are kept. Never returns
 * an empty array (an empty text gives one empty line).
 */
export function wrapText(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOf(font, candidate, size) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // A single word wider than the column: split it by characters.
      let rest = word;
      while (widthOf(font, rest, size) > maxWidth) {
        let cut = rest.length - 1;
        while (cut > 1 && widthOf(font, rest.slice(0, cut), size) > maxWidth) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}
