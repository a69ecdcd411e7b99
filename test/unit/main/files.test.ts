/** Unit tests of main/files.ts: file names and the open/save dialogs. */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeFileName, saveFile, openDocument, mimeTypeOf } from '../../../main/files';

// Nothing here imports the `electron` package; if something did, this mock keeps the binary out.
vi.mock('electron', () => ({}));

describe('file dialogs', () => {
  it('makes file names safe on every OS', () => {
    expect(safeFileName('2026-000123 Müller & Söhne GmbH: A/B?.pdf')).toBe('2026-000123 Müller & Söhne GmbH_ A_B_.pdf');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('name. ')).toBe('name');
  });
  it('writes a saved file completely and reports cancel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-save-'));
    const target = join(dir, 'out.pdf');
    const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn().mockResolvedValueOnce({ canceled: false, filePath: target }).mockResolvedValueOnce({ canceled: true }) };
    await expect(saveFile(dialog, 'x.pdf', 'pdf', new Uint8Array([37, 80, 68, 70]))).resolves.toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'latin1')).toBe('%PDF');
    expect(existsSync(`${target}.partial`)).toBe(false);
    await expect(saveFile(dialog, 'x.pdf', 'pdf', new Uint8Array(1))).resolves.toEqual({ saved: false });
  });
  it('opens a document with its MIME type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-open-'));
    const file = join(dir, 'Uittreksel KvK.PDF');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '%PDF-1.7'));
    const dialog = { showOpenDialog: vi.fn().mockResolvedValue({ canceled: false, filePaths: [file] }), showSaveDialog: vi.fn() };
    const opened = await openDocument(dialog);
    expect(opened).toMatchObject({ name: 'Uittreksel KvK.PDF', mimeType: 'application/pdf' });
    expect(opened!.bytes.byteLength).toBe(8);
    expect(mimeTypeOf('scan.tiff')).toBe('image/tiff');
  });
});
