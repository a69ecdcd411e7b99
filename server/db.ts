/**
 * One SQL code path for PostgreSQL (`pg`) and the embedded PGlite (PostgreSQL in wasm).
 *
 * Business code sees only {@link Db}: `query(sql, params)` with `$n` parameters, `transaction(fn)`
 * and `listen(channel, cb)` (LISTEN/NOTIFY; used for the pull stream, also across processes).
 * Differences between the engines are handled here and nowhere else:
 * - `int8` is parsed to a JS number on both (PGlite already does; `pg` gets a type parser);
 * - jsonb parameters are always passed as JSON text by callers (`JSON.stringify`), which both accept;
 * - PGlite has one connection, so its queries and transactions are serialised by a mutex;
 * - on PostgreSQL a transaction may commit without waiting for its WAL flush
 *   ({@link Db.transactionFlushLater}), and {@link Db.flushedTo} waits for that flush: PGlite's
 *   transactions are unchanged (their commit is as durable as before, `commitLsn` is null).
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
   * A statement without parameters sent in the same round trip as BEGIN (e.g. taking a lock); its
   * rows are `fn`'s second argument.
   */
  first?: string;
}

/** An open database. */
export interface Db extends Queryable {
  /** `postgres` (real server via `DATABASE_URL`) or `pglite` (embedded data folder or memory). */
  readonly engine: 'postgres' | 'pglite';
  /**
   * Runs `fn` in one transaction (BEGIN … COMMIT; ROLLBACK and rethrow when `fn` throws). With
   * `opts.first`, BEGIN and that statement are one round trip and its rows are passed to `fn`;
   * statements queued with `tx.atCommit` travel with COMMIT. A COMMIT that the engine turns into a
   * ROLLBACK (an aborted transaction) throws.
   */
  transaction<T>(fn: (tx: Transaction, firstRows?: Record<string, unknown>[]) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * Like {@link transaction}, but on PostgreSQL the COMMIT does not wait for the WAL flush
   * (`SET LOCAL synchronous_commit = off`, PostgreSQL documentation 28.4 "Asynchronous Commit"):
   * the transaction's locks are released and its changes are visible as soon as the commit record
   * is written, and a crash of PostgreSQL (not of this process) before the flush loses it.
   * Resolves after COMMIT with `fn`'s result and `commitLsn`, a WAL position at or after the
   * commit record (`pg_current_wal_insert_lsn()` read right after COMMIT, text `X/Y`), and
   * `flushLsn`, the flush position read with it. The caller must not hand the result to anyone
   * (an HTTP answer, say) before `flushedTo(commitLsn, flushLsn)` resolved.
   * PGlite: a plain {@link transaction}; `commitLsn` and `flushLsn` are null.
   */
  transactionFlushLater<T>(
    fn: (tx: Transaction, firstRows?: Record<string, unknown>[]) => Promise<T>,
    opts?: TransactionOptions,
  ): Promise<{ result: T; commitLsn: string | null; flushLsn: string | null }>;
  /**
   * Resolves once PostgreSQL's WAL is flushed (durable) at least up to `lsn` (text `X/Y`, e.g. from
   * {@link transactionFlushLater} or `pg_current_wal_insert_lsn()` read with a query's rows): at
   * once when `seenFlushLsn` (a `pg_current_wal_flush_lsn()` read at or after the moment `lsn` was)
   * or an earlier barrier already passed it; otherwise after a flush barrier — one tiny
   * synchronous-commit transaction that writes a WAL record (`pg_logical_emit_message`), whose
   * commit flushes all WAL before it. Concurrent callers share barriers: at most one runs at a
   * time per {@link Db}, and it covers everyone who asked before it started. `lsn` null: at once
   * (PGlite, or nothing to wait for). Rejects with the database's error when the barrier fails.
   */
  flushedTo(lsn: string | null, seenFlushLsn?: string | null): Promise<void>;
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
  /**
   * One transaction on a pool client. `flushLater`: `SET LOCAL synchronous_commit = off` travels
   * with BEGIN, and the WAL insert and flush positions are read in the COMMIT's round trip, right
   * after it (a statement after COMMIT in one simple-protocol query runs after the commit).
   */
  const runTransaction = async <T>(
    fn: (tx: Transaction, firstRows?: Record<string, unknown>[]) => Promise<T>,
    opts: TransactionOptions | undefined,
    flushLater: boolean,
  ): Promise<{ result: T; commitLsn: string | null; flushLsn: string | null }> => {
    const client = await pool.connect();
    try {
      // Several statements without parameters go as one simple-protocol query: one round trip.
      const begin = flushLater ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN';
      let firstRows: Record<string, unknown>[] | undefined;
      if (opts?.first) {
        const rs = (await client.query(`${begin}; ${opts.first}`)) as unknown as pg.QueryResult[];
        firstRows = rs[rs.length - 1]!.rows;
      } else await client.query(begin);
      const last: string[] = [];
      const result = await fn({ ...wrap(client), atCommit: (sql) => void last.push(sql) }, firstRows);
      const after = flushLater ? ['select pg_current_wal_insert_lsn()::text as commit_lsn, pg_current_wal_flush_lsn()::text as flush_lsn'] : [];
      const r = (await client.query([...last, 'COMMIT', ...after].join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
      const rs = Array.isArray(r) ? r : [r];
      if (rs[rs.length - 1 - after.length]!.command === 'ROLLBACK') throw new Error('COMMIT was turned into ROLLBACK: the transaction had failed');
      const lsns = flushLater ? (rs[rs.length - 1]!.rows[0] as { commit_lsn: string; flush_lsn: string }) : null;
      return { result, commitLsn: lsns?.commit_lsn ?? null, flushLsn: lsns?.flush_lsn ?? null };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
  // A flush barrier: a transaction of its own that writes one WAL record, committed with the
  // server's synchronous_commit (on by default), so its COMMIT returns once the WAL up to its commit
  // record is flushed. A transaction that only takes an xid (`select pg_current_xact_id()`) writes
  // no WAL before its commit record, and PostgreSQL commits such a one without waiting for a flush
  // (RecordTransactionCommit, src/backend/access/transam/xact.c): it would be no barrier.
  const barriers = new FlushBarriers(async () => {
    const rows = await base.query<{ lsn: string }>("select pg_logical_emit_message(true, 'cps-flush-barrier', '')::text as lsn");
    return rows[0]!.lsn;
  });
  return {
    engine: 'postgres',
    query: base.query,
    transaction: async (fn, opts) => (await runTransaction(fn, opts, false)).result,
    transactionFlushLater: (fn, opts) => runTransaction(fn, opts, true),
    flushedTo: (lsn, seenFlushLsn) => barriers.to(lsn, seenFlushLsn),
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
      if (listener) await listener.end().catch(() => undefined);
      await pool.end();
    },
  };
}

/** Parses a PostgreSQL WAL position (`pg_lsn` as text, `X/Y` in hex) into a number of bytes. @throws Error when `lsn` is not one. */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn);
  if (!m) throw new Error(`not a WAL position: "${lsn}"`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/**
 * Shared flush barriers of one database (see {@link Db.flushedTo}): at most one barrier runs at a
 * time; callers that arrive while one runs wait for the next one, which starts when it ends and
 * covers all of them (the same grouping PostgreSQL applies to concurrent flushes).
 */
export class FlushBarriers {
  /** Highest WAL position known to be flushed. */
  private flushed = 0n;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  /** Barriers run so far (tests and benchmarks). */
  count = 0;

  /** @param barrier runs one barrier; resolves with a WAL position now flushed that lies after every commit made before it started. */
  constructor(private readonly barrier: () => Promise<string>) {}

  /** Resolves once the WAL is flushed up to `lsn` (see {@link Db.flushedTo}). */
  async to(lsn: string | null, seenFlushLsn?: string | null): Promise<void> {
    if (lsn === null) return;
    const target = parseLsn(lsn);
    if (seenFlushLsn) this.note(parseLsn(seenFlushLsn));
    while (this.flushed < target) await this.nextBarrier();
  }

  private note(flushed: bigint): void {
    if (flushed > this.flushed) this.flushed = flushed;
  }

  /** A barrier that starts after this call: now when none runs, else the one after the running one. */
  private nextBarrier(): Promise<void> {
    if (!this.running) return (this.running = this.start());
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return (this.running = this.start());
      });
    return this.next;
  }

  private start(): Promise<void> {
    this.count++;
    const p: Promise<void> = this.barrier()
      .then((lsn) => this.note(parseLsn(lsn)))
      .finally(() => {
        if (this.running === p) this.running = null;
      });
    return p;
  }
}

/** A FIFO mutex: PGlite has a single connection, so statements outside a transaction must wait for it. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) });
  const mutex = new Mutex();
  const wrapTx = (tx: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }> }): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await tx.query(sql, params as unknown[] | undefined);
      return r.rows as T[];
    },
  });
  // BEGIN and COMMIT sent by hand (not PGlite's transaction()), so that `first` and `atCommit`
  // share their round trips; the mutex keeps every other statement out meanwhile.
  const transaction = <T>(fn: (tx: Transaction, firstRows?: Record<string, unknown>[]) => Promise<T>, opts?: TransactionOptions) =>
    mutex.run(async () => {
      const begun = await db.exec(opts?.first ? `BEGIN; ${opts.first}` : 'BEGIN');
      const last: string[] = [];
      try {
        const result = await fn({ ...wrapTx(db), atCommit: (sql) => void last.push(sql) }, opts?.first ? (begun[1]!.rows as Record<string, unknown>[]) : undefined);
        const done = await db.exec([...last, 'COMMIT'].join(';\n'));
        if (done[done.length - 1]?.command === 'ROLLBACK')
          throw new Error('COMMIT was turned into ROLLBACK: the transaction had failed');
        return result;
      } catch (err) {
        await db.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  return {
    engine: 'pglite',
    query: <T>(sql: string, params?: readonly unknown[]) =>
      mutex.run(async () => (await db.query(sql, params as unknown[] | undefined)).rows as T[]),
    transaction,
    transactionFlushLater: async (fn, opts) => ({ result: await transaction(fn, opts), commitLsn: null, flushLsn: null }),
    flushedTo: async () => undefined,
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
