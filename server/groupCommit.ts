/**
 * Group commit of pushes: concurrent push requests — any users, any pushable collections — share
 * one write transaction.
 *
 * Why: every write transaction holds the clock row lock until COMMIT (server/store, that is what
 * keeps `updatedAt` in commit order), so pushes are serial and throughput is bounded by one
 * transaction's latency per transaction, whatever its size. Instead of one transaction (4 round
 * trips and one WAL flush) per request, the requests that arrive while a transaction runs wait in a
 * queue, and the next transaction applies all of them (up to {@link GroupLimits}) together:
 * - consecutive registration pushes as ONE set-based batch (server/pushSet.ts: one read, one write,
 *   in arrival order, each row checked against its own pusher's scope; the clock update and the
 *   single NOTIFY travel with COMMIT). A group of registration pushes only costs 2 round trips: the
 *   read travels with BEGIN and the clock lock, the write with COMMIT;
 * - any other push row by row (server/push.ts `applyPushRowByRow`) in a SAVEPOINT of its own.
 * Each request is then answered with exactly its own outcome: its conflicts, or the HttpError
 * that refused it (a refused request stores nothing; the others are unaffected).
 *
 * Failures: a set-based write that fails in SQL ({@link SetPathFailed}) rolls the whole
 * transaction back and the group runs again row by row, each request in its own SAVEPOINT, in a
 * new transaction; if the database refuses a group's transaction as a whole (its COMMIT, say, with
 * a SQLSTATE error), each of its requests runs again alone in a transaction of its own, so one
 * request's failure never becomes another's. Pushes are idempotent, so such a rerun changes nothing
 * twice. Groups are written on one dedicated connection (server/db.ts `TransactionOptions.writer`);
 * when it breaks, the group runs once more on a new one, and a second loss fails every request of
 * the group (the database is gone for all of them).
 *
 * Latency: an idle queue starts at the next turn of the event loop (`setImmediate`, no timer), so
 * a lone push waits for nothing but requests whose bodies were read in the same I/O phase.
 *
 * Gathering: every group costs one WAL flush under the clock lock, whatever its size, so the rate
 * is the number of pushes per group times the groups per second. A client answered by one group
 * usually pushes again at once (a counter's outbox, an offline backlog in several requests), and
 * would otherwise land in the group that starts while its request is still on the wire: with
 * n busy clients, two halves of about n/2 take turns. So after answering a group, the next group
 * waits up to {@link GroupLimits.gatherMs} for as many requests as there are queued plus just
 * answered (within `maxPushes`), and starts as soon as they are there. A lone push never waits (it
 * finds the queue idle, or fills the one place a group answering one request waits for); the wait
 * is spent while no transaction holds the lock. The idea of PostgreSQL's `commit_delay`, driven by
 * the clients' return rather than a fixed sleep. PostgreSQL only: PGlite runs every statement,
 * the returning clients' token checks included, in this process's one thread, so there the wait
 * only splits the returning clients over more, smaller groups ({@link groupLimitsFor}).
 *
 * Order: requests join the queue in arrival order and a group keeps that order, so the first
 * request received wins a serial number, also within one group (docs/sync.md, "Push").
 */
import { WriterConnectionLost, type Db } from './db';
import { writeTransaction, type WriteTx } from './store';
import { applyPushRowByRow, type PushRequest } from './push';
import { applyRegistrationPushes, registrationReads } from './pushSet';

/** A request's outcome: its conflicting master documents, or the error that refused it. */
export type Outcome = { ok: true; value: Record<string, unknown>[] } | { ok: false; error: unknown };

/**
 * How pushes are applied: `set` (default) applies consecutive registration pushes of a transaction
 * together with a constant number of statements (server/pushSet.ts); `row` applies every push row
 * by row — kept for comparison in tests and benchmarks.
 */
export type PushPath = 'set' | 'row';

/**
 * Bounds of one group (one write transaction). The first request of a group is always taken,
 * whatever its size (a request is already bounded by `maxPushRows` and the body limit); the next
 * ones join while the group stays within every bound.
 */
export interface GroupLimits {
  /** Most requests per transaction (1 = no grouping: one transaction per request). */
  maxPushes: number;
  /** Most rows per transaction, all requests together. */
  maxRows: number;
  /** Most request-body bytes per transaction (as announced by each request's `content-length`). */
  maxBytes: number;
  /** Most time, ms, the next group waits for the clients just answered ("Gathering" above); 0 = it never waits. */
  gatherMs: number;
}

/**
 * The defaults on PostgreSQL: 64 requests, 2,000 rows, 4 MiB — a group of one-row pushes is
 * bounded by the number of clients waiting, and a group never holds the clock lock for much longer
 * than a full 1,000-row push does; 2 ms of gathering, about the time an answered client on the
 * same network takes to send its next push, and less than a group's own transaction
 * (docs/performance.md, "Gathering the clients just answered"). PGlite: see {@link groupLimitsFor}.
 */
export const defaultGroupLimits: Readonly<GroupLimits> = { maxPushes: 64, maxRows: 2000, maxBytes: 4 * 1024 * 1024, gatherMs: 2 };

/** The default bounds for `engine`: {@link defaultGroupLimits}, without gathering on PGlite ("Gathering" above). */
export function groupLimitsFor(engine: Db['engine']): GroupLimits {
  return { ...defaultGroupLimits, ...(engine === 'pglite' ? { gatherMs: 0 } : {}) };
}

/** A request in the queue: what to apply, its body size in bytes (0 when unknown) and how to answer it. */
interface Job extends PushRequest {
  bytes: number;
  resolve(conflicts: Record<string, unknown>[]): void;
  reject(error: unknown): void;
}

/** The set-based path failed for a reason other than a push's own refusal. */
export class SetPathFailed extends Error {
  constructor(readonly reason: unknown) {
    super(`set-based push failed: ${String((reason as Error)?.message ?? reason)}`);
  }
}

/** What a {@link GroupCommit} did so far (tests and benchmarks). */
export interface GroupCommitStats {
  /** Write transactions started for groups (reruns included). */
  transactions: number;
  /** Requests answered. */
  requests: number;
  /** Groups rerun row by row after a set-based write failed. */
  rowReruns: number;
  /** Groups whose transaction failed as a whole, each request then rerun alone. */
  aloneReruns: number;
  /** Most requests taken into one group so far. */
  largestGroup: number;
  /** Groups run again on a new writer connection after theirs broke. */
  reconnects: number;
  /** Times the next group waited for the clients just answered ("Gathering" above). */
  gathers: number;
}

/**
 * Every group's transaction runs on the database's dedicated writer connection (server/db.ts
 * `TransactionOptions.writer`): groups are serial anyway (the clock lock), and the next group's
 * BEGIN then goes out in the same turn of the event loop as the answers of the one before, without
 * a pool checkout.
 */
const writer = { writer: true } as const;

/** The group commit queue of one database (one per {@link Db}, see {@link groupCommitOf}). */
export class GroupCommit {
  private readonly queue: Job[] = [];
  private running = false;
  /** While the next group gathers: how many queued requests end the wait, and how to end it. */
  private gathering: { target: number; end(): void } | null = null;
  /** How pushes are applied from now on. */
  path: PushPath = 'set';
  /** Bounds of the next groups. */
  limits: GroupLimits;
  readonly stats: GroupCommitStats = { transactions: 0, requests: 0, rowReruns: 0, aloneReruns: 0, largestGroup: 0, reconnects: 0, gathers: 0 };

  constructor(private readonly db: Db) {
    this.limits = groupLimitsFor(db.engine);
  }

  /**
   * Queues one validated push request; resolves with its conflicts once its group has committed,
   * or rejects with its own error (an HttpError such as 403 / 409, or the database's error when its
   * transaction failed). `bytes` is the request body's size, 0 when unknown.
   */
  submit(req: PushRequest, bytes = 0): Promise<Record<string, unknown>[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...req, bytes, resolve, reject });
      if (this.gathering && this.queue.length >= this.gathering.target) this.gathering.end();
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Requests waiting for the next group (not those of the transaction running now). */
  get queued(): number {
    return this.queue.length;
  }

  /** Takes the next group off the queue: the first request, then followers while within {@link limits}. */
  private takeGroup(): Job[] {
    const { maxPushes, maxRows, maxBytes } = this.limits;
    let n = 1;
    let rows = this.queue[0]!.rows.length;
    let bytes = this.queue[0]!.bytes;
    while (n < this.queue.length && n < maxPushes) {
      const next = this.queue[n]!;
      if (rows + next.rows.length > maxRows || bytes + next.bytes > maxBytes) break;
      rows += next.rows.length;
      bytes += next.bytes;
      n++;
    }
    this.stats.largestGroup = Math.max(this.stats.largestGroup, n);
    return this.queue.splice(0, n);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        // applyGroup answers every failure as outcomes; the catch only keeps a bug from leaving requests unanswered.
        const outcomes = await this.applyGroup(group).catch((error: unknown) => group.map((): Outcome => ({ ok: false, error })));
        this.stats.requests += group.length;
        group.forEach((job, i) => {
          const o = outcomes[i]!;
          if (o.ok) job.resolve(o.value);
          else job.reject(o.error);
        });
        await this.gather(Math.min(this.limits.maxPushes, this.queue.length + group.length));
      }
    } finally {
      this.running = false;
    }
  }

  /** Ends a gathering wait in progress, if any: the next group starts now. */
  endGathering(): void {
    this.gathering?.end();
  }

  /**
   * Waits until `target` requests are queued or {@link GroupLimits.gatherMs} passed ("Gathering"
   * above); returns at once when they are there already or gathering is off.
   */
  private async gather(target: number): Promise<void> {
    const ms = this.limits.gatherMs;
    if (ms <= 0 || this.queue.length >= target) return;
    this.stats.gathers++;
    await new Promise<void>((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.gathering = null;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.gathering = { target, end };
    });
  }

  /**
   * One outcome per request of `group`, in order; never throws. A group whose writer connection
   * broke ({@link WriterConnectionLost}: its backend ended, say) runs once more on a new connection
   * before anything else is taken, so it keeps its place in the order; only a second loss fails
   * its requests (the database is then gone for everybody).
   */
  private async applyGroup(group: Job[], reconnected = false): Promise<Outcome[]> {
    let failure: unknown;
    try {
      return await this.transaction(group, this.path);
    } catch (error) {
      failure = error;
    }
    if (failure instanceof WriterConnectionLost && !reconnected) {
      this.stats.reconnects++;
      return this.applyGroup(group, true);
    }
    if (failure instanceof SetPathFailed) {
      this.stats.rowReruns++;
      try {
        return await this.transaction(group, 'row');
      } catch (error) {
        failure = error;
      }
    }
    if (group.length === 1 || !refusedByDatabase(failure)) return group.map(() => ({ ok: false, error: failure }));
    // The database refused the transaction as a whole (nothing of it is stored): each request
    // alone, so the failure stays with the request that causes it.
    this.stats.aloneReruns++;
    const outcomes: Outcome[] = [];
    for (const job of group) outcomes.push(...(await this.applyGroup([job])));
    return outcomes;
  }

  /** Applies `group` in one write transaction; one outcome per request. @throws SetPathFailed, or the transaction's own failure. */
  private async transaction(group: Job[], path: PushPath): Promise<Outcome[]> {
    this.stats.transactions++;
    if (path === 'set' && group.every((j) => j.collection === 'registrations')) return this.registrationsTransaction(group);
    const rowByRow = async (w: WriteTx): Promise<Outcome[]> => {
      const outcomes: Outcome[] = [];
      let i = 0;
      while (i < group.length) {
        let j = i;
        if (path === 'set') while (j < group.length && group[j]!.collection === 'registrations') j++;
        if (j > i) {
          outcomes.push(...(await runTogether(w, group.slice(i, j))));
          i = j;
        } else {
          outcomes.push(await runAlone(w, group[i]!));
          i++;
        }
      }
      return outcomes;
    };
    return writeTransaction(this.db, group[0]!.user.email, rowByRow, undefined, writer);
  }

  /**
   * A group of registration pushes only, on the set path, in 2 round trips: BEGIN + clock lock +
   * the read (server/pushSet.ts `registrationReads`), then the writes with the clock update, NOTIFY
   * and COMMIT. A failure of that last round trip cannot tell the writes from COMMIT, so a SQLSTATE
   * error of this transaction is taken as the set-based write's ({@link SetPathFailed}: the group reruns row by
   * row, each request in its own SAVEPOINT; should that transaction fail as a whole too, each
   * request reruns alone).
   */
  private async registrationsTransaction(group: Job[]): Promise<Outcome[]> {
    try {
      return await writeTransaction(this.db, group[0]!.user.email, (w, readRows) => runTogether(w, group, { readRows, writeAtCommit: true }), registrationReads(group), writer);
    } catch (error) {
      if (refusedByDatabase(error)) throw new SetPathFailed(error);
      throw error;
    }
  }
}

/**
 * True when `error` is the database refusing a statement (a SQLSTATE code) while the connection
 * itself is fine — not classes 08 (connection exception) and 57 (operator intervention, e.g. a
 * shutdown): rerunning the requests alone then isolates the one that causes it, whereas with the
 * database gone each rerun would only wait for the same failure.
 */
function refusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57');
}

/** One push row by row inside its own SAVEPOINT (rolled back alone when it fails). */
async function runAlone(w: WriteTx, job: PushRequest): Promise<Outcome> {
  w.actor = job.user.email;
  await w.q.query('savepoint push_job');
  try {
    const value = await applyPushRowByRow(w, job);
    await w.q.query('release savepoint push_job');
    return { ok: true, value };
  } catch (error) {
    await w.q.query('rollback to savepoint push_job');
    return { ok: false, error };
  }
}

/**
 * Registration pushes decided together (server/pushSet.ts); refused pushes are isolated in memory.
 * No SAVEPOINT (two round trips saved): should the set-based write fail in SQL, {@link SetPathFailed}
 * rolls the whole transaction back and the group runs again row by row.
 */
async function runTogether(w: WriteTx, jobs: PushRequest[], opts?: Parameters<typeof applyRegistrationPushes>[2]): Promise<Outcome[]> {
  try {
    return await applyRegistrationPushes(w, jobs, opts);
  } catch (error) {
    throw new SetPathFailed(error);
  }
}

const queues = new WeakMap<Db, GroupCommit>();

/** The group commit queue of `db` (made on first use). */
export function groupCommitOf(db: Db): GroupCommit {
  let g = queues.get(db);
  if (!g) queues.set(db, (g = new GroupCommit(db)));
  return g;
}

/** Chooses how pushes to `db` are applied from now on (see {@link PushPath}); for tests and benchmarks. */
export function setPushPath(db: Db, path: PushPath): void {
  groupCommitOf(db).path = path;
}

/**
 * Sets the bounds of `db`'s next groups (unspecified ones keep their value) and ends a gathering
 * wait in progress (it was timed by the old bounds); for tests and benchmarks.
 */
export function setGroupLimits(db: Db, limits: Partial<GroupLimits>): void {
  const g = groupCommitOf(db);
  g.limits = { ...g.limits, ...limits };
  g.endGathering();
}
