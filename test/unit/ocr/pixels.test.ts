import { describe, expect, it } from 'vitest';
import { downscaleGrey, encodePgm, median3x3, rotateGrey, type GreyImage } from '../../../shared/ocr/image';
import { otsu } from '../../../shared/ocr/orientation';

/** A noisy page-like raster (deterministic). */
function noisy(width: number, height: number, seed = 7): GreyImage {
  const data = new Uint8Array(width * height);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s >>> 16) & 255;
  }
  return { width, height, dpi: 300, data };
}

describe('downscaleGrey', () => {
  it('is the rounded mean of each factor × factor block, remainders dropped', () => {
    const img = noisy(53, 38);
    for (const f of [2, 3, 4, 5]) {
      const small = downscaleGrey(img, f);
      expect([small.width, small.height, small.dpi]).toEqual([Math.floor(53 / f), Math.floor(38 / f), 300 / f]);
      for (let y = 0; y < small.height; y++) {
        for (let x = 0; x < small.width; x++) {
          let sum = 0;
          for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) sum += img.data[(y * f + dy) * 53 + x * f + dx]!;
          expect(small.data[y * small.width + x]).toBe(Math.round(sum / (f * f)));
        }
      }
    }
  });
});

describe('otsu', () => {
  it('splits a two-level page between its levels', () => {
    const data = new Uint8Array(1000).fill(230);
    data.fill(30, 0, 200);
    const t = otsu(data);
    expect(t).toBeGreaterThan(30);
    expect(t).toBeLessThanOrEqual(230);
  });
});

describe('encodePgm', () => {
  /** The header fields and the pixels of a PGM (P5) file, as Leptonica parses them (comments skipped). */
  function parsePgm(bytes: Uint8Array) {
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, 80));
    const m = /^P5\n#([^\n]*)\n(\d+) (\d+)\n255\n/.exec(text)!;
    return { comment: m[1]!.trim(), width: Number(m[2]), height: Number(m[3]), pixels: [...bytes.subarray(m[0].length)] };
  }

  it('gives the same header fields and pixels for a page drawn by the pipeline (header written in place) as for any other raster', () => {
    const plain = noisy(31, 17);
    const drawn = median3x3(plain); // pixels with room for the header in front
    const copy: GreyImage = { ...drawn, data: Uint8Array.from(drawn.data) };
    const expected = { comment: 'dpi 300', width: 31, height: 17, pixels: [...copy.data] };
    expect(parsePgm(encodePgm(drawn))).toEqual(expected);
    expect(parsePgm(encodePgm(copy))).toEqual(expected);
    expect(new TextDecoder().decode(encodePgm(copy).subarray(0, 20))).toBe('P5\n# dpi 300\n31 17\n255\n'.slice(0, 20));
    const turned = rotateGrey(drawn, 90);
    expect(parsePgm(encodePgm(turned))).toEqual({ comment: 'dpi 300', width: 17, height: 31, pixels: [...turned.data] });
    // a second encoding (another dpi) rewrites the header, the pixels stay
    expect(parsePgm(encodePgm({ ...drawn, dpi: 150 }))).toEqual({ ...expected, comment: 'dpi 150' });
    // the drawn page's PGM is its whole buffer: tesseract.js can take it without a copy
    const pgm = encodePgm(drawn);
    expect([pgm.byteOffset, pgm.byteLength]).toEqual([0, pgm.buffer.byteLength]);
  });

  it('never writes outside its own image when the pixels are a view into someone else\'s buffer', () => {
    const shared = new Uint8Array(100).fill(9);
    const img: GreyImage = { width: 4, height: 4, dpi: 300, data: shared.subarray(50, 66) };
    encodePgm(img);
    expect([...shared]).toEqual(new Array(100).fill(9));
  });
});
