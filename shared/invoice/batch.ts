/**
 * Rendering many invoices for export: one PDF per invoice, named
 * `<invoice number> <organisation>.pdf` (unique within the batch), with progress reporting and
 * cancellation, and packing them into one zip (fflate, stored: PDFs are already compressed).
 * Shared by the renderer (zip → save dialog) and the CLI (folder or zip on disk).
 */
import { zipSync, type Zippable } from 'fflate';
import type { InvoiceInput } from './model';
import { customerDisplayName, InvoiceInputError } from './model';
import { invoiceFileName, uniqueFileName } from './format';
import { renderInvoicePdf, type RenderInvoiceOptions } from './pdf';

/** The part of an `AbortSignal` the batch reads (shared/ has no DOM types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** Progress of a batch: `done` of `total` invoices rendered; `fileName` is the last one. */
export interface BatchProgress {
  done: number;
  total: number;
  fileName: string;
}

/** Options of a batch render. */
export interface BatchOptions {
  /** Called after each invoice; when it returns a promise the batch waits for it (e.g. to let the UI paint). */
  onProgress?: (p: BatchProgress) => void | Promise<void>;
  /** Checked before each invoice; when aborted the batch stops with {@link InvoiceExportAborted}. */
  signal?: AbortSignalLike;
}

/** Thrown when a batch is cancelled through its signal; `done` invoices had been rendered. */
export class InvoiceExportAborted extends Error {
  override readonly name = 'AbortError';
  constructor(readonly done: number) {
    super(`invoice export cancelled after ${done} invoice(s)`);
  }
}

/**
 * Refuses a batch in which two invoices have the same number (compared trimmed and
 * case-insensitively, as file names are): an invoice number identifies one invoice (Wet OB art.
 * 35a; directive 2006/112/EC art. 226(2)), so a batch holding it twice is a mistake in the input.
 * @throws InvoiceInputError naming `[j].invoice.number` of the later duplicate and the earlier one.
 */
export function assertUniqueInvoiceNumbers(inputs: readonly InvoiceInput[]): void {
  const first = new Map<string, number>();
  inputs.forEach((input, j) => {
    const key = input.invoice.number.trim().toLowerCase();
    const i = first.get(key);
    if (i !== undefined) throw new InvoiceInputError(`[${j}].invoice.number`, `("${input.invoice.number}") is also the number of [${i}]; invoice numbers must be unique in a batch`);
    first.set(key, j);
  });
}

/** One rendered file of a batch. */
export interface BatchFile {
  fileName: string;
  bytes: Uint8Array;
}

/**
 * Renders `inputs` one after another, handing each file to `onFile` (which may write it out and
 * may be async). File names are made unique case-insensitively (" (2)").
 * @throws InvoiceExportAborted when `signal` is aborted (files handed out before stay valid).
 * @throws whatever `renderInvoicePdf` or `onFile` throws, for the first failing invoice.
 */
export async function renderInvoiceBatch(
  inputs: readonly InvoiceInput[],
  render: RenderInvoiceOptions,
  onFile: (file: BatchFile) => void | Promise<void>,
  options: BatchOptions = {},
): Promise<void> {
  const taken = new Set<string>();
  let done = 0;
  for (const input of inputs) {
    if (options.signal?.aborted) throw new InvoiceExportAborted(done);
    const fileName = uniqueFileName(invoiceFileName(input.invoice.number, customerDisplayName(input.organisation)), taken);
    const { bytes } = await renderInvoicePdf(input, render);
    await onFile({ fileName, bytes });
    done++;
    await options.onProgress?.({ done, total: inputs.length, fileName });
  }
  if (options.signal?.aborted) throw new InvoiceExportAborted(done);
}

/**
 * Renders `inputs` into one zip (bytes), one PDF per invoice at the zip's root.
 * @throws InvoiceExportAborted when cancelled; no zip is produced then.
 */
export async function buildInvoiceZip(inputs: readonly InvoiceInput[], render: RenderInvoiceOptions, options: BatchOptions = {}): Promise<Uint8Array> {
  const entries: Zippable = {};
  await renderInvoiceBatch(
    inputs,
    render,
    ({ fileName, bytes }) => {
      entries[fileName] = [bytes, { level: 0 }];
    },
    options,
  );
  return zipSync(entries);
}
