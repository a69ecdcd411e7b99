import UTIF from 'utif2';
import { DEFAULT_MAX_PIXELS } from './bounds';
import { EvidenceError } from './errors';
import { rgbaToGrey, type GreyImage } from './image';
import type { EvidenceSource } from './pipeline';

/** Default resolution assumed for images without a usable density (dpi). */
export const DEFAULT_IMAGE_DPI = 300;

/**
 * Resolution (dpi) stored in a JPEG (JFIF APP0 density) or PNG (pHYs chunk), or null when absent
 * or implausible (< 50 dpi, e.g. the 72 dpi "unknown" default of many phones, or > 2400 dpi).
 */
export function imageDpi(bytes: Uint8Array): number | null {
  const plausible = (d: number): number | null => (d >= 100 && d <= 2400 ? Math.round(d) : null);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // JFIF: FF E0 len 'JFIF\0' ver(2) units(1) xdens(2) ydens(2)
    if (bytes[2] === 0xff && bytes[3] === 0xe0 && bytes[6] === 0x4a && bytes[7] === 0x46) {
      const units = bytes[13];
      const x = (bytes[14]! << 8) | bytes[15]!;
      if (units === 1) return plausible(x);
      if (units === 2) return plausible(x * 2.54);
    }
    return null;
  }
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    let i = 8;
    while (i + 12 <= bytes.length) {
      const len = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
      const type = String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!);
      if (type === 'pHYs' && len >= 9) {
        const ppm = ((bytes[i + 8]! << 24) | (bytes[i + 9]! << 16) | (bytes[i + 10]! << 8) | bytes[i + 11]!) >>> 0;
        return bytes[i + 16] === 1 ? plausible(ppm * 0.0254) : null;
      }
      if (type === 'IDAT' || type === 'IEND') break;
      i += 12 + len;
    }
  }
  return null;
}

/**
 * An `EvidenceSource` over already-decoded raster pages (JPEG/PNG via the environment's decoder,
 * TIFF via `tiffPages`). Images have no text layer; `render` returns the image at its own
 * resolution (the pipeline scales boxes by the image's dpi).
 */
export function rasterSource(pages: GreyImage[]): EvidenceSource {
  const get = (n: number): GreyImage => {
    const p = pages[n - 1];
    if (!p) throw new RangeError(`Page ${n} does not exist (${pages.length} pages).`);
    return p;
  };
  return {
    pageCount: pages.length,
    async pageSize(n) {
      const p = get(n);
      return { width: (p.width * 72) / p.dpi, height: (p.height * 72) / p.dpi };
    },
    async textWords() {
      return [];
    },
    async render(n) {
      return get(n);
    },
    async close() {},
  };
}

/**
 * Decodes every page (IFD) of a TIFF with utif2 into greyscale. Resolution from XResolution
 * (tag 282) with ResolutionUnit (296: 2 = inch, 3 = cm), else `DEFAULT_IMAGE_DPI`.
 *
 * @throws EvidenceError `corrupt` when the TIFF cannot be decoded; `too-many-pages` past `maxPages`;
 *   `image-too-large` when a page declares more than `maxPixels` pixels (checked before decoding).
 */
export function tiffPages(bytes: Uint8Array, fileName: string, maxPages: number, maxPixels = DEFAULT_MAX_PIXELS): GreyImage[] {
  try {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const ifds = UTIF.decode(buf).filter((ifd) => ifd['t256'] && ifd['t257']);
    if (ifds.length > maxPages) throw new EvidenceError('too-many-pages', `"${fileName}" has ${ifds.length} pages; at most ${maxPages} are accepted.`);
    // every page's declared size is checked before any page is decoded
    for (const ifd of ifds) checkDeclaredSize(Number((ifd['t256'] as number[])[0]), Number((ifd['t257'] as number[])[0]), fileName, maxPixels);
    return ifds.map((ifd) => {
      UTIF.decodeImage(buf, ifd);
      const rgba = UTIF.toRGBA8(ifd);
      const w = Number(ifd.width);
      const h = Number(ifd.height);
      const xres = ifd['t282'] as number[] | undefined;
      const unit = (ifd['t296'] as number[] | undefined)?.[0] ?? 2;
      const raw = xres?.[0] ? (unit === 3 ? xres[0] * 2.54 : xres[0]) : 0;
      const dpi = raw >= 100 && raw <= 2400 ? Math.round(raw) : DEFAULT_IMAGE_DPI;
      return rgbaToGrey(rgba, w, h, dpi);
    });
  } catch (e) {
    if (e instanceof EvidenceError) throw e;
    throw new EvidenceError('corrupt', `"${fileName}" is a damaged TIFF image and cannot be read.`, { cause: e });
  }
}

function checkDeclaredSize(width: number, height: number, fileName: string, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new EvidenceError('image-too-large', `"${fileName}" has a page of ${width} × ${height} pixels; at most ${Math.round(maxPixels / 1e5) / 10} megapixels can be read. Scan it at 300 dpi and import it again.`);
  }
}
