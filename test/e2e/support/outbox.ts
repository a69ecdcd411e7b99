/**
 * The e2e server's outbox: without SMTP the server writes each e-mail as an `.eml` file under
 * `<DATA_DIR>/outbox` named `<time>-<kind>-<id>.eml` (server/outbox.ts), read with
 * test/support/outbox.ts.
 */
import { join } from 'node:path';
import { outboxFiles } from '../../support/outbox';

/** The decoded text (headers and body) of the outbox's e-mails whose file name contains `kind`, oldest first. */
export function outboxMails(dataDir: string, kind: string): string[] {
  return outboxFiles(join(dataDir, 'outbox'))
    .filter((m) => m.file.includes(kind))
    .map((m) => m.text);
}

/** The body of a decoded e-mail: what follows the first blank line. */
export function mailBody(mail: string): string {
  const i = mail.search(/\r?\n\r?\n/);
  return i < 0 ? mail : mail.slice(i).trim();
}
