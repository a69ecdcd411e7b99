/**
 * The server's outbox as tests read it (not a test file): without SMTP the server writes each
 * e-mail as an `.eml` file named `<time>-<kind>-<id>.eml` (server/outbox.ts). Read here with the
 * quoted-printable body (RFC 2045 §6.7) decoded as UTF-8.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Quoted-printable `text` decoded: soft line breaks removed, `=XX` byte runs read as UTF-8. */
export function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/((?:=[0-9A-F]{2})+)/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
}

/** Every e-mail in the outbox folder `dir` (file name and decoded text), oldest first; none when the folder does not exist yet. */
export function outboxFiles(dir: string): { file: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((file) => ({ file, text: decodeQuotedPrintable(readFileSync(join(dir, file), 'utf8')) }));
}
