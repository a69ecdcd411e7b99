import { describe, expect, it } from 'vitest';
import { sniffEvidenceFile } from '../../../shared/ocr/sniff';
import { evidenceErrorCode } from '../../support/evidenceErrors';
import { median3x3, rotateGrey, encodePgm } from '../../../shared/ocr/image';
import { horizontalTextScore } from '../../../shared/ocr/orientation';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const code = evidenceErrorCode;

describe('sniffEvidenceFile', () => {
  it('detects types by content', () => {
    expect(sniffEvidenceFile({ name: 'a.pdf', bytes: new TextEncoder().encode('%PDF-1.7\n') })).toBe('pdf');
    expect(sniffEvidenceFile({ name: 'scan.png', bytes: png })).toBe('png');
    expect(sniffEvidenceFile({ name: 'x.jpg', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]) })).toBe('jpeg');
    expect(sniffEvidenceFile({ name: 'x.tif', bytes: Uint8Array.from([0x49, 0x49, 0x2a, 0]) })).toBe('tiff');
  });
  it('gives specific errors', () => {
    expect(code(() => sniffEvidenceFile({ name: 'a.pdf', bytes: new Uint8Array() }))).toBe('empty');
    expect(code(() => sniffEvidenceFile({ name: 'a.pdf', bytes: png }))).toBe('unsupported-type');
    expect(code(() => sniffEvidenceFile({ name: 'a.pdf', bytes: new TextEncoder().encode('hello') }))).toBe('corrupt');
    expect(code(() => sniffEvidenceFile({ name: 'a.docx', bytes: new TextEncoder().encode('PK..') }))).toBe('unsupported-type');
    expect(code(() => sniffEvidenceFile({ name: 'a.pdf', bytes: new Uint8Array(11) }, { maxBytes: 10, maxPages: 50, maxPixelsPerSide: 1e4 }))).toBe('too-large');
  });
});

describe('pixel helpers', () => {
  it('median removes an isolated speck and keeps edges', () => {
    const data = new Uint8Array(25).fill(255);
    data[12] = 0;
    expect(median3x3({ width: 5, height: 5, dpi: 300, data }).data[12]).toBe(255);
  });
  it('rotates by quarter turns (four turns = identity)', () => {
    const img = { width: 3, height: 2, dpi: 300, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const r90 = rotateGrey(img, 90);
    expect([r90.width, r90.height, [...r90.data]]).toEqual([2, 3, [4, 1, 5, 2, 6, 3]]);
    expect([...rotateGrey(rotateGrey(r90, 90), 180).data]).toEqual([...img.data]);
    expect(encodePgm(img).length).toBe(new TextEncoder().encode('P5\n# dpi 300\n3 2\n255\n').length + 6);
  });
  it('tells horizontal text lines from vertical ones', () => {
    // Synthetic "text": dark 8-px bars every 24 px with word gaps.
    const w = 600, h = 600, data = new Uint8Array(w * h).fill(240);
    for (let y = 40; y < 560; y += 24) for (let yy = y; yy < y + 8; yy++) for (let x = 40; x < 560; x++) if (x % 50 < 40) data[yy * w + x] = 20;
    const img = { width: w, height: h, dpi: 75, data };
    expect(horizontalTextScore(img)).toBeGreaterThan(1);
    expect(horizontalTextScore(rotateGrey(img, 90))).toBeLessThan(1);
  });
});

describe('imageDpi', () => {
  it('reads JFIF density and PNG pHYs; ignores implausible values', async () => {
    const { imageDpi } = await import('../../../shared/ocr/raster');
    const jfif = (units: number, d: number) => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, units, d >> 8, d & 255, d >> 8, d & 255, 0, 0]);
    expect(imageDpi(jfif(1, 300))).toBe(300);
    expect(imageDpi(jfif(2, 118))).toBe(300); // dots per cm
    expect(imageDpi(jfif(1, 72))).toBeNull(); // the "unknown" default of many phones
    const ppm = Math.round(200 / 0.0254);
    const phys = [0, 0, 0, 9, 0x70, 0x48, 0x59, 0x73, ppm >>> 24, (ppm >> 16) & 255, (ppm >> 8) & 255, ppm & 255, ppm >>> 24, (ppm >> 16) & 255, (ppm >> 8) & 255, ppm & 255, 1, 0, 0, 0, 0];
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...phys]);
    expect(imageDpi(png)).toBe(200);
  });
});
