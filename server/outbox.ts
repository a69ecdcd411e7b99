/**
 * Notifications: a transactional outbox. Messages are inserted in the same
 * transaction as the change they announce; a background sender delivers them after COMMIT by SMTP
 * (nodemailer, when `SMTP_URL` is set) or, without SMTP, writes each as an `.eml` file under
 * `<mailDir>` for a developer to read. Sending never blocks or fails a sync request: it runs outside
 * every request and write transaction, claims messages with `FOR UPDATE SKIP LOCKED` (so several
 * server processes never send one message twice) and retries failures with back-off.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Db, Queryable } from './db';

/** One message to send. */
export interface OutboxMessage {
  to: string;
  subject: string;
  /** Plain-text body. */
  body: string;
  /** What it announces: `set-password`, `membership-active`, `invoice`, `organisation-rejected`. */
  kind: string;
}

/** Where the outbox delivers. */
export interface OutboxOptions {
  /** SMTP connection URL (e.g. `smtp://user:pass@host:587`); without it messages become `.eml` files. */
  smtpUrl?: string | undefined;
  /** Sender address. */
  from: string;
  /** Folder for `.eml` files when SMTP is not configured. */
  mailDir: string;
  /** Logs delivery failures (never message bodies: they hold one-time links). */
  onError?: (err: unknown, id: string) => void;
}

interface OutboxRow {
  id: string;
  created_at: string;
  recipient: string;
  subject: string;
  body: string;
  kind: string;
  attempts: number;
}

/** The outbox of one server process. */
export class Outbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  /** When this process last queued a message (ms since the epoch; 0: never). */
  private lastQueuedAt = 0;
  private readonly transport: nodemailer.Transporter;
  private readonly toFile: boolean;

  constructor(
    private readonly db: Db,
    private readonly opts: OutboxOptions,
  ) {
    this.toFile = !opts.smtpUrl;
    this.transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /** Queues a message inside the caller's transaction. Returns its id. */
  async enqueue(q: Queryable, msg: OutboxMessage): Promise<string> {
    const id = crypto.randomUUID();
    this.lastQueuedAt = Date.now();
    await q.query('insert into outbox (id, created_at, recipient, subject, body, kind) values ($1,$2,$3,$4,$5,$6)', [id, new Date().toISOString(), msg.to, msg.subject, msg.body, msg.kind]);
    return id;
  }

  /**
   * {@link flush} when this process queued a message in the last minute, else nothing (no SQL):
   * what a request handler calls after its transaction committed, so a push that queued no mail
   * costs no statement here. (A minute, not "since the last flush": another request's flush may run
   * before the transaction that queued the message commits.) Mail queued by other processes, or
   * left over after a failed delivery, is sent by the timer.
   */
  flushIfQueued(): Promise<number> {
    if (Date.now() - this.lastQueuedAt > 60_000) return Promise.resolve(0);
    return this.flush();
  }

  /** Sends every due message now (also called by the timer). Resolves to the number delivered. Never throws. */
  async flush(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.sendDue().finally(() => {
      this.running = null;
    });
    const n = await this.running;
    if (this.again) {
      this.again = false;
      return n + (await this.flush());
    }
    return n;
  }

  /** Starts the background sender, checking every `intervalMs` ms. */
  start(intervalMs = 2000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Stops the sender and waits for a running delivery. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.transport.close();
  }

  private async sendDue(): Promise<number> {
    let sent = 0;
    try {
      const now = new Date();
      const rows = await this.db.query<OutboxRow>(
        `update outbox set claimed_until = $1, attempts = attempts + 1
         where id in (select id from outbox where sent_at is null and (claimed_until is null or claimed_until < $2)
                      order by created_at limit 50 for update skip locked)
         returning id, created_at, recipient, subject, body, kind, attempts`,
        [new Date(now.getTime() + 60_000).toISOString(), now.toISOString()],
      );
      for (const r of rows.sort((a, b) => a.created_at.localeCompare(b.created_at))) {
        try {
          await this.deliver(r);
          await this.db.query('update outbox set sent_at = $1, last_error = null where id = $2', [new Date().toISOString(), r.id]);
          sent++;
        } catch (err) {
          // Back-off: retry after 2^attempts seconds (max 1 h).
          const retryAt = new Date(Date.now() + Math.min(3600, 2 ** r.attempts) * 1000).toISOString();
          await this.db.query('update outbox set last_error = $1, claimed_until = $2 where id = $3', [String((err as Error)?.message ?? err).slice(0, 500), retryAt, r.id]).catch(() => undefined);
          this.opts.onError?.(err, r.id);
        }
      }
    } catch (err) {
      this.opts.onError?.(err, '(claim)');
    }
    return sent;
  }

  private async deliver(r: OutboxRow): Promise<void> {
    const info = await this.transport.sendMail({ from: this.opts.from, to: r.recipient, subject: r.subject, text: r.body, messageId: `<${r.id}@cps-desk.local>`, date: new Date(r.created_at) });
    if (this.toFile) {
      mkdirSync(this.opts.mailDir, { recursive: true });
      const stamp = r.created_at.replace(/[:.]/g, '-');
      writeFileSync(join(this.opts.mailDir, `${stamp}-${r.kind}-${r.id}.eml`), (info as unknown as { message: Buffer }).message);
    }
  }
}
