/* eslint-disable @typescript-eslint/no-explicit-any -- push answers are inspected loosely */
/**
 * Group commit (server/groupCommit.ts): push requests of different users that wait while a write
 * transaction runs are written together by the next one, and each HTTP request is answered with
 * exactly its own outcome. The test holds one write transaction at a gate, lets the other requests
 * queue behind it, then opens the gate: the queued requests form ONE group (checked through the
 * queue's statistics). Covered: every user's rows judged against that user's scope (a dealer's
 * out-of-scope row refuses only its own request), an unknown organisation, a schema-invalid request,
 * an organisation push in the middle of the group, one serial claimed by requests of four users
 * (exactly one winner), and forced failures inside a grouped write — the set-based write failing (the
 * group reruns row by row) with one request's own row failing as well, and the group's COMMIT failing
 * (each request reruns alone) — which leave the other requests' rows correct; a serial claimed
 * behind the clock lock's back between the read and the write (the write fails in SQL, the group
 * reruns row by row); and the group's bounds (rows, request-body bytes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoLogins, engines, organisationDoc, pushNew, registrationDoc, useTestServer, warnIfNoPostgres, type Client } from './helpers';
import { defaultGroupLimits, groupCommitOf, groupLimitsFor, setGroupLimits } from '../../../server/groupCommit';
import { clockLockSql } from '../../../server/store';
import type { Db, Transaction } from '../../../server/db';

warnIfNoPostgres();

/** Fault injection on the write transactions of a test server's database. */
interface Faults {
  /** While set, the next write transaction waits for it before BEGIN; `held` tells it is waiting. */
  gate: Promise<void> | null;
  held: boolean;
  /** Per coming set-based write, in order: true fails it (refused before it reaches the database). */
  setWriteFaults: boolean[];
  /** Ids whose row-by-row document write fails. */
  poison: Set<string>;
  /** Per coming COMMIT, in order: true fails it (a division by zero sent along with it). */
  commitFaults: boolean[];
  /** While set: the next set-based write sent with COMMIT finds this (model, serial) claimed by `intruder` first (a writer that ignored the clock lock). */
  intruderClaim: [string, string] | null;
}

function injectFaults(db: Db): Faults {
  const f: Faults = { gate: null, held: false, setWriteFaults: [], poison: new Set(), commitFaults: [], intruderClaim: null };
  const original = db.transaction.bind(db);
  (db as { transaction: Db['transaction'] }).transaction = async (fn, opts) => {
    if (f.gate && opts?.first?.startsWith(clockLockSql)) {
      f.held = true;
      await f.gate;
      f.held = false;
    }
    return original((tx, firstRows) => {
      const faulty: Transaction = {
        async query(sql, params) {
          const s = sql.trimStart();
          if (s.startsWith('with docs as') && f.setWriteFaults.shift()) throw new Error('forced failure of the set-based write');
          if (s.startsWith('insert into documents') && f.poison.has(String(params?.[1]))) throw new Error(`forced failure of the write of ${String(params?.[1])}`);
          return tx.query(sql, params);
        },
        ...(tx.atCommit
          ? {
              atCommit: (sql: string) => {
                // A set-based write sent with COMMIT (a group of registration pushes only) fails in SQL.
                if (sql.trimStart().startsWith('with docs as') && f.setWriteFaults.shift()) tx.atCommit!('select 1/0');
                if (sql.trimStart().startsWith('with docs as') && f.intruderClaim) {
                  const [model, serial] = f.intruderClaim;
                  f.intruderClaim = null;
                  tx.atCommit!(`insert into serial_claims (product_model_id, serial, registration_id, claimed_at) values ('${model}', '${serial}', 'intruder', '2026-01-01T00:00:00.000Z')`);
                }
                if (sql.includes('pg_notify') && f.commitFaults.shift()) tx.atCommit!('select 1/0');
                tx.atCommit!(sql);
              },
            }
          : {}),
      };
      return fn(faulty, firstRows);
    }, opts);
  };
  return f;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

type Answer = { status: number; body: any };
interface Request {
  who: Client;
  collection?: string;
  docs: Record<string, unknown>[];
  /** Refused before it is queued (schema-invalid). */
  refusedEarly?: boolean;
}

/**
 * Sends `blocker`, holds its transaction at the gate, sends `requests` while it is held, waits until
 * they are all queued, opens the gate; returns their answers in order and the group commit's
 * statistics' change.
 */
async function sendGrouped(db: Db, f: Faults, blocker: Client, requests: Request[]) {
  const queue = groupCommitOf(db);
  const before = { ...queue.stats };
  let open!: () => void;
  f.gate = new Promise<void>((r) => (open = r));
  const blocked = pushNew(blocker, 'registrations', registrationDoc('org-demo-studio'));
  await until(() => f.held, 'the blocking transaction');
  const answers: Promise<Answer>[] = requests.map((r) => r.who.push(r.collection ?? 'registrations', r.docs.map((d) => ({ assumedMasterState: null, newDocumentState: d }))));
  await until(() => queue.queued === requests.filter((r) => !r.refusedEarly).length, 'every request to be queued');
  f.gate = null;
  open();
  await blocked;
  const result = await Promise.all(answers);
  const after = queue.stats;
  return { answers: result, transactions: after.transactions - before.transactions, rowReruns: after.rowReruns - before.rowReruns, aloneReruns: after.aloneReruns - before.aloneReruns, largestGroup: after.largestGroup };
}

const ids = (docs: Record<string, unknown>[]) => docs.map((d) => String(d.id)).sort();

for (const engine of engines) {
  describe.skipIf(engine.skip)(`group commit on ${engine.name}`, () => {
    const {
      srv,
      clients: [dealer, dealer2, studio, office],
    } = useTestServer(engine.options, demoLogins.dealer, demoLogins.dealer2, demoLogins.studio, demoLogins.office);
    let db: Db;
    let faults: Faults;
    const orgB = organisationDoc({ dealerId: 'dealer-demo-2' });
    beforeAll(async () => {
      await pushNew(dealer2, 'organisations', orgB);
      db = srv.server.services.db;
      faults = injectFaults(db);
    });

    /** Every registration the back office sees, by id. */
    const stored = async () => {
      const all = new Map<string, any>();
      for (let cp: any = null; ; ) {
        const r = await office.pull('registrations', cp, 5000);
        for (const d of r.body.documents) all.set(String(d.id), d);
        if (r.body.documents.length < 5000) break;
        cp = r.body.checkpoint;
      }
      return all;
    };

    it('answers every request of one group with exactly its own outcome, each user judged in its own scope; one serial claimed by four users has one winner', async () => {
      const contested = registrationDoc('org-demo-studio').serialNumber;
      const contenders = [dealer, studio, office, dealer].map((who) => ({ who, docs: [registrationDoc('org-demo-studio', { serialNumber: contested })] }));
      const requests: (Request & { expect: number | 'ok' })[] = [
        { who: dealer, docs: [registrationDoc('org-demo-studio'), registrationDoc('org-demo-studio')], expect: 'ok' },
        { who: dealer2, docs: [registrationDoc(String(orgB.id)), registrationDoc(String(orgB.id))], expect: 'ok' },
        // dealer 2's good row and its row of dealer 1's organisation: the whole request is refused, no one else's.
        { who: dealer2, docs: [registrationDoc(String(orgB.id)), registrationDoc('org-demo-studio')], expect: 403 },
        { who: studio, docs: [registrationDoc('org-demo-studio')], expect: 'ok' },
        // the studio manager may not write into dealer 2's organisation, the back office may.
        { who: studio, docs: [registrationDoc(String(orgB.id))], expect: 403 },
        { who: office, docs: [registrationDoc(String(orgB.id))], expect: 'ok' },
        { who: dealer, docs: [registrationDoc('org-group-unknown')], expect: 409 },
        { who: dealer, docs: [registrationDoc('org-demo-studio', { points: 'many' })], refusedEarly: true, expect: 400 },
        { who: dealer2, collection: 'organisations', docs: [organisationDoc({ dealerId: 'dealer-demo-2' })], expect: 'ok' },
        ...contenders.map((c) => ({ ...c, expect: 'ok' as const })),
        { who: dealer2, docs: [registrationDoc(String(orgB.id))], expect: 'ok' },
      ];
      const run = await sendGrouped(db, faults, office, requests);
      expect(run.transactions).toBe(2); // the blocker's, and ONE for the whole group
      expect(run.largestGroup).toBeGreaterThanOrEqual(requests.length - 1);

      run.answers.forEach((a, i) => {
        const r = requests[i]!;
        if (r.expect === 'ok') {
          expect(a.status, `request ${i}`).toBe(200);
          // Every row the server stores comes back (its updatedAt is the server's): exactly this request's rows, nobody else's.
          expect(ids(a.body), `request ${i}`).toEqual(ids(r.docs));
        } else expect(a.status, `request ${i}: ${JSON.stringify(a.body)}`).toBe(r.expect);
      });
      const contested0 = requests.findIndex((r) => r.docs[0]!.serialNumber === contested);
      const verdicts = contenders.map((_, k) => run.answers[contested0 + k]!.body[0].status);
      expect(verdicts.filter((s: string) => s === 'points-assigned')).toHaveLength(1);
      expect(verdicts.filter((s: string) => s === 'rejected-duplicate')).toHaveLength(contenders.length - 1);

      const all = await stored();
      requests.forEach((r, i) => {
        if (r.collection) return;
        for (const d of r.docs) expect(all.has(String(d.id)), `request ${i}: ${String(d.id)} stored`).toBe(r.expect === 'ok');
      });
      const winner = contenders.map((c) => String(c.docs[0]!.id)).find((id) => all.get(id)?.status === 'points-assigned')!;
      const claims = await db.query<{ registration_id: string }>('select registration_id from serial_claims where serial = $1', [contested]);
      expect(claims.map((c) => c.registration_id)).toEqual([winner]);
    }, 120_000);

    it('keeps the other requests correct when the grouped set-based write fails and one request fails on its own', async () => {
      const poisoned = registrationDoc('org-demo-studio');
      const requests: (Request & { ok: boolean })[] = [
        { who: dealer, docs: [registrationDoc('org-demo-studio'), registrationDoc('org-demo-studio')], ok: true },
        { who: dealer2, docs: [registrationDoc(String(orgB.id)), registrationDoc('org-demo-studio')], ok: false },
        { who: studio, docs: [registrationDoc('org-demo-studio'), poisoned], ok: false },
        { who: office, docs: [registrationDoc(String(orgB.id))], ok: true },
        { who: dealer2, docs: [registrationDoc(String(orgB.id))], ok: true },
      ];
      faults.setWriteFaults = [false, true]; // the blocker's write passes, the group's fails
      faults.poison.add(String(poisoned.id));
      const run = await sendGrouped(db, faults, office, requests);
      faults.poison.clear();
      expect(faults.setWriteFaults).toEqual([]);
      expect(run.rowReruns).toBe(1);
      expect(run.largestGroup).toBeGreaterThanOrEqual(requests.length);
      expect(run.answers.map((a) => a.status)).toEqual([200, 403, 500, 200, 200]);
      const all = await stored();
      requests.forEach((r, i) => {
        if (r.ok) expect(ids(run.answers[i]!.body)).toEqual(ids(r.docs));
        for (const d of r.docs) expect(all.has(String(d.id)), `request ${i}: ${String(d.id)} stored`).toBe(r.ok);
      });
    }, 120_000);

    it('bounds a group by rows and by request-body bytes', async () => {
      const twoRows = (who: Client, org: string): Request => ({ who, docs: [registrationDoc(org), registrationDoc(org)] });
      const requests = [twoRows(dealer, 'org-demo-studio'), twoRows(dealer2, String(orgB.id)), twoRows(studio, 'org-demo-studio'), twoRows(office, String(orgB.id)), twoRows(dealer, 'org-demo-studio')];
      try {
        setGroupLimits(db, { maxRows: 4 }); // 2 requests of 2 rows per group: 2 + 2 + 1
        const byRows = await sendGrouped(db, faults, office, requests);
        expect(byRows.transactions).toBe(1 + 3);
        setGroupLimits(db, { maxRows: defaultGroupLimits.maxRows, maxBytes: 1 }); // every body is more than a byte: one request per group
        const byBytes = await sendGrouped(db, faults, office, requests.map((r) => ({ ...r, docs: r.docs.map((d) => registrationDoc(String(d.organisationId))) })));
        expect(byBytes.transactions).toBe(1 + requests.length);
        for (const run of [byRows, byBytes]) for (const a of run.answers) expect(a.status).toBe(200);
      } finally {
        setGroupLimits(db, groupLimitsFor(db.engine));
      }
    }, 120_000);

    it('gathers: the next group waits for the client just answered, so its next push joins the requests already queued', async () => {
      // The blocker's client pushes again as soon as it is answered. While the next group gathers,
      // that push arrives and completes the count it waits for (the 4 queued + the 1 answered):
      // one transaction for all five. Without gathering, the 4 queued would start at once and the
      // blocker's second push would need a transaction of its own.
      const queue = groupCommitOf(db);
      const before = { ...queue.stats };
      const requests: Request[] = [dealer, dealer2, studio, dealer].map((who) => ({ who, docs: [registrationDoc(who === dealer2 ? String(orgB.id) : 'org-demo-studio')] }));
      const again = registrationDoc('org-demo-studio');
      setGroupLimits(db, { gatherMs: 5000 }); // far more than the client needs to come back: the count, not the timer, ends the wait
      try {
        let open!: () => void;
        faults.gate = new Promise<void>((r) => (open = r));
        const blocked = pushNew(office, 'registrations', registrationDoc('org-demo-studio')).then(() => office.push('registrations', [{ assumedMasterState: null, newDocumentState: again }]));
        await until(() => faults.held, 'the blocking transaction');
        const answers = requests.map((r) => r.who.push('registrations', r.docs.map((d) => ({ assumedMasterState: null, newDocumentState: d }))));
        await until(() => queue.queued === requests.length, 'every request to be queued');
        const t0 = Date.now();
        faults.gate = null;
        open();
        const second = await blocked;
        const results = await Promise.all(answers);
        expect(Date.now() - t0).toBeLessThan(4000); // ended by the count, not by the 5 s timer
        expect(second.status).toBe(200);
        expect(ids(second.body)).toEqual([String(again.id)]);
        results.forEach((a, i) => {
          expect(a.status).toBe(200);
          expect(ids(a.body)).toEqual(ids(requests[i]!.docs));
        });
        expect(queue.stats.transactions - before.transactions).toBe(2); // the blocker's, then one for all five
        expect(queue.stats.largestGroup).toBeGreaterThanOrEqual(5);
        expect(queue.stats.gathers - before.gathers).toBeGreaterThanOrEqual(1);
      } finally {
        setGroupLimits(db, groupLimitsFor(db.engine));
      }
    }, 120_000);

    it('gathers only while the clients come back: a lone push is never held back, and an absent client costs at most the gathering time', async () => {
      const queue = groupCommitOf(db);
      setGroupLimits(db, { gatherMs: 5000 });
      try {
        // One client pushing one after another: each answered group of one waits for one request,
        // and the client's next push is that request.
        const t0 = Date.now();
        for (let i = 0; i < 3; i++) await pushNew(studio, 'registrations', registrationDoc('org-demo-studio'));
        expect(Date.now() - t0).toBeLessThan(4000);
        // A group of two whose clients do not come back: the next push, alone, waits out the timer.
        setGroupLimits(db, { gatherMs: 300 });
        const before = { ...queue.stats };
        await Promise.all([pushNew(dealer, 'registrations', registrationDoc('org-demo-studio')), pushNew(dealer2, 'registrations', registrationDoc(String(orgB.id)))]);
        const t1 = Date.now();
        await pushNew(studio, 'registrations', registrationDoc('org-demo-studio'));
        expect(Date.now() - t1).toBeLessThan(4000);
        expect(queue.stats.transactions - before.transactions).toBeGreaterThanOrEqual(2);
      } finally {
        setGroupLimits(db, groupLimitsFor(db.engine));
      }
    }, 120_000);

    it('fails the set-based write in SQL when a serial it decided to claim was taken meanwhile, and reruns the group row by row', async () => {
      const queue = groupCommitOf(db);
      const before = { ...queue.stats };
      const doc = registrationDoc('org-demo-studio');
      faults.intruderClaim = [String(doc.productModelId), String(doc.serialNumber)];
      await pushNew(dealer, 'registrations', doc);
      expect(faults.intruderClaim).toBeNull();
      // The intruding claim went with the failed transaction; the row-by-row rerun claimed the serial.
      const claims = await db.query<{ registration_id: string }>('select registration_id from serial_claims where serial = $1', [doc.serialNumber]);
      expect(claims.map((c) => c.registration_id)).toEqual([doc.id]);
      expect((await stored()).get(String(doc.id))?.status).toBe('points-assigned');
      expect(queue.stats.rowReruns - before.rowReruns).toBe(1);
    }, 120_000);

    it('reruns each request alone when the group transaction fails as a whole', async () => {
      const requests: Request[] = [
        { who: dealer, docs: [registrationDoc('org-demo-studio')] },
        { who: dealer2, docs: [registrationDoc(String(orgB.id))] },
        { who: studio, docs: [registrationDoc('org-demo-studio'), registrationDoc('org-demo-studio')] },
      ];
      // The blocker's COMMIT passes; the group's fails, and so does its row-by-row rerun's (a group
      // of registration pushes sends its writes with COMMIT, so a failed COMMIT first counts as the
      // set-based write's and the group reruns row by row).
      faults.commitFaults = [false, true, true];
      const run = await sendGrouped(db, faults, office, requests);
      expect(faults.commitFaults).toEqual([]);
      expect(run.rowReruns).toBe(1);
      expect(run.aloneReruns).toBe(1);
      expect(run.transactions).toBe(3 + requests.length);
      const result = run.answers;
      const all = await stored();
      result.forEach((a, i) => {
        expect(a.status).toBe(200);
        expect(ids(a.body)).toEqual(ids(requests[i]!.docs));
        for (const d of requests[i]!.docs) expect(all.get(String(d.id))?.status).toBe('points-assigned');
      });
    }, 120_000);
  });
}
