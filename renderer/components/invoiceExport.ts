/**
 * Invoice PDF export from the app.
 *
 * INTERIM until `renderer/invoice` (issue 7) lands its export API: renders with shared/invoice
 * `renderInvoicePdf` (PDF/A-3b, Noto Sans and the sRGB profile shipped in resources/, loaded from
 * the app itself), the supplier from the program data snapshot, and saves through the platform
 * (`saveFile`: a save dialog in Electron, a download in the browser build). Many invoices go into
 * one zip (fflate), with progress and cancel.
 */
import { zipSync } from 'fflate';
import { parseInvoiceInput, renderInvoicePdf, type InvoiceFontFiles } from '../../shared/invoice';
import type { DeskApi, SaveResult } from '../../shared/platform/api';
import type { Invoice, Organisation } from '../../shared/schemas';
import program from '../../resources/program.json';
import regularUrl from '../../resources/fonts/NotoSans-Regular.ttf?url';
import boldUrl from '../../resources/fonts/NotoSans-Bold.ttf?url';
import iccUrl from '../../resources/icc/sRGB.icc?url';

let assets: Promise<{ fonts: InvoiceFontFiles; icc: Uint8Array }> | null = null;

async function bytesOf(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function loadAssets() {
  assets ??= Promise.all([bytesOf(regularUrl), bytesOf(boldUrl), bytesOf(iccUrl)]).then(([regular, bold, icc]) => ({ fonts: { regular, bold }, icc }));
  return assets;
}

/** A safe file name for an invoice: `invoice-2026-000123.pdf` / `factuur-…`. */
export function invoiceFileName(invoice: Pick<Invoice, 'number'>, lang: 'en' | 'nl'): string {
  return `${lang === 'nl' ? 'factuur' : 'invoice'}-${invoice.number.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
}

/**
 * Renders one invoice as PDF bytes.
 * @throws InvoiceInputError when the invoice or organisation lacks a field the PDF needs (e.g. no street).
 */
export async function renderInvoice(invoice: Invoice, organisation: Organisation, lang: 'en' | 'nl'): Promise<Uint8Array> {
  const { fonts, icc } = await loadAssets();
  const { updatedAt: _u, _deleted: _d, ...doc } = invoice as Invoice & { _deleted?: boolean };
  const input = parseInvoiceInput({ invoice: doc, organisation, supplier: (program as { supplier: unknown }).supplier });
  return (await renderInvoicePdf(input, { lang, fonts, iccProfile: icc })).bytes;
}

/** Renders and saves one invoice. */
export async function exportInvoice(platform: DeskApi, invoice: Invoice, organisation: Organisation, lang: 'en' | 'nl'): Promise<SaveResult> {
  return platform.saveFile(invoiceFileName(invoice, lang), 'pdf', await renderInvoice(invoice, organisation, lang));
}

/**
 * Renders many invoices into one zip and saves it.
 * @param onProgress called after each invoice with (done, total).
 * @throws DOMException `AbortError` when `signal` is aborted (nothing is saved).
 */
export async function exportInvoices(
  platform: DeskApi,
  items: { invoice: Invoice; organisation: Organisation }[],
  lang: 'en' | 'nl',
  opts: { signal?: AbortSignal; onProgress?(done: number, total: number): void } = {},
): Promise<SaveResult> {
  const files: Record<string, Uint8Array> = {};
  let done = 0;
  for (const { invoice, organisation } of items) {
    opts.signal?.throwIfAborted();
    files[invoiceFileName(invoice, lang)] = await renderInvoice(invoice, organisation, lang);
    opts.onProgress?.(++done, items.length);
    await new Promise((r) => setTimeout(r, 0));
  }
  opts.signal?.throwIfAborted();
  const zip = zipSync(files, { level: 0 });
  return platform.saveFile(`${lang === 'nl' ? 'facturen' : 'invoices'}-${new Date().toISOString().slice(0, 10)}.zip`, 'zip', zip);
}
