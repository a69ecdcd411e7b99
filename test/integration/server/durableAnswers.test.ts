/* eslint-disable @typescript-eslint/no-explicit-any -- push and pull answers are inspected loosely */
/**
 * Pushes commit without waiting for their WAL flush and are answered only once it is done
 * (server/groupCommit.ts, server/db.ts `transactionFlushLater` / `flushedTo`; docs/sync.md "Group
 * commit"). On PostgreSQL the test holds every flush wait at a gate (it wraps the server's
 * `db.flushedTo`) and checks, with the gate closed:
 * - the clock lock is free once a group's COMMIT returned: a second push commits (its row is in the
 *   database, in a write transaction of its own) while the first one's flush is still held;
 * - neither push is answered while its flush is held, both are once it is done;
 * - a pull that would return a committed row whose flush is held waits for that flush.
 * And, without a gate, that `flushedTo` really leaves the WAL flushed past a commit made with
 * `synchronous_commit = off`, and that concurrent waits share barriers (FlushBarriers, no database).
 * PGlite keeps its path (its commits are unchanged; `flushedTo` has nothing to wait for).
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { databaseUrl, demoLogins, registrationDoc, useTestServer, warnIfNoPostgres } from './helpers';
import { groupCommitOf } from '../../../server/groupCommit';
import { FlushBarriers, parseLsn, type Db } from '../../../server/db';

warnIfNoPostgres();

async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A promise and whether it has settled yet. */
function watch<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const promise = p.finally(() => (done = true));
  return { promise, settled: () => done };
}

/** Holds every `db.flushedTo` call while `closed`; `calls` lists the positions asked for. */
function gateFlushes(db: Db): { calls: (string | null)[]; close(): void; open(): void } {
  const calls: (string | null)[] = [];
  let gate: Promise<void> | null = null;
  let release: () => void = () => undefined;
  const original = db.flushedTo.bind(db);
  (db as { flushedTo: Db['flushedTo'] }).flushedTo = async (lsn, seen) => {
    calls.push(lsn);
    if (gate) await gate;
    return original(lsn, seen);
  };
  return {
    calls,
    close: () => void (gate = new Promise<void>((r) => (release = r))),
    open: () => {
      gate = null;
      release();
    },
  };
}

describe.skipIf(!databaseUrl)('durable push answers on PostgreSQL', () => {
  const {
    srv,
    clients: [dealer, office],
  } = useTestServer(databaseUrl ? { databaseUrl } : {}, demoLogins.dealer, demoLogins.office);
  const stored = async (db: Db, id: string) => (await db.query('select 1 from documents where collection = $1 and id = $2', ['registrations', id])).length === 1;
  const row = (doc: Record<string, unknown>) => [{ assumedMasterState: null, newDocumentState: doc }];

  it('frees the clock lock at COMMIT: a second push commits while the first waits for its flush, and neither is answered before its flush', async () => {
    const db = srv.server.services.db;
    const gate = gateFlushes(db);
    const queue = groupCommitOf(db);
    const before = queue.stats.transactions;
    const a = registrationDoc('org-demo-studio');
    const b = registrationDoc('org-demo-studio');
    gate.close();
    try {
      const pushA = watch(dealer.push('registrations', row(a)));
      await until(() => gate.calls.length >= 1, "the first push's flush wait");
      expect(await stored(db, String(a.id))).toBe(true);
      const pushB = watch(dealer.push('registrations', row(b)));
      // The second push's own transaction commits while the first one's flush is held.
      await until(() => stored(db, String(b.id)), 'the second push to commit');
      await until(() => gate.calls.length >= 2, "the second push's flush wait");
      expect(queue.stats.transactions - before).toBe(2);
      expect(pushA.settled()).toBe(false);
      expect(pushB.settled()).toBe(false);
      gate.open();
      const [answerA, answerB] = await Promise.all([pushA.promise, pushB.promise]);
      expect(answerA.status).toBe(200);
      expect(answerB.status).toBe(200);
      expect(answerA.body.map((d: any) => d.id)).toEqual([a.id]);
      expect(answerB.body.map((d: any) => d.id)).toEqual([b.id]);
      // Each waited for a WAL position at or after its commit; the WAL is now flushed past both.
      const flushed = (await db.query<{ flushed: string }>('select pg_current_wal_flush_lsn()::text as flushed'))[0]!.flushed;
      for (const lsn of gate.calls) expect(parseLsn(flushed)).toBeGreaterThanOrEqual(parseLsn(lsn!));
    } finally {
      gate.open();
    }
  });

  it('answers a pull that returns a committed row only once that row is flushed', async () => {
    const db = srv.server.services.db;
    const doc = registrationDoc('org-demo-studio');
    const head = (await office.pull('registrations', null, 5000)).body.checkpoint; // the few registrations of this server
    const gate = gateFlushes(db);
    gate.close();
    try {
      const push = watch(dealer.push('registrations', row(doc)));
      await until(() => gate.calls.length >= 1, "the push's flush wait");
      expect(await stored(db, String(doc.id))).toBe(true);
      const pull = watch(office.pull('registrations', head, 1000));
      await until(() => gate.calls.length >= 2, "the pull's flush wait");
      expect(pull.settled()).toBe(false);
      gate.open();
      const page = await pull.promise;
      expect(page.status).toBe(200);
      expect(page.body.documents.map((d: any) => d.id)).toContain(doc.id);
      expect((await push.promise).status).toBe(200);
    } finally {
      gate.open();
    }
  });

  it('flushedTo leaves the WAL flushed past a commit made with synchronous_commit off', async () => {
    const db = srv.server.services.db;
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const r = (await c.query(
        "begin; set local synchronous_commit = off; select pg_logical_emit_message(true, 'cps-test', 'unflushed'); commit; select pg_current_wal_insert_lsn()::text as lsn",
      )) as unknown as pg.QueryResult[];
      const lsn = (r[r.length - 1]!.rows[0] as { lsn: string }).lsn;
      await db.flushedTo(lsn);
      const flushed = (await db.query<{ flushed: string }>('select pg_current_wal_flush_lsn()::text as flushed'))[0]!.flushed;
      expect(parseLsn(flushed)).toBeGreaterThanOrEqual(parseLsn(lsn));
    } finally {
      await c.end();
    }
  });
});

describe('flush barriers (no database)', () => {
  it('lets callers that arrive while a barrier runs share the next one, and parses WAL positions', async () => {
    let position = 0x1000n;
    const started: (() => void)[] = [];
    const barriers = new FlushBarriers(async () => {
      position += 0x100n;
      const at = position;
      await new Promise<void>((r) => started.push(r));
      return `0/${at.toString(16)}`;
    });
    const first = barriers.to('0/1001');
    await until(() => started.length === 1, 'the first barrier');
    // Ten callers whose commits came after the first barrier started: all wait for ONE next barrier.
    const later = Array.from({ length: 10 }, () => barriers.to('0/1101'));
    started.shift()!();
    await first;
    await until(() => started.length === 1, 'the second barrier');
    started.shift()!();
    await Promise.all(later);
    expect(barriers.count).toBe(2);
    // Already flushed (known from a barrier, or seen with the position): no barrier.
    await barriers.to('0/1200');
    await barriers.to('0/5000', '1/0');
    expect(barriers.count).toBe(2);
    await barriers.to(null);
    expect(parseLsn('1/A')).toBe(0x1_0000_000an);
    expect(() => parseLsn('x')).toThrow(/WAL position/);
  });
});
