/**
 * Writing export files so that nothing half-written is ever left on disk: each file is written to
 * a temporary name in the target folder and renamed into place (atomic on one file system); on
 * any failure the temporary file is removed. A folder batch is all-or-nothing: every PDF is
 * written into a temporary folder first and moved into place only when all succeeded.
 * Temporary names are short and ASCII (`.cps-<pid>-<random>.tmp`, `.cps-export-XXXXXX`), so a
 * long non-Latin target name never pushes them past the file system's 255-byte name limit.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildInvoiceZip, renderInvoiceBatch, type BatchOptions, type InvoiceInput, type RenderInvoiceOptions } from '../../shared/invoice';

/**
 * Writes `bytes` to `path` atomically (temp file + rename in the same folder).
 * @throws the file system error (e.g. ENOENT for a missing folder); no temp file remains.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.cps-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** True when `path` is an existing folder (false when it is a file, missing or unreadable). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Renders `inputs` into `folder`, one `<number> <organisation>.pdf` each, all or nothing: the
 * PDFs are written into a temporary folder (`.cps-export-XXXXXX`, inside `folder` when it exists,
 * else beside it) which, when every invoice succeeded, becomes `folder` by one rename (new folder)
 * or whose files are renamed into `folder` (existing folder; same-name files are replaced). On
 * cancel or error the temporary folder is removed and nothing new is in `folder`.
 * Returns the paths written.
 * @throws InvoiceExportAborted on cancel; render or file system errors as thrown.
 */
export async function exportInvoicesToFolder(inputs: readonly InvoiceInput[], folder: string, render: RenderInvoiceOptions, options: BatchOptions = {}): Promise<string[]> {
  const existed = isDirectory(folder);
  if (!existed) mkdirSync(dirname(folder), { recursive: true });
  const staging = mkdtempSync(join(existed ? folder : dirname(folder), '.cps-export-'));
  const names: string[] = [];
  try {
    await renderInvoiceBatch(
      inputs,
      render,
      ({ fileName, bytes }) => {
        writeFileSync(join(staging, fileName), bytes, { flag: 'wx' });
        names.push(fileName);
      },
      options,
    );
    if (existed) {
      for (const name of names) renameSync(join(staging, name), join(folder, name));
      rmSync(staging, { recursive: true, force: true });
    } else {
      renameSync(staging, folder);
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return names.map((name) => join(folder, name));
}

/** Names of leftover temporary entries in `folder` (for tests and diagnostics). */
export function temporaryEntries(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.startsWith('.cps-'));
}

/**
 * Renders `inputs` into one zip at `zipPath` (written atomically, only when all succeeded).
 * @throws InvoiceExportAborted on cancel (no zip written); render or file system errors as thrown.
 */
export async function exportInvoicesToZip(inputs: readonly InvoiceInput[], zipPath: string, render: RenderInvoiceOptions, options: BatchOptions = {}): Promise<void> {
  const zip = await buildInvoiceZip(inputs, render, options);
  writeFileAtomic(zipPath, zip);
}
