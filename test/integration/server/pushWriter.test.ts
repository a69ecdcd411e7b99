/* eslint-disable @typescript-eslint/no-explicit-any -- push answers are inspected loosely */
/**
 * The group commit's dedicated writer connection on PostgreSQL (server/db.ts
 * `TransactionOptions.writer`, server/groupCommit.ts): every group's transaction runs on one kept
 * connection, and when its backend is ended (`pg_terminate_backend`, PostgreSQL manual 9.28.2) —
 * while idle between groups, or in the middle of a group's transaction — the next group still
 * commits on a new connection, the cut group runs again, and no push is lost or answered with an
 * error. Also under load: concurrent pushes (two of them contending for one serial) while the
 * writer is ended again and again; each contended serial still has exactly one winner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, demoLogins, pullAll, pushNew, registrationDoc, useTestServer, warnIfNoPostgres, type Client } from './helpers';
import { groupCommitOf } from '../../../server/groupCommit';
import { clockLockSql } from '../../../server/store';
import type { Db } from '../../../server/db';

warnIfNoPostgres();

/** Spies on the writer's transactions: the backend each ran on, and ends that backend on demand. */
interface WriterSpy {
  /** Backend pids of the group transactions seen, in order. */
  pids: number[];
  /** Per coming group transaction, in order: true ends its backend after BEGIN, before COMMIT. */
  killMidway: boolean[];
  /** Backends ended so far. */
  killed: number;
}

function spyOnWriter(db: Db): WriterSpy {
  const spy: WriterSpy = { pids: [], killMidway: [], killed: 0 };
  const original = db.transaction.bind(db);
  (db as { transaction: Db['transaction'] }).transaction = (fn, opts) => {
    if (!opts?.writer || !opts.first?.startsWith(clockLockSql)) return original(fn, opts);
    return original(async (tx, firstRows) => {
      const pid = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid'))[0]!.pid;
      spy.pids.push(pid);
      if (spy.killMidway.shift()) {
        // From a pool connection, while the writer holds the clock lock: its COMMIT never arrives.
        expect((await db.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [pid]))[0]!.ok).toBe(true);
        spy.killed++;
      }
      return fn(tx, firstRows);
    }, opts);
  };
  return spy;
}

describe.skipIf(!databaseUrl)('the group commit writer connection on PostgreSQL', () => {
  const {
    srv,
    clients: [dealer, studio, office],
  } = useTestServer(databaseUrl ? { databaseUrl } : {}, demoLogins.dealer, demoLogins.studio, demoLogins.office);
  let db: Db;
  let spy: WriterSpy;
  beforeAll(() => {
    db = srv.server.services.db;
    spy = spyOnWriter(db);
  });

  const statusOf = async (ids: string[]) => {
    const all = new Map((await pullAll(office, 'registrations')).map((d: any) => [String(d.id), d]));
    return ids.map((id) => all.get(id)?.status as string | undefined);
  };

  it('keeps one connection for the groups, and opens a new one when its backend was ended while idle', async () => {
    await pushNew(dealer, 'registrations', registrationDoc('org-demo-studio'));
    await pushNew(studio, 'registrations', registrationDoc('org-demo-studio'));
    const [first, second] = spy.pids.slice(-2);
    expect(second).toBe(first); // the same backend for consecutive groups: no pool checkout

    expect((await db.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [first]))[0]!.ok).toBe(true);
    const before = { ...groupCommitOf(db).stats };
    const doc = registrationDoc('org-demo-studio');
    await pushNew(dealer, 'registrations', doc);
    expect(spy.pids.at(-1)).not.toBe(first);
    expect(await statusOf([String(doc.id)])).toEqual(['points-assigned']);
    // Ended while idle: noticed before the next group began, so nothing had to run twice.
    expect(groupCommitOf(db).stats.reconnects - before.reconnects).toBe(0);
  }, 60_000);

  it('runs a group again on a new connection when its backend is ended in the middle of its transaction', async () => {
    const before = { ...groupCommitOf(db).stats };
    const docs = [registrationDoc('org-demo-studio'), registrationDoc('org-demo-studio')];
    spy.killMidway = [true];
    const answer = await dealer.push(
      'registrations',
      docs.map((d) => ({ assumedMasterState: null, newDocumentState: d })),
    );
    expect(spy.killed).toBe(1);
    expect(answer.status).toBe(200);
    expect(groupCommitOf(db).stats.reconnects - before.reconnects).toBe(1);
    const [cut, rerun] = spy.pids.slice(-2);
    expect(rerun).not.toBe(cut);
    expect(await statusOf(docs.map((d) => String(d.id)))).toEqual(['points-assigned', 'points-assigned']);
  }, 60_000);

  it('loses no push of many concurrent clients while the writer is ended again and again; a contended serial has one winner', async () => {
    const pushers: Client[] = [dealer, studio, office, dealer, studio, office, dealer, studio];
    const rounds = 12;
    const contested = Array.from({ length: rounds }, () => String(registrationDoc('org-demo-studio').serialNumber));
    const sent: string[][] = pushers.map(() => []);
    // End the writer in every third group transaction from now on (and let the reruns pass).
    spy.killMidway = Array.from({ length: 60 }, (_, i) => i % 3 === 1);
    const killedBefore = spy.killed;
    const statuses: number[] = [];
    await Promise.all(
      pushers.map(async (who, k) => {
        for (let r = 0; r < rounds; r++) {
          // The first two pushers claim the same serial each round: exactly one of them wins it.
          const doc = registrationDoc('org-demo-studio', k < 2 ? { serialNumber: contested[r] } : {});
          sent[k]!.push(String(doc.id));
          statuses.push((await who.push('registrations', [{ assumedMasterState: null, newDocumentState: doc }])).status);
        }
      }),
    );
    spy.killMidway = [];
    expect(spy.killed - killedBefore).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const all = new Map((await pullAll(office, 'registrations')).map((d: any) => [String(d.id), d]));
    for (const id of sent.flat()) expect(all.has(id), `${id} stored`).toBe(true);
    for (let r = 0; r < rounds; r++) {
      const pair = [sent[0]![r]!, sent[1]![r]!].map((id) => all.get(id)?.status);
      expect(pair.filter((s) => s === 'points-assigned'), `serial of round ${r}`).toHaveLength(1);
      expect(pair.filter((s) => s === 'rejected-duplicate'), `serial of round ${r}`).toHaveLength(1);
      const claims = await db.query<{ registration_id: string }>('select registration_id from serial_claims where serial = $1', [contested[r]]);
      expect(claims).toHaveLength(1);
    }
    for (let k = 2; k < pushers.length; k++) for (const id of sent[k]!) expect(all.get(id)?.status, id).toBe('points-assigned');
  }, 120_000);
});
