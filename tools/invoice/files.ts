/**
 * Writing export files so that nothing half-written is ever left on disk: each file is written to
 * a temporary name in the target folder and renamed into place (atomic on one file system); on
 * any failure the temporary file is removed.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildInvoiceZip, renderInvoiceBatch, type BatchOptions, type InvoiceInput, type RenderInvoiceOptions } from '../../shared/invoice';

/**
 * Writes `bytes` to `path` atomically (temp file + rename in the same folder).
 * @throws the file system error (e.g. ENOENT for a missing folder); no temp file remains.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Renders `inputs` into `folder` (created if missing), one `<number> <organisation>.pdf` each.
 * Returns the paths written. On cancel or error the files already written stay (each complete).
 * @throws InvoiceExportAborted on cancel; render or file system errors as thrown.
 */
export async function exportInvoicesToFolder(inputs: readonly InvoiceInput[], folder: string, render: RenderInvoiceOptions, options: BatchOptions = {}): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  await renderInvoiceBatch(
    inputs,
    render,
    ({ fileName, bytes }) => {
      const path = join(folder, fileName);
      writeFileAtomic(path, bytes);
      written.push(path);
    },
    options,
  );
  return written;
}

/**
 * Renders `inputs` into one zip at `zipPath` (written atomically, only when all succeeded).
 * @throws InvoiceExportAborted on cancel (no zip written); render or file system errors as thrown.
 */
export async function exportInvoicesToZip(inputs: readonly InvoiceInput[], zipPath: string, render: RenderInvoiceOptions, options: BatchOptions = {}): Promise<void> {
  const zip = await buildInvoiceZip(inputs, render, options);
  writeFileAtomic(zipPath, zip);
}
