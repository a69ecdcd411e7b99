/**
 * File dialogs for evidence documents and exports. The renderer never gets a path it could reuse:
 * open returns the bytes, save takes the bytes.
 */
import { readFile, stat, writeFile, rename } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { OpenedFile, SaveKind, SaveResult } from '../shared/platform/api';

/** Largest evidence file accepted, in bytes (docs/program.md: > 50 MB is refused). */
export const maxEvidenceBytes = 50 * 1024 * 1024;

const mimeByExtension: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

/** MIME type for an evidence file name, or `application/octet-stream` when unknown. */
export function mimeTypeOf(fileName: string): string {
  return mimeByExtension[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** What this module needs of Electron's `dialog`. */
export interface DialogLike {
  showOpenDialog(options: { properties: string[]; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: { defaultPath: string; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePath?: string }>;
}

/**
 * Shows the open dialog and reads the chosen file.
 * @throws Error naming the file when it is larger than `maxEvidenceBytes`.
 */
export async function openDocument(dialog: DialogLike): Promise<OpenedFile | null> {
  const result = await dialog.showOpenDialog({
    properties: ['openFile'],
    filters: [{ name: 'Evidence documents', extensions: ['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff'] }],
  });
  const path = result.filePaths[0];
  if (result.canceled || !path) return null;
  const info = await stat(path);
  if (info.size > maxEvidenceBytes) throw new Error(`"${basename(path)}" is ${Math.round(info.size / 1048576)} MB; the limit is 50 MB`);
  const bytes = new Uint8Array(await readFile(path));
  return { name: basename(path), mimeType: mimeTypeOf(path), bytes };
}

const filters: Record<SaveKind, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF', extensions: ['pdf'] },
  zip: { name: 'ZIP archive', extensions: ['zip'] },
  json: { name: 'JSON', extensions: ['json'] },
};

/**
 * Replaces characters that are not allowed in file names on Windows, macOS or Linux, trims dots
 * and spaces at the end, avoids Windows device names, and caps the length at 150 characters.
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  let safe = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '').trim();
  if (/^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i.test(safe)) safe = `_${safe}`;
  return (safe || 'file').slice(0, 150);
}

/** Shows the save dialog and writes the bytes atomically (temp file, then rename). */
export async function saveFile(dialog: DialogLike, suggestedName: string, kind: SaveKind, bytes: Uint8Array): Promise<SaveResult> {
  const result = await dialog.showSaveDialog({ defaultPath: safeFileName(suggestedName), filters: [filters[kind]] });
  if (result.canceled || !result.filePath) return { saved: false };
  const temp = `${result.filePath}.partial`;
  await writeFile(temp, bytes);
  await rename(temp, result.filePath);
  return { saved: true, path: result.filePath };
}
