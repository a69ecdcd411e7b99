import { downscaleGrey, type GreyImage } from './image';

/**
 * Cheap text-direction test on pixels (projection profiles): lines of horizontal text make the
 * row-ink profile alternate sharply between text rows and gaps, while the column profile stays
 * smoother; a page turned 90°/270° shows the opposite. Returns the ink-weighted geometric mean over
 * one-inch tiles of row/column profile "roughness"; > 1 suggests horizontal text. A hint only:
 * heavy skew and sparse pages blur it (see `VERTICAL_TEXT_SCORE` in pipeline.ts).
 *
 * This cannot tell 0° from 180° (nor 90° from 270°): the pipeline decides that by recognising
 * both ways when the first reading is poor (see `pipeline.ts`).
 */
export function horizontalTextScore(img: GreyImage): number {
  // Work at ≈75 dpi: fast and still resolves text lines (≈ 8–12 px tall).
  const small = downscaleGrey(img, Math.max(1, Math.round(img.dpi / 75)));
  const { width: w, height: h, data } = small;
  const threshold = otsu(data);
  // Per tile of about one inch: a skew of a few degrees smears rows over a whole page width, but
  // not over one inch. Each inked tile votes log(row roughness / column roughness), weighted by ink.
  const tile = Math.max(16, Math.round(small.dpi));
  const rows = new Float64Array(tile);
  const cols = new Float64Array(tile);
  let votes = 0, weight = 0;
  for (let y0 = 0; y0 + tile / 2 < h; y0 += tile) {
    for (let x0 = 0; x0 + tile / 2 < w; x0 += tile) {
      const th = Math.min(tile, h - y0), tw = Math.min(tile, w - x0);
      rows.fill(0);
      cols.fill(0);
      let ink = 0;
      for (let y = 0; y < th; y++) {
        const row = (y0 + y) * w + x0;
        let inRow = 0;
        for (let x = 0; x < tw; x++) {
          if (data[row + x]! < threshold) {
            inRow++;
            cols[x]! += 1;
          }
        }
        rows[y] = inRow;
        ink += inRow;
      }
      if (ink < 0.03 * th * tw) continue;
      const r = roughness(rows, th), c = roughness(cols, tw);
      if (r <= 0 || c <= 0) continue;
      votes += ink * Math.log(r / c);
      weight += ink;
    }
  }
  return weight ? Math.exp(votes / weight) : 1;
}

/** Mean squared difference between neighbours, normalised by the squared mean, over `profile[0..n)`. */
function roughness(profile: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += profile[i]!;
  const mean = sum / Math.max(1, n);
  if (mean === 0) return 0;
  let d = 0;
  for (let i = 1; i < n; i++) d += (profile[i]! - profile[i - 1]!) ** 2;
  return d / Math.max(1, n - 1) / (mean * mean);
}

/** Otsu's threshold over an 8-bit histogram. */
export function otsu(data: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i]!]! += 1;
  const total = data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold + 1;
}
