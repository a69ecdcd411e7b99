import { describe, expect, it } from 'vitest';
import { downscaleGrey, type GreyImage } from '../../../shared/ocr/image';
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

