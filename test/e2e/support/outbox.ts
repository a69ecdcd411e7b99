/**
 * The e2e server's outbox: without SMTP the server writes each e-mail as an `.eml` file under
 * `<DATA_DIR>/outbox` named `<time>-<kind>-<id>.eml` (server/outbox.ts). Read here with the
 * quoted-printable body decoded as UTF-8.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The decoded text (headers and body) of the outbox's e-mails whose file name contains `kind`, oldest first. */
export function outboxMails(dataDir: string, kind: string): string[] {
  const dir = join(dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.includes(kind))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/((?:=[0-9A-F]{2})+)/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8')));
}

/** The body of a decoded e-mail: what follows the first blank line. */
export function mailBody(mail: string): string {
  const i = mail.search(/\r?\n\r?\n/);
  return i < 0 ? mail : mail.slice(i).trim();
}
