/**
 * Pixel bounds of evidence reading: image sizes read from file headers BEFORE anything is decoded,
 * and the render resolution of a page chosen so that no page allocates more than the pixel budget.
 * A decoder trusts the header: a 138-byte PNG that claims 60,000 × 60,000 pixels makes it
 * allocate 3.6 G pixels (14 GB as RGBA). So the sizes are checked here, from the bytes, first.
 *
 * Formats: PNG IHDR (ISO/IEC 15948 §11.2.2), JPEG frame headers SOF0–SOF15 (ITU-T T.81 §B.2.2),
 * TIFF ImageWidth/ImageLength (tags 256/257, TIFF 6.0 §8) of every IFD, and PDF image XObjects
 * (ISO 32000-1 §8.9.5: `/Subtype /Image` with `/Width` and `/Height`; stream objects are never
 * inside object streams (§7.5.7), so their dictionaries are always plain bytes of the file).
 */
import { EvidenceError } from './errors';
import type { EvidenceLimits } from './sniff';
import type { EvidenceFileType } from './types';

/** Default pixel budget per page or image: 60 megapixels (an A4 page at 300 dpi is 8.7 MP, at 600 dpi 34.8 MP). */
export const DEFAULT_MAX_PIXELS = 60_000_000;

/** Below this resolution a rendered page is unreadable for OCR; a page that only fits the budget below it is refused. */
export const MIN_RENDER_DPI = 100;

/** Width and height in pixels. */
export interface PixelSize {
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** PNG: the IHDR chunk right after the signature, or null when absent. */
export function pngSize(b: Uint8Array): PixelSize | null {
  if (b.length < 24 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** JPEG: the first frame header (SOFn, any coding process), or null when none comes before the scan. */
export function jpegSize(b: Uint8Array): PixelSize | null {
  let i = 2;
  while (i + 9 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan: no frame header
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

/** TIFF: ImageWidth/ImageLength of every IFD (at most `maxIfds`), read without decoding any strip. */
export function tiffSizes(b: Uint8Array, maxIfds = 1000): PixelSize[] {
  if (b.length < 8) return [];
  const le = b[0] === 0x49;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (i: number) => v.getUint16(i, le);
  const u32 = (i: number) => v.getUint32(i, le);
  const sizes: PixelSize[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd && ifd + 2 <= b.length && !seen.has(ifd) && sizes.length < maxIfds) {
    seen.add(ifd);
    const n = u16(ifd);
    let width = 0, height = 0;
    for (let k = 0; k < n; k++) {
      const at = ifd + 2 + k * 12;
      if (at + 12 > b.length) break;
      const tag = u16(at);
      if (tag !== 256 && tag !== 257) continue;
      const value = u16(at + 2) === 3 ? u16(at + 8) : u32(at + 8);
      if (tag === 256) width = value;
      else height = value;
    }
    if (width && height) sizes.push({ width, height });
    const next = ifd + 2 + n * 12;
    ifd = next + 4 <= b.length ? u32(next) : 0;
  }
  return sizes;
}

/**
 * PDF: the size of every image XObject whose `/Width` and `/Height` are direct numbers in its
 * stream dictionary (an indirect size is caught later by pdf.js's `maxImageSize`, which skips
 * the image). Scans the raw bytes: cheap (≈ 50 ms for 50 MB) and independent of pdf.js.
 */
export function pdfImageSizes(b: Uint8Array): PixelSize[] {
  const text = new TextDecoder('latin1').decode(b);
  const sizes: PixelSize[] = [];
  const image = /\/Subtype\s*\/Image\b/g;
  for (let m = image.exec(text); m; m = image.exec(text)) {
    // the dictionary around the match: back to its object's start, forward to its `stream` keyword
    const start = Math.max(text.lastIndexOf(' obj', m.index), m.index - 4096, 0);
    const endAt = text.indexOf('stream', m.index);
    const dict = text.slice(start, endAt < 0 ? m.index + 4096 : Math.min(endAt, m.index + 4096));
    const width = /\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const height = /\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    if (width && height) sizes.push({ width: Number(width[1]), height: Number(height[1]) });
  }
  return sizes;
}

/** The pixel sizes the file's headers declare (images: each page; PDFs: each image XObject). */
export function declaredPixelSizes(bytes: Uint8Array, type: EvidenceFileType): PixelSize[] {
  if (type === 'png') return [pngSize(bytes)].filter((s): s is PixelSize => !!s);
  if (type === 'jpeg') return [jpegSize(bytes)].filter((s): s is PixelSize => !!s);
  if (type === 'tiff') return tiffSizes(bytes);
  return pdfImageSizes(bytes);
}

const megapixels = (n: number): string => `${Math.round(n / 1e5) / 10} megapixels`;

/**
 * Refuses a file whose headers declare an image above the pixel budget, before any decoding.
 * Returns the declared sizes (`declaredPixelSizes`), all within the budget.
 * @throws EvidenceError `image-too-large` naming the image size and the budget.
 */
export function checkDeclaredPixels(file: { name: string; bytes: Uint8Array }, type: EvidenceFileType, limits: Pick<EvidenceLimits, 'maxPixels'>): PixelSize[] {
  const budget = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const sizes = declaredPixelSizes(file.bytes, type);
  for (const s of sizes) {
    if (s.width * s.height > budget) {
      const where = type === 'pdf' ? 'contains an image of' : 'is an image of';
      throw new EvidenceError(
        'image-too-large',
        `"${file.name}" ${where} ${s.width} × ${s.height} pixels (${megapixels(s.width * s.height)}); at most ${megapixels(budget)} can be read. Scan it at 300 dpi and import it again.`,
      );
    }
  }
  return sizes;
}

/**
 * Lowest resolution a scanned page is drawn at for OCR, dpi: a scan below it is drawn at this
 * resolution (pdf.js interpolates), not at its own. Decided on the development splits
 * (docs/performance.md, OCR memory): 200 dpi scans drawn at 200 dpi lost fields that 250 and
 * 300 dpi kept; drawn at 250 dpi they read as well as at 300 dpi over the splits.
 */
export const MIN_SCAN_DRAW_DPI = 250;

/**
 * The resolution a page that is a scanned image holds, in dpi (pixels per inch of the page): the
 * highest of the image XObjects (`pdfImageSizes`) whose shape is the page's (width : height within
 * 1 %, either way round: a page with `/Rotate 90` shows its image turned), each taken as covering
 * the page. Undefined when no image has the page's shape (no scan, or an image that is only part
 * of the page). The sizes are the file's, not the page's: in a file of several scans, each page
 * gets the highest resolution among the images of its shape, never less than its own.
 *
 * @param page the page size in PDF points (1/72 inch), as drawn (rotation applied).
 * @param images the pixel sizes of the file's images.
 */
export function scanDpiFor(page: { width: number; height: number }, images: readonly PixelSize[]): number | undefined {
  if (!(page.width > 0 && page.height > 0)) return undefined;
  const shape = page.width / page.height;
  let best: number | undefined;
  for (const im of images) {
    if (!(im.width > 0 && im.height > 0)) continue;
    for (const [w, h] of [[im.width, im.height], [im.height, im.width]] as const) {
      if (Math.abs(w / h / shape - 1) > 0.01) continue;
      const dpi = (w * 72) / page.width;
      if (best === undefined || dpi > best) best = dpi;
    }
  }
  return best;
}

/**
 * The resolution to draw a page at for OCR before the pixel bounds (`renderDpiFor`): `wanted`
 * (300 dpi by default), or the page's own scan resolution (`scanDpiFor`, rounded) when that is
 * lower, but not below `MIN_SCAN_DRAW_DPI`. Drawing a 250 dpi scan at 300 dpi makes 44 % more
 * pixels than the scan holds, and memory in drawing and recognition grows with the pixels.
 *
 * @param page the page size in PDF points.
 * @param images the file's image sizes (`pdfImageSizes`).
 * @param floor the lowest resolution a scan is drawn at, dpi (default `MIN_SCAN_DRAW_DPI`; `wanted` draws every page at `wanted`).
 */
export function drawDpiFor(page: { width: number; height: number }, wanted: number, images: readonly PixelSize[], floor = MIN_SCAN_DRAW_DPI): number {
  const scan = scanDpiFor(page, images);
  if (scan === undefined) return wanted;
  return Math.min(wanted, Math.max(floor, Math.round(scan)));
}

/**
 * The resolution (dpi) to render a page of `size` PDF points at: `wanted`, lowered so that the
 * page stays within `maxPixelsPerSide` per side and the pixel budget in area.
 * @throws EvidenceError `page-too-large` when that leaves less than `MIN_RENDER_DPI` (or the size is not a finite positive number).
 */
export function renderDpiFor(size: { width: number; height: number }, wanted: number, limits: Pick<EvidenceLimits, 'maxPixels' | 'maxPixelsPerSide'>, fileName: string, page: number): number {
  const w = size.width / 72;
  const h = size.height / 72;
  const budget = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const dpi = Math.floor(Math.min(wanted, limits.maxPixelsPerSide / Math.max(w, h), Math.sqrt(budget / (w * h))));
  if (!(w > 0 && h > 0 && Number.isFinite(w * h)) || !(dpi >= MIN_RENDER_DPI)) {
    const cm = (inches: number) => (Number.isFinite(inches) ? Math.round(inches * 2.54) : inches);
    throw new EvidenceError('page-too-large', `Page ${page} of "${fileName}" measures ${cm(w)} × ${cm(h)} cm; it is too large to read (at most ${megapixels(budget)} at ${MIN_RENDER_DPI} dpi).`);
  }
  return dpi;
}
