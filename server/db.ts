/**
 * One SQL code path for PostgreSQL (`pg`) and the embedded PGlite (PostgreSQL in wasm).
 *
 * Business code sees only {@link Db}: `query(sql, params)` with `$n` parameters, `transaction(fn)`
 * and `listen(channel, cb)` (LISTEN/NOTIFY; used for the pull stream, also across processes).
 * Differences between the engines are handled here and nowhere else:
 * - `int8` is parsed to a JS number on both (PGlite already does; `pg` gets a type parser);
 * - jsonb parameters are always passed as JSON text by callers (`JSON.stringify`), which both accept;
 * - PGlite has one connection, so its queries and transactions are serialised by a mutex.
 */
import pg from 'pg';
import { mkdirSync } from 'node:fs';

/** Something that runs SQL: the database or an open transaction. Rows come back as plain objects. */
export interface Queryable {
  /** Runs one statement with `$1…$n` parameters; returns its rows (empty for statements without rows). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * An open transaction. `atCommit` queues a statement WITHOUT parameters (values written into the SQL
 * by the caller, who must make them safe) that is sent in the same round trip as COMMIT; it fails
 * the transaction like any statement. Optional, so a plain {@link Queryable} (e.g. a test's
 * counting wrapper) still works: callers fall back to `query`.
 */
export interface Transaction extends Queryable {
  atCommit?(sql: string): void;
}

/** Options of {@link Db.transaction}. */
export interface TransactionOptions {
  /**
   * Statements without parameters (`;`-separated) sent in the same round trip as BEGIN (e.g. taking
   * a lock, then reading under it); the rows of each, in order, are `fn`'s second argument.
   */
  first?: string;
  /**
   * Run on the database's dedicated writer connection (PostgreSQL): one connection outside the
   * pool, opened with the database and kept, so a transaction that follows another costs no pool
   * checkout (`pg-pool` hands out an idle client only on a later `process.nextTick`, which waits for
   * every promise continuation already queued — on a busy server, the answers of the group before).
   * Such transactions run one at a time, in call order, and BEGIN is sent in the caller's own turn
   * of the event loop when the connection is free. A connection found broken (its backend ended,
   * the socket closed) is dropped and the next such transaction opens a new one; the transaction
   * that found it broken throws {@link WriterConnectionLost}. Ignored by PGlite (one connection).
   * For the group commit of pushes (server/groupCommit.ts), the one serial writer of the server.
   */
  writer?: boolean;
}

/**
 * The dedicated writer connection (see {@link TransactionOptions.writer}) broke during a
 * transaction, or could not be opened: nothing of it is committed unless its COMMIT had been sent
 * (then the outcome is unknown). `cause` is the driver's error.
 */
export class WriterConnectionLost extends Error {
  constructor(override readonly cause: unknown) {
    super(`database writer connection lost: ${String((cause as Error)?.message ?? cause)}`);
  }
}

/** An open database. */
export interface Db extends Queryable {
  /** `postgres` (real server via `DATABASE_URL`) or `pglite` (embedded data folder or memory). */
  readonly engine: 'postgres' | 'pglite';
  /**
   * Runs `fn` in one transaction (BEGIN … COMMIT; ROLLBACK and rethrow when `fn` throws). With
   * `opts.first`, BEGIN and those statements are one round trip and their rows (one array per
   * statement) are passed to `fn`;
   * statements queued with `tx.atCommit` travel with COMMIT. A COMMIT that the engine turns into a
   * ROLLBACK (an aborted transaction) throws.
   */
  transaction<T>(fn: (tx: Transaction, firstResults?: Record<string, unknown>[][]) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /** Runs several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** LISTEN on `channel`; `cb` gets each NOTIFY payload after its transaction commits. Returns an unlisten function. */
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tar (to open copies fast with `loadDataDir`). */
  dumpDataDir?(): Promise<Blob>;
}

/** Where the database lives: `databaseUrl` (postgres://…) wins; else PGlite in `dataDir`, or in memory when both are absent. */
export interface DbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Max pool connections for PostgreSQL (default 10). */
  poolSize?: number;
  /** PGlite only: start from this dump (`dumpDataDir`) instead of an empty cluster — much faster than initdb. */
  loadDataDir?: Blob;
}

/** Opens the database described by `opts` (see {@link DbOptions}). Throws when it cannot connect. */
export async function openDatabase(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir);
}

const int8AsNumber = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string, max: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, types: int8AsNumber });
  pool.on('error', () => {
    /* idle client errors (server restart): the pool replaces the client */
  });
  await pool.query('select 1');
  let listener: pg.Client | null = null;
  const callbacks = new Map<string, Set<(payload: string) => void>>();
  const getListener = async (): Promise<pg.Client> => {
    if (listener) return listener;
    const client = new pg.Client({ connectionString: url, types: int8AsNumber });
    await client.connect();
    client.on('notification', (msg) => {
      for (const cb of callbacks.get(msg.channel) ?? []) cb(msg.payload ?? '');
    });
    client.on('error', () => {
      /* connection lost: streams fall back to their heartbeat-time polling */
    });
    listener = client;
    return client;
  };
  const wrap = (c: { query: pg.Pool['query'] | pg.PoolClient['query'] }): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await (c.query as (s: string, p?: unknown[]) => Promise<pg.QueryResult>)(sql, params as unknown[] | undefined);
      return r.rows as T[];
    },
  });
  const base = wrap(pool);
  // The dedicated writer connection (TransactionOptions.writer): null until first used, and again
  // once it broke ('error' or 'end'), so the next writer transaction opens a new one.
  let writer: pg.Client | null = null;
  let closed = false;
  const writerTurns = new Turns();
  const openWriter = async (): Promise<pg.Client> => {
    if (closed) throw new Error('database closed');
    const client = new pg.Client({ connectionString: url, types: int8AsNumber, application_name: writerApplicationName });
    const drop = (): void => {
      if (writer === client) writer = null;
    };
    client.on('error', drop);
    client.on('end', drop);
    try {
      await client.connect();
    } catch (err) {
      throw new WriterConnectionLost(err);
    }
    writer = client;
    return client;
  };
  /** BEGIN … COMMIT on `client` (see Db.transaction); sets `health.broken` when even ROLLBACK failed (the connection is gone). */
  const run = async <T>(
    client: pg.Client | pg.PoolClient,
    fn: (tx: Transaction, firstResults?: Record<string, unknown>[][]) => Promise<T>,
    opts?: TransactionOptions,
    health?: { broken: boolean },
  ): Promise<T> => {
    try {
      // Several statements without parameters go as one simple-protocol query: one round trip.
      let firstResults: Record<string, unknown>[][] | undefined;
      if (opts?.first) firstResults = ((await client.query(`BEGIN; ${opts.first}`)) as unknown as pg.QueryResult[]).slice(1).map((r) => r.rows);
      else await client.query('BEGIN');
      const last: string[] = [];
      const result = await fn({ ...wrap(client), atCommit: (sql) => void last.push(sql) }, firstResults);
      const r = (await client.query([...last, 'COMMIT'].join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
      const commit = Array.isArray(r) ? r[r.length - 1]! : r;
      if (commit.command === 'ROLLBACK') throw new Error('COMMIT was turned into ROLLBACK: the transaction had failed');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        if (health) health.broken = true;
      });
      throw err;
    }
  };
  // Opened now, not on the first push: a new backend takes a while to start on a busy machine.
  await openWriter();
  return {
    engine: 'postgres',
    query: base.query,
    async transaction<T>(fn: (tx: Transaction, firstResults?: Record<string, unknown>[][]) => Promise<T>, opts?: TransactionOptions): Promise<T> {
      if (opts?.writer)
        return writerTurns.run(async () => {
          // `??` keeps the kept connection's path free of awaits: BEGIN goes out in this turn.
          const client = writer ?? (await openWriter());
          const health = { broken: false };
          try {
            return await run(client, fn, opts, health);
          } catch (err) {
            if (writer === client && !health.broken) throw err;
            // The connection broke meanwhile ('error' / 'end' dropped it, or even ROLLBACK failed):
            // end it for good; the next writer transaction opens a new one.
            if (writer === client) writer = null;
            void client.end().catch(() => undefined);
            throw new WriterConnectionLost(err);
          }
        });
      const client = await pool.connect();
      try {
        return await run(client, fn, opts);
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async listen(channel, cb) {
      const client = await getListener();
      let set = callbacks.get(channel);
      if (!set) {
        set = new Set();
        callbacks.set(channel, set);
        await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      }
      set.add(cb);
      return async () => {
        set.delete(cb);
      };
    },
    async close() {
      closed = true;
      if (listener) await listener.end().catch(() => undefined);
      await writerTurns.run(async () => {
        const w = writer;
        writer = null;
        if (w) await w.end().catch(() => undefined);
      });
      await pool.end();
    },
  };
}

/**
 * `text` as an SQL string literal, for statements that travel without parameters (`first`,
 * `atCommit`): quotes doubled, and as an escape string (`E'…'`, backslashes doubled) when it holds
 * a backslash, so it reads the same whatever `standard_conforming_strings` is — the rule of `pg`'s
 * `escapeLiteral` (PostgreSQL manual, "String Constants" 4.1.2.1–4.1.2.2). `text` must not hold a
 * NUL character (PostgreSQL text cannot hold one; JSON.stringify writes it as `\u0000`).
 * @throws Error when `text` holds a NUL character.
 */
export function sqlLiteral(text: string): string {
  if (text.includes('\u0000')) throw new Error('sqlLiteral: text with a NUL character');
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? `E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/** `application_name` of the dedicated writer connection (visible in `pg_stat_activity`). */
export const writerApplicationName = 'cps-push-writer';

/**
 * Turns on one resource (PGlite's single connection, PostgreSQL's writer connection), first come
 * first served; a caller that finds it free runs `fn` at once, in its own turn of the event loop
 * (no await before `fn`).
 */
class Turns {
  private busy = false;
  private readonly waiting: (() => void)[] = [];
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resume) => this.waiting.push(resume));
    else this.busy = true;
    try {
      return await fn();
    } finally {
      // The turn passes straight to the next waiter (busy stays true), else the resource is free.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) });
  // PGlite has a single connection: statements outside a transaction wait for their turn on it
  const mutex = new Turns();
  const wrapTx = (tx: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }> }): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await tx.query(sql, params as unknown[] | undefined);
      return r.rows as T[];
    },
  });
  return {
    engine: 'pglite',
    query: <T>(sql: string, params?: readonly unknown[]) =>
      mutex.run(async () => (await db.query(sql, params as unknown[] | undefined)).rows as T[]),
    // BEGIN and COMMIT sent by hand (not PGlite's transaction()), so that `first` and `atCommit`
    // share their round trips; the mutex keeps every other statement out meanwhile.
    transaction: <T>(fn: (tx: Transaction, firstResults?: Record<string, unknown>[][]) => Promise<T>, opts?: TransactionOptions) =>
      mutex.run(async () => {
        const begun = await db.exec(opts?.first ? `BEGIN; ${opts.first}` : 'BEGIN');
        const last: string[] = [];
        try {
          const result = await fn({ ...wrapTx(db), atCommit: (sql) => void last.push(sql) }, opts?.first ? begun.slice(1).map((r) => r.rows as Record<string, unknown>[]) : undefined);
          const done = await db.exec([...last, 'COMMIT'].join(';\n'));
          if (done[done.length - 1]?.command === 'ROLLBACK')
            throw new Error('COMMIT was turned into ROLLBACK: the transaction had failed');
          return result;
        } catch (err) {
          await db.exec('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    async exec(sql) {
      await mutex.run(() => db.exec(sql));
    },
    async listen(channel, cb) {
      const unlisten = await mutex.run(() => db.listen(channel, cb));
      return async () => {
        await mutex.run(() => unlisten());
      };
    },
    async close() {
      await mutex.run(() => db.close());
    },
    dumpDataDir: () => mutex.run(() => db.dumpDataDir('none')),
  };
}
