/**
 * Exporting invoices from the app: one invoice → the platform's save dialog as
 * `<invoice number> <organisation>.pdf`; many (a period, an organisation) → one zip of such PDFs,
 * with progress after each invoice and cancel through an `AbortSignal`. The supplier block is the
 * program configuration (`resources/program.json` → `supplier`, the offline snapshot of the
 * server's `GET /program`) unless the caller passes a fresher one.
 *
 * Each document is rendered in its own language (shared/invoice `invoiceLanguage`: the
 * organisation's, in which the server wrote its lines), never the language of the app: an English
 * screen exporting a Dutch organisation's invoice saves a Dutch invoice, labels to amounts.
 *
 * Every invoice is validated before any is rendered, so a bad one is refused up front with the
 * invoice number and the field named, and nothing is saved.
 */
import {
  buildInvoiceZip,
  customerDisplayName,
  invoiceFileName,
  InvoiceInputError,
  parseInvoiceInput,
  renderInvoicePdf,
  type InvoiceInput,
  type Supplier,
} from '../../shared/invoice';
import type { DeskApi, SaveResult } from '../../shared/platform/api';
import type { Invoice, Organisation } from '../../shared/schemas';
import program from '../../resources/program.json';
import { loadBundledInvoiceAssets, type InvoiceAssetLoader } from './assets';

/** An invoice with its organisation, as the Invoices screen holds them (RxDB documents). */
export interface InvoiceWithOrganisation {
  invoice: Invoice;
  organisation: Organisation;
}

/** Options shared by the export functions. */
export interface ExportOptions {
  /** Seller block; default: the bundled program configuration. */
  supplier?: Supplier;
  /** Where fonts and ICC come from; default: the app bundle. */
  loadAssets?: InvoiceAssetLoader;
}

/** Options of a batch export. */
export interface BatchExportOptions extends ExportOptions {
  /** Cancels the export between invoices; the promise then rejects with name `AbortError` and nothing is saved. */
  signal?: AbortSignal;
  /** Called after each rendered invoice. */
  onProgress?(done: number, total: number): void;
  /** Name proposed for the zip (the caller words it in the UI language); default `invoices <date>.zip`. */
  zipName?: string;
}

/**
 * An invoice the export refuses before rendering: `invoiceNumber` and `organisationName` let the
 * screen say which one in the user's language; `field`/`problem` (English) are for the log.
 */
export class InvoiceExportRefused extends InvoiceInputError {
  constructor(
    readonly invoiceNumber: string,
    readonly organisationName: string,
    cause: InvoiceInputError,
  ) {
    super(cause.field, `${cause.problem} (invoice ${invoiceNumber})`, cause.problems);
  }
}

/**
 * Builds the validated input of one invoice (RxDB bookkeeping fields are dropped).
 * @throws InvoiceExportRefused (an InvoiceInputError) naming the field, the invoice number and organisation.
 */
export function toInvoiceInput(invoice: Invoice, organisation: Organisation, supplier: Supplier = program.supplier as Supplier): InvoiceInput {
  try {
    return parseInvoiceInput({ invoice, organisation, supplier });
  } catch (e) {
    if (e instanceof InvoiceInputError) throw new InvoiceExportRefused(invoice.number ?? invoice.id, organisation.name ?? '', e);
    throw e;
  }
}

/** The file name proposed for one invoice: `<invoice number> <organisation>.pdf`. */
export function invoiceExportName(invoice: Pick<Invoice, 'number'>, organisation: Pick<Organisation, 'name' | 'legalForm'>): string {
  return invoiceFileName(invoice.number, customerDisplayName(organisation));
}

/** Renders one invoice, in its own language, to PDF/A-3b bytes with Factur-X XML. @throws InvoiceInputError on a bad invoice. */
export async function renderInvoice(invoice: Invoice, organisation: Organisation, options: ExportOptions = {}): Promise<Uint8Array> {
  const input = toInvoiceInput(invoice, organisation, options.supplier);
  const assets = await (options.loadAssets ?? loadBundledInvoiceAssets)();
  return (await renderInvoicePdf(input, assets)).bytes;
}

/** Renders one invoice (in its own language) and offers it in the save dialog. @throws InvoiceInputError on a bad invoice. */
export async function exportInvoice(platform: DeskApi, invoice: Invoice, organisation: Organisation, options: ExportOptions = {}): Promise<SaveResult> {
  const bytes = await renderInvoice(invoice, organisation, options);
  return platform.saveFile(invoiceExportName(invoice, organisation), 'pdf', bytes);
}

/** Lets the browser paint (progress bar) and handle the Cancel click between invoices. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Renders `items` into one zip, each invoice in its own language, and offers it in the save dialog.
 * @throws InvoiceInputError (before rendering anything) when an invoice is incomplete.
 * @throws Error with name `AbortError` when `signal` is aborted; nothing is saved then.
 */
export async function exportInvoices(platform: DeskApi, items: readonly InvoiceWithOrganisation[], options: BatchExportOptions = {}): Promise<SaveResult> {
  const inputs = items.map(({ invoice, organisation }) => toInvoiceInput(invoice, organisation, options.supplier));
  const assets = await (options.loadAssets ?? loadBundledInvoiceAssets)();
  const zip = await buildInvoiceZip(inputs, assets, {
    signal: options.signal,
    onProgress: async ({ done, total }) => {
      options.onProgress?.(done, total);
      await nextTask();
    },
  });
  const name = options.zipName ?? `invoices ${new Date().toISOString().slice(0, 10)}.zip`;
  return platform.saveFile(name, 'zip', zip);
}
