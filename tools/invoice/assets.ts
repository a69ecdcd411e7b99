/**
 * Loads the invoice assets from the repository's `resources/` on disk (Node): the Noto Sans
 * regular/bold TTFs and the sRGB ICC profile. Read once per process and cached.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InvoiceFontFiles } from '../../shared/invoice';

/** Font and ICC bytes as `renderInvoicePdf` takes them. */
export interface InvoiceAssets {
  fonts: InvoiceFontFiles;
  iccProfile: Uint8Array;
}

let cached: InvoiceAssets | undefined;

/**
 * The shipped assets, from `resources/` next to this repository's `tools/`.
 * @throws Error (ENOENT) naming the missing file when the resources are not there.
 */
export function loadInvoiceAssets(): InvoiceAssets {
  if (cached) return cached;
  const read = (rel: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../resources/${rel}`, import.meta.url))));
  cached = {
    fonts: { regular: read('fonts/NotoSans-Regular.ttf'), bold: read('fonts/NotoSans-Bold.ttf') },
    iccProfile: read('icc/sRGB.icc'),
  };
  return cached;
}
