/**
 * The invoice assets in the renderer: Noto Sans regular/bold and the sRGB ICC profile, bundled by
 * Vite from `resources/` (`?url` imports) and fetched from the app itself — never from the
 * network. Loaded once; a failed load is retried on the next call.
 */
import type { InvoiceFontFiles } from '../../shared/invoice';
import regularUrl from '../../resources/fonts/NotoSans-Regular.ttf?url';
import boldUrl from '../../resources/fonts/NotoSans-Bold.ttf?url';
import iccUrl from '../../resources/icc/sRGB.icc?url';

/** Font and ICC bytes as `renderInvoicePdf` takes them. */
export interface InvoiceAssets {
  fonts: InvoiceFontFiles;
  iccProfile: Uint8Array;
}

/** Loads the assets; the default loader fetches the bundled files. */
export type InvoiceAssetLoader = () => Promise<InvoiceAssets>;

async function bytesOf(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load the invoice asset ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

let loading: Promise<InvoiceAssets> | null = null;

/**
 * The bundled assets (fetched once and cached).
 * @throws Error naming the asset URL when the app bundle lacks it.
 */
export const loadBundledInvoiceAssets: InvoiceAssetLoader = () => {
  loading ??= Promise.all([bytesOf(regularUrl), bytesOf(boldUrl), bytesOf(iccUrl)]).then(
    ([regular, bold, iccProfile]) => ({ fonts: { regular, bold }, iccProfile }),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
};
