import { EvidenceError } from './errors';
import type { EvidenceFileType } from './types';

/**
 * Limits on evidence input: more than `maxPages` pages or more than `maxBytes` bytes is
 * refused with `too-many-pages` / `too-large` before any rendering.
 */
export interface EvidenceLimits {
  /** Largest accepted file, bytes (default 50 MB = 50 × 1024 × 1024). */
  maxBytes: number;
  /** Most pages accepted (default 50). */
  maxPages: number;
  /** Longest accepted page/image side in pixels after rendering (default 10,000; memory guard). */
  maxPixelsPerSide: number;
  /**
   * Pixel budget per page or image (default `DEFAULT_MAX_PIXELS`, 60 megapixels): images whose
   * headers declare more are refused before decoding, pages are rendered at a resolution that fits.
   */
  maxPixels?: number;
}

/** Default limits: 50 pages, 50 MB, 10,000 pixels per side, 60 megapixels per page. */
export const defaultEvidenceLimits: EvidenceLimits = { maxBytes: 50 * 1024 * 1024, maxPages: 50, maxPixelsPerSide: 10_000, maxPixels: 60_000_000 };

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => sig.every((v, i) => b[at + i] === v);

/**
 * Detects the file type from its first bytes ("magic numbers"), never from the name or MIME type:
 * PDF `%PDF-` (within the first 1,024 bytes, as PDF readers allow), JPEG `FF D8 FF`, PNG
 * `89 50 4E 47 0D 0A 1A 0A`, TIFF `II*\0` / `MM\0*`.
 *
 * @throws EvidenceError `empty` for zero bytes, `too-large` past `limits.maxBytes`,
 *   `unsupported-type` for anything else (the message names the type the extension/MIME claimed).
 */
export function sniffEvidenceFile(
  file: { name: string; mimeType?: string; bytes: Uint8Array },
  limits: EvidenceLimits = defaultEvidenceLimits,
): EvidenceFileType {
  const b = file.bytes;
  if (b.byteLength === 0) throw new EvidenceError('empty', `"${file.name}" is empty (0 bytes).`);
  if (b.byteLength > limits.maxBytes) {
    throw new EvidenceError(
      'too-large',
      `"${file.name}" is ${(b.byteLength / 1048576).toFixed(1)} MB; the limit is ${Math.round(limits.maxBytes / 1048576)} MB.`,
    );
  }
  const actual = contentType(b);
  const claimed = claimedType(file);
  if (actual && claimed && actual !== claimed) {
    throw new EvidenceError(
      'unsupported-type',
      `"${file.name}" is named as a ${claimed.toUpperCase()} file but contains a ${actual.toUpperCase()} image; rename it with the right extension or export it again.`,
    );
  }
  if (actual) return actual;
  if (claimed === 'pdf') {
    throw new EvidenceError('corrupt', `"${file.name}" is named as a PDF but has no PDF header; it is damaged or not a PDF.`);
  }
  throw new EvidenceError('unsupported-type', `"${file.name}" is not a PDF, JPEG, PNG or TIFF file.`);
}

/** The type given by the first bytes, or null. */
export function contentType(b: Uint8Array): EvidenceFileType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  const head = b.subarray(0, Math.min(b.byteLength, 1024));
  for (let i = 0; i + 5 <= head.length; i++) {
    if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d], i)) return 'pdf';
  }
  return null;
}

/** The type the file name's extension (else the MIME type) claims, or null when it claims none we know. */
export function claimedType(file: { name: string; mimeType?: string }): EvidenceFileType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const byExt: Record<string, EvidenceFileType> = { pdf: 'pdf', jpg: 'jpeg', jpeg: 'jpeg', png: 'png', tif: 'tiff', tiff: 'tiff' };
  if (ext && byExt[ext]) return byExt[ext];
  const byMime: Record<string, EvidenceFileType> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/tiff': 'tiff' };
  return (file.mimeType && byMime[file.mimeType.toLowerCase()]) || null;
}
