/**
 * Invoice PDFs: input validation, nl/en labels, layout, Factur-X EN 16931 XML and
 * PDF/A-3b assembly. Pure TypeScript over pdf-lib, @pdf-lib/fontkit and fflate; the caller passes
 * font and ICC bytes. Used by `renderer/invoice` (export from the app) and `tools/invoice` (CLI).
 */
export * from './model';
export * from './labels';
export * from './format';
export * from './vat';
export * from './facturx';
export { epcQrPayload, invoiceEpcPayload, qrModules, EPC_MAX_BYTES, type EpcPayment } from './epc';
export { renderInvoicePdf, INVOICE_CREATOR, type RenderInvoiceOptions, type RenderedInvoice, type InvoiceFontFiles } from './pdf';
export { buildXmp } from './pdfa';
export * from './batch';
