/** The text of an exported PDF, read the way a reader's tools read it (not a test file). */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const exec = promisify(execFile);

/** Text of every page of the PDF at `path` as pdf.js reads it: a page a line, its text items joined by spaces. */
export async function pdfjsText(path: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
  }
  await doc.destroy();
  return text;
}

/** Text of the PDF at `path` as poppler's `pdftotext -layout` reads it; empty when pdftotext is not installed. */
export async function popplerText(path: string): Promise<string> {
  return exec('pdftotext', ['-layout', path, '-']).then(
    (r) => r.stdout,
    () => '',
  );
}
