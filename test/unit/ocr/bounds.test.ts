/**
 * Pixel bounds (shared/ocr/bounds.ts) on the generated bombs of test/fixtures/hostile and on the
 * real evidence fixtures (which must all pass), and the blank-page / readable-text tests of the
 * pipeline.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { checkDeclaredPixels, declaredPixelSizes, drawDpiFor, jpegSize, MIN_SCAN_DRAW_DPI, pdfImageSizes, pngSize, renderDpiFor, scanDpiFor, tiffSizes } from '../../../shared/ocr/bounds';
import { evidenceErrorCode } from '../../support/evidenceErrors';
import { defaultEvidenceLimits, sniffEvidenceFile } from '../../../shared/ocr/sniff';
import { hasReadableText, isBlank } from '../../../shared/ocr/pipeline';
import { tiffPages } from '../../../shared/ocr/raster';
import type { PageText } from '../../../shared/ocr/types';

const hostile = (name: string) => new Uint8Array(readFileSync(`test/fixtures/hostile/${name}`));
const code = evidenceErrorCode;
const check = (name: string, bytes = hostile(name)) => code(() => checkDeclaredPixels({ name, bytes }, sniffEvidenceFile({ name, bytes }), defaultEvidenceLimits));

describe('image sizes from headers, before decoding', () => {
  it('reads the sizes the bombs declare', () => {
    expect(pngSize(hostile('png-60000-header.png'))).toEqual({ width: 60000, height: 60000 });
    expect(pngSize(hostile('png-20000-1bit.png'))).toEqual({ width: 20000, height: 20000 });
    expect(jpegSize(hostile('jpeg-60000-header.jpg'))).toEqual({ width: 60000, height: 60000 });
    expect(tiffSizes(hostile('tiff-60000-header.tif'))).toEqual([{ width: 60000, height: 60000 }]);
    expect(pdfImageSizes(hostile('pdf-image-40000.pdf'))).toEqual([{ width: 40000, height: 40000 }]);
  });
  it('refuses every bomb with image-too-large', () => {
    for (const f of ['png-60000-header.png', 'png-20000-1bit.png', 'jpeg-60000-header.jpg', 'tiff-60000-header.tif', 'pdf-image-40000.pdf']) expect(check(f), f).toBe('image-too-large');
  });
  it('tiffPages refuses a page above the budget before decoding it', () => {
    expect(code(() => tiffPages(hostile('tiff-60000-header.tif'), 't.tif', 50))).toBe('image-too-large');
  });
  it('passes every real evidence fixture (scans up to 300 dpi) and small images', () => {
    const dir = 'test/fixtures/evidence';
    const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(10);
    let images = 0;
    for (const f of pdfs) {
      const bytes = new Uint8Array(readFileSync(`${dir}/${f}`));
      images += declaredPixelSizes(bytes, 'pdf').length;
      expect(check(f, bytes), f).toBe('none');
    }
    expect(images).toBeGreaterThan(10); // the scans' image XObjects were found, and are within budget
    expect(check('one-pixel.png')).toBe('none');
  });
});

describe('render resolution within the pixel budget', () => {
  const limits = defaultEvidenceLimits;
  it('A4 at 300 dpi; A0 lowered to fit 60 megapixels', () => {
    expect(renderDpiFor({ width: 595, height: 842 }, 300, limits, 'a.pdf', 1)).toBe(300);
    const a0 = renderDpiFor({ width: 2384, height: 3370 }, 300, limits, 'a.pdf', 1);
    expect(a0).toBeLessThan(300);
    expect(((a0 * 2384) / 72) * ((a0 * 3370) / 72)).toBeLessThanOrEqual(60e6);
  });
  it('a 200 × 200 inch page and a page of 10^7 points are page-too-large, not a canvas error', () => {
    expect(code(() => renderDpiFor({ width: 14400, height: 14400 }, 300, limits, 'a.pdf', 1))).toBe('page-too-large');
    expect(code(() => renderDpiFor({ width: 1e7, height: 1e7 }, 300, limits, 'a.pdf', 1))).toBe('page-too-large');
    expect(code(() => renderDpiFor({ width: 0, height: 842 }, 300, limits, 'a.pdf', 1))).toBe('page-too-large');
  });
});

describe('a scan is drawn at its own resolution, not below the floor', () => {
  const a4 = { width: 595.28, height: 841.89 };
  const at = (dpi: number) => ({ width: Math.round((a4.width * dpi) / 72), height: Math.round((a4.height * dpi) / 72) });
  it('a full-page image gives the page its resolution, whichever way round it is stored', () => {
    expect(scanDpiFor(a4, [at(250)])).toBeCloseTo(250, 0);
    expect(scanDpiFor({ width: a4.height, height: a4.width }, [at(250)])).toBeCloseTo(250, 0);
    expect(scanDpiFor(a4, [at(200), at(250)])).toBeCloseTo(250, 0);
  });
  it('an image of another shape (a logo, a photo on the page) is not the page', () => {
    expect(scanDpiFor(a4, [{ width: 400, height: 100 }, { width: 1000, height: 1000 }])).toBeUndefined();
    expect(drawDpiFor(a4, 300, [{ width: 400, height: 100 }])).toBe(300);
    expect(drawDpiFor(a4, 300, [])).toBe(300);
  });
  it('250 dpi drawn at 250; 200 dpi at the floor; 600 dpi at 300; the floor set to 300 draws at 300', () => {
    expect(drawDpiFor(a4, 300, [at(250)])).toBe(250);
    expect(drawDpiFor(a4, 300, [at(200)])).toBe(MIN_SCAN_DRAW_DPI);
    expect(drawDpiFor(a4, 300, [at(600)])).toBe(300);
    expect(drawDpiFor(a4, 300, [at(250)], 300)).toBe(300);
    expect(drawDpiFor(a4, 150, [at(250)])).toBe(150);
  });
  it('the declared sizes come back from the check', () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n4 0 obj\n<< /Type /XObject /Subtype /Image /Width 2067 /Height 2923 /BitsPerComponent 8 >>\nstream\n');
    expect(checkDeclaredPixels({ name: 'a.pdf', bytes }, 'pdf', defaultEvidenceLimits)).toEqual([{ width: 2067, height: 2923 }]);
  });
});

describe('no readable text', () => {
  const grey = (w: number, h: number, dark: number) => {
    const data = new Uint8Array(w * h).fill(255);
    data.fill(0, 0, dark);
    return { width: w, height: h, dpi: 300, data };
  };
  it('isBlank: an empty page and a 1×1 image are blank, a page with a few characters is not', () => {
    expect(isBlank(grey(2480, 3508, 0))).toBe(true);
    expect(isBlank(grey(2480, 3508, 100))).toBe(true);
    expect(isBlank(grey(1, 1, 1))).toBe(true);
    expect(isBlank(grey(2480, 3508, 1000))).toBe(false);
  });
  const page = (words: [string, number][]): PageText => ({
    page: 1,
    width: 595,
    height: 842,
    source: 'ocr',
    rotation: 0,
    lines: [{ text: '', bbox: [0, 0, 1, 1], confidence: 1, words: words.map(([text, confidence]) => ({ text, confidence, bbox: [0, 0, 1, 1] })) }],
  });
  it('hasReadableText: specks and low-confidence junk are not text; a name and a number are', () => {
    expect(hasReadableText([])).toBe(false);
    expect(hasReadableText([page([['.', 0.9], ['~', 0.3], ['ll', 0.2], ['Wi', 0.3], ['a', 0.95]])])).toBe(false);
    expect(hasReadableText([page([['Bakkerij', 0.91], ['12345678', 0.88]])])).toBe(true);
  });
});
