/**
 * The server's composition root: {@link createServices} builds, from the configuration, everything
 * the program's authority and the back-office commands work with — the database (opened,
 * migrated, seeded), the program data, the e-mail outbox, the clock and the VIES options. The HTTP
 * app (server/app.ts) and the back-office CLI (server/cli.ts) both start here, so a new service is
 * added in one place.
 */
import { join } from 'node:path';
import type { ServerConfig } from './config';
import { openDatabase, type Db } from './db';
import { migrate } from './migrations';
import { seed, loadProgramData, type SeedResult } from './seed';
import { Outbox } from './outbox';
import type { ServerServices } from './authority/index';
import type { ViesOptions } from './vies';

/** Today as `YYYY-MM-DD` (UTC). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Options of {@link createServices}. */
export interface CreateServicesOptions {
  /** An open database to use (the caller closes it); omitted: opened from `config`. */
  db?: Db | undefined;
  /** Folder for `.eml` e-mails when there is no SMTP server (default `DATA_DIR/outbox`). */
  mailDir?: string | undefined;
  /** Called when the outbox fails to deliver message `id`. */
  onOutboxError?: (err: unknown, id: string) => void;
}

/** What {@link createServices} built. */
export interface CreatedServices {
  services: ServerServices;
  /** Where VAT numbers are checked (VIES_URL, VIES_TIMEOUT_MS, VIES_REQUESTER). */
  vies: ViesOptions;
  /** How the database was seeded (a generated demo password is printed once by the caller). */
  seedResult: SeedResult;
  /** Stops the outbox (undelivered e-mails stay queued) and closes the database unless it was given. */
  close(): Promise<void>;
}

/**
 * Opens (unless `opts.db`), migrates and seeds the database and builds the services on it. The
 * outbox is built but not started (the HTTP app starts its background sender; a CLI command flushes once).
 * @throws when the database cannot be opened, migrated or seeded.
 */
export async function createServices(config: ServerConfig, opts: CreateServicesOptions = {}): Promise<CreatedServices> {
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') }));
  try {
    await migrate(db);
    const seedResult = await seed(db, config.demoPassword);
    const outbox = new Outbox(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, mailDir: opts.mailDir ?? join(config.dataDir, 'outbox'), onError: opts.onOutboxError });
    const services: ServerServices = { db, program: loadProgramData(), outbox, today: todayUtc, publicUrl: config.publicUrl };
    return {
      services,
      vies: { url: config.viesUrl, timeoutMs: config.viesTimeoutMs, requester: config.viesRequester },
      seedResult,
      async close() {
        await outbox.stop();
        if (!opts.db) await db.close();
      },
    };
  } catch (err) {
    if (!opts.db) await db.close().catch(() => undefined);
    throw err;
  }
}
