/**
 * Pull streams (Server-Sent Events). Each open stream keeps its user, collection and checkpoint.
 * A committed change anywhere (this process or another one on the same PostgreSQL) arrives as a
 * NOTIFY on `cps_changes` with the collection name; every stream of that collection then reads
 * the feed after its checkpoint, in its scope, and sends what it finds.
 *
 * Wire format: each event is `data: <JSON>\n\n` where JSON is a PullStreamEvent — a
 * `{documents, checkpoint}` batch or the string "RESYNC". RESYNC is sent first on every
 * connection (a client that reconnects may have missed changes; it then runs a pull). A comment line
 * `: heartbeat` every heartbeat interval keeps proxies from closing the connection; at that time the
 * stream also re-checks its token (revoked/expired → the stream ends) and polls the feed (in case a
 * NOTIFY was lost with a dropped connection).
 */
import type { ServerResponse } from 'node:http';
import type { CollectionName } from '../shared/schemas/common';
import type { Checkpoint } from '../shared/sync/protocol';
import type { Db } from './db';
import { readFeed, changesChannel, type Scope } from './store';

/** One open pull stream. */
export interface PullStream {
  collection: CollectionName;
  scope: Scope;
  checkpoint: Checkpoint | null;
  res: ServerResponse;
  /** Whose stream it is (a hash of its token): at most `perOwner` streams per owner stay open. */
  owner?: string;
  /** Re-checks the stream's token; false ends the stream. */
  stillAuthorised(): Promise<boolean>;
  busy?: boolean;
  dirty?: boolean;
}

/** Formats one batch event from raw document JSON texts. */
export function batchEvent(json: string[], checkpoint: Checkpoint): string {
  return `data: {"documents":[${json.join(',')}],"checkpoint":${JSON.stringify(checkpoint)}}\n\n`;
}

/** The open streams of one server process. */
export class StreamHub {
  private readonly streams = new Set<PullStream>();
  private unlisten: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  /**
   * @param perOwner most open streams of one owner (token); the oldest is closed when a new one exceeds it.
   * @param max most open streams in all; {@link full} tells the route to refuse more.
   */
  constructor(
    private readonly db: Db,
    private readonly heartbeatMs: number,
    private readonly perOwner = Infinity,
    private readonly max = Infinity,
  ) {}

  /** True when no further stream may open (the route answers 503). */
  get full(): boolean {
    return this.streams.size >= this.max;
  }

  /** Starts listening for changes and the heartbeat. */
  async start(): Promise<void> {
    this.unlisten = await this.db.listen(changesChannel, (payload) => this.changed(payload));
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Number of open streams. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Registers an open stream; it is removed when its response closes. When its owner then has more
   * than `perOwner` open streams, the oldest of them are ended (a client that reconnects without
   * closing, or one that opens streams in a loop, never holds more than `perOwner`).
   */
  add(stream: PullStream): void {
    this.streams.add(stream);
    stream.res.on('close', () => this.streams.delete(stream));
    if (stream.owner === undefined || this.perOwner === Infinity) return;
    const own = [...this.streams].filter((s) => s.owner === stream.owner); // Set order = insertion order: oldest first
    for (const old of own.slice(0, Math.max(0, own.length - this.perOwner))) {
      this.streams.delete(old);
      old.res.end();
    }
  }

  /** A collection changed: every stream of it looks for new documents. */
  changed(collection: string): void {
    for (const s of this.streams) if (s.collection === collection) void this.flush(s);
  }

  private async beat(): Promise<void> {
    for (const s of [...this.streams]) {
      if (!(await s.stillAuthorised().catch(() => true))) {
        s.res.end();
        this.streams.delete(s);
        continue;
      }
      s.res.write(': heartbeat\n\n');
      void this.flush(s);
    }
  }

  /** Sends everything after the stream's checkpoint (in batches of 1,000). Coalesces concurrent calls. */
  async flush(s: PullStream): Promise<void> {
    if (s.busy) {
      s.dirty = true;
      return;
    }
    s.busy = true;
    try {
      do {
        s.dirty = false;
        for (;;) {
          const page = await readFeed(this.db, s.collection, s.scope, s.checkpoint, 1000);
          if (page.json.length === 0 || !page.checkpoint || s.res.destroyed) break;
          s.res.write(batchEvent(page.json, page.checkpoint));
          s.checkpoint = page.checkpoint;
          if (page.json.length < 1000) break;
        }
      } while (s.dirty && !s.res.destroyed);
    } catch {
      // The database is unreachable for a moment; the next heartbeat or change retries.
    } finally {
      s.busy = false;
    }
  }

  /** Ends every stream and stops listening. */
  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.streams) s.res.end();
    this.streams.clear();
    if (this.unlisten) await this.unlisten().catch(() => undefined);
  }
}
