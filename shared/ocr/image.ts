/**
 * Pixel work shared by the browser and Node pipelines: 8-bit greyscale rasters, a 3×3 median
 * filter (removes scan speckle that Tesseract reads as junk characters), rotation by quarter turns,
 * and binary PGM (P5) encoding, which Tesseract's Leptonica reads directly (about 2× faster than
 * PNG, measured here).
 */

/** An 8-bit greyscale raster, row-major, `width × height` bytes, 0 = black. `dpi` = pixels per inch. */
export interface GreyImage {
  width: number;
  height: number;
  dpi: number;
  data: Uint8Array;
}

/** Bytes kept free in front of a page's pixels for its PGM header (see `pagePixels`, `encodePgm`). */
const PGM_HEADER_ROOM = 64;
/** Pixel arrays made by `pagePixels`: the `PGM_HEADER_ROOM` bytes before each are theirs alone. */
const withHeaderRoom = new WeakSet<Uint8Array>();

/**
 * A zeroed pixel array of `n` bytes for a whole page, with room in front of it in the same buffer
 * for its PGM header, so that `encodePgm` writes the header there instead of copying the page.
 * A copy of a page is a fresh allocation of megabytes, and on a virtual machine touching fresh
 * memory is slow: a 6 MB page (A4 at 250 dpi) took about 30 ms to copy on the CI machine, against
 * 0.3 ms into memory already touched (docs/performance.md, "Where the OCR time goes").
 */
export function pagePixels(n: number): Uint8Array {
  const data = new Uint8Array(PGM_HEADER_ROOM + n).subarray(PGM_HEADER_ROOM);
  withHeaderRoom.add(data);
  return data;
}

/** RGBA (4 bytes per pixel, as canvas `ImageData`) to greyscale with ITU-R BT.601 luma weights; alpha composited on white. */
export function rgbaToGrey(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, dpi: number): GreyImage {
  if (rgba.length < width * height * 4) throw new RangeError(`RGBA buffer has ${rgba.length} bytes; ${width}×${height} needs ${width * height * 4}.`);
  const out = pagePixels(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) {
    const a = rgba[j + 3]! / 255;
    const y = 0.299 * rgba[j]! + 0.587 * rgba[j + 1]! + 0.114 * rgba[j + 2]!;
    out[i] = Math.round(y * a + 255 * (1 - a));
  }
  return { width, height, dpi, data: out };
}

/**
 * 3×3 median filter (edges replicate), with the 19-exchange median-of-9 network (Paeth; as in
 * N. Devillard, "Fast median search", 1998), reduced to min/max where only one side is used.
 */
export function median3x3(img: GreyImage): GreyImage {
  const { width: w, height: h, data } = img;
  const out = pagePixels(w * h);
  for (let y = 0; y < h; y++) {
    const r0 = (y > 0 ? y - 1 : 0) * w;
    const r1 = y * w;
    const r2 = (y < h - 1 ? y + 1 : y) * w;
    for (let x = 0; x < w; x++) {
      const xl = x > 0 ? x - 1 : 0;
      const xr = x < w - 1 ? x + 1 : x;
      let p0 = data[r0 + xl]!, p1 = data[r0 + x]!, p2 = data[r0 + xr]!;
      let p3 = data[r1 + xl]!, p4 = data[r1 + x]!, p5 = data[r1 + xr]!;
      let p6 = data[r2 + xl]!, p7 = data[r2 + x]!, p8 = data[r2 + xr]!;
      let t: number;
      // Paeth's median-of-9 network (19 compare-exchanges), fully inlined.
      if (p1 > p2) { t = p1; p1 = p2; p2 = t; }
      if (p4 > p5) { t = p4; p4 = p5; p5 = t; }
      if (p7 > p8) { t = p7; p7 = p8; p8 = t; }
      if (p0 > p1) { t = p0; p0 = p1; p1 = t; }
      if (p3 > p4) { t = p3; p3 = p4; p4 = t; }
      if (p6 > p7) { t = p6; p6 = p7; p7 = t; }
      if (p1 > p2) { t = p1; p1 = p2; p2 = t; }
      if (p4 > p5) { t = p4; p4 = p5; p5 = t; }
      if (p7 > p8) { t = p7; p7 = p8; p8 = t; }
      if (p0 > p3) { p3 = p0; }
      if (p5 > p8) { p5 = p8; }
      if (p4 > p7) { t = p4; p4 = p7; p7 = t; }
      if (p3 > p6) { p6 = p3; }
      if (p1 > p4) { p4 = p1; }
      if (p2 > p5) { p2 = p5; }
      if (p4 > p7) { p4 = p7; }
      if (p4 > p2) { t = p4; p4 = p2; p2 = t; }
      if (p6 > p4) { p4 = p6; }
      if (p4 > p2) { p4 = p2; }
      out[r1 + x] = p4;
    }
  }
  return { ...img, data: out };
}

/** Rotates clockwise by `degrees` (0, 90, 180, 270). */
export function rotateGrey(img: GreyImage, degrees: 0 | 90 | 180 | 270): GreyImage {
  if (degrees === 0) return img;
  const { width: w, height: h, data } = img;
  const out = pagePixels(w * h);
  if (degrees === 180) {
    for (let i = 0, n = w * h; i < n; i++) out[i] = data[n - 1 - i]!;
    return { ...img, data: out };
  }
  // 90 clockwise: new width = h; pixel (x, y) → (h - 1 - y, x). 270: (y, w - 1 - x).
  const nw = h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x]!;
      if (degrees === 90) out[x * nw + (h - 1 - y)] = v;
      else out[(w - 1 - x) * nw + y] = v;
    }
  }
  return { width: h, height: w, dpi: img.dpi, data: out };
}

/**
 * Encodes as binary PGM (P5, maxval 255) with the dpi in a comment. The page's pixels are not
 * copied when they come from `pagePixels`: the header, its comment padded with spaces to fill the
 * room, is written in front of them, and the result is their whole buffer seen from its start (so
 * it changes with `img.data`, and transferring its buffer to another thread empties the image).
 */
export function encodePgm(img: GreyImage): Uint8Array {
  const head = `P5\n# dpi ${Math.round(img.dpi)}`;
  const tail = `\n${img.width} ${img.height}\n255\n`;
  const pad = PGM_HEADER_ROOM - head.length - tail.length;
  if (withHeaderRoom.has(img.data) && pad >= 0) {
    const out = new Uint8Array(img.data.buffer, img.data.byteOffset - PGM_HEADER_ROOM, PGM_HEADER_ROOM + img.data.length);
    writeAscii(out, 0, head + ' '.repeat(pad) + tail);
    return out;
  }
  const header = head + tail;
  const out = new Uint8Array(header.length + img.data.length);
  writeAscii(out, 0, header);
  out.set(img.data, header.length);
  return out;
}

function writeAscii(out: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
}

/**
 * Downscales by an integer `factor` (box average of each `factor × factor` block, rounded; the
 * right and bottom remainders are dropped). One pass over the source rows in memory order with a
 * row of sums: a page is read once per document, so this runs cold and must be cheap per pixel.
 */
export function downscaleGrey(img: GreyImage, factor: number): GreyImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return img;
  const src = img.data;
  const sw = img.width;
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  const out = new Uint8Array(w * h);
  const sums = new Uint32Array(w);
  const area = f * f;
  for (let y = 0; y < h; y++) {
    sums.fill(0);
    for (let dy = 0; dy < f; dy++) {
      let i = (y * f + dy) * sw;
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let dx = 0; dx < f; dx++) s += src[i++]!;
        sums[x]! += s;
      }
    }
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = Math.round(sums[x]! / area);
  }
  return { width: w, height: h, dpi: img.dpi / f, data: out };
}
