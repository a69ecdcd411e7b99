/**
 * Test support for the OCR engine: a rendered line of printed text, for tests that give the real
 * tesseract.js a page image without a PDF.
 */
import { createCanvas } from '@napi-rs/canvas';
import { rgbaToGrey, type GreyImage } from '../../shared/ocr/image';

/** `text` drawn black on white, 48 px sans-serif, as a 900×120 px grey image at 300 dpi. */
export function textLine(text: string): GreyImage {
  const canvas = createCanvas(900, 120);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 900, 120);
  ctx.fillStyle = '#000';
  ctx.font = '48px sans-serif';
  ctx.fillText(text, 20, 80);
  return rgbaToGrey(ctx.getImageData(0, 0, 900, 120).data, 900, 120, 300);
}
