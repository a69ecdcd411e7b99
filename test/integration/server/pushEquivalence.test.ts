/* eslint-disable @typescript-eslint/no-explicit-any -- pushed rows and answers are inspected loosely */
/**
 * The set-based push (server/pushSet.ts) against the row-at-a-time path it replaced (kept as
 * `setPushPath(db, 'row')`): two fresh servers get the same history and then the same 1,000 rows —
 * new, edited, stale, locked, retried, deleted, duplicate-serial (against stored claims, within the
 * batch, and against a serial released earlier in the batch), incomplete, out-of-scope,
 * unknown-organisation and schema-invalid — as 100 pushes applied in one group of transactions, and
 * then as a single push of 1,000 rows. Every push's answer (conflicts or refusal), every stored
 * registration and every serial claim must be the same; the set path must need a constant number of
 * round trips per transaction (at most 5), the row path a few per row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { applyPush, setPushPath, type PushPath } from '../../../server/push';
import { userForToken, type User } from '../../../server/auth';
import type { Db, Transaction } from '../../../server/db';
import { client, engines, organisationDoc, pullAll, registrationDoc, warnIfNoPostgres } from './helpers';
import { prng } from '../../support/prng';

warnIfNoPostgres();

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const serial = (kind: number, i: number): string => String(kind * 10_000_000_000 + i).padStart(12, '0');
const reg = (id: string, organisationId: string, over: Record<string, unknown> = {}): Record<string, unknown> =>
  registrationDoc(organisationId, { id, serialNumber: serial(9, 0), updatedAt: '2000-01-01T00:00:00.000000Z', ...over });
const fresh = (d: Record<string, unknown>) => ({ assumedMasterState: null, newDocumentState: d });

/**
 * Counts the round trips of every write transaction of `db` (the push batcher's): BEGIN (with the
 * statement sent along with it), each statement, and COMMIT (with the statements sent along with it).
 */
function countStatements(db: Db): { perTransaction: number[] } {
  const stats = { perTransaction: [] as number[] };
  const original = db.transaction.bind(db);
  (db as { transaction: Db['transaction'] }).transaction = (fn, opts) =>
    original(async (tx, firstRows) => {
      let n = 1;
      const counting: Transaction = { query: (sql, params) => (n++, tx.query(sql, params)), ...(tx.atCommit ? { atCommit: (sql: string) => tx.atCommit!(sql) } : {}) };
      try {
        return await fn(counting, firstRows);
      } finally {
        stats.perTransaction.push(n + 1);
      }
    }, opts);
  return stats;
}

interface Side {
  srv: TestServer;
  dealer: User;
  token: string;
  office: string;
  stats: { perTransaction: number[] };
}

async function startSide(options: object, path: PushPath): Promise<Side> {
  const srv = await startTestServer(options);
  const db = srv.server.services.db;
  setPushPath(db, 'set'); // the same history on both sides, written quickly; the path under test starts below
  const { token } = await srv.login('dealer@demo.test');
  const dealer2 = await srv.login('dealer2@demo.test');
  const office = (await srv.login('office@demo.test')).token;
  const d1 = client(srv.url, token);
  const d2 = client(srv.url, dealer2.token);
  // History: organisations of two dealers, 200 complete and 200 incomplete registrations of org A, 20 of org B.
  const orgA = organisationDoc({ id: 'org-eq-a', name: 'A', email: 'a@example.test' });
  expect((await d1.push('organisations', [fresh(orgA)])).status).toBe(200);
  expect((await d2.push('organisations', [fresh({ ...orgA, id: 'org-eq-b', name: 'B', dealerId: 'dealer-demo-2' })])).status).toBe(200);
  const complete = Array.from({ length: 200 }, (_, i) => fresh(reg(`p-${i}`, 'org-eq-a', { serialNumber: serial(1, i) })));
  const incomplete = Array.from({ length: 200 }, (_, i) => fresh(reg(`i-${i}`, 'org-eq-a', { serialNumber: serial(2, i), dealerName: undefined })));
  expect((await d1.push('registrations', complete)).status).toBe(200);
  expect((await d1.push('registrations', incomplete)).status).toBe(200);
  expect((await d2.push('registrations', Array.from({ length: 20 }, (_, i) => fresh(reg(`f-${i}`, 'org-eq-b', { serialNumber: serial(3, i) }))))).status).toBe(200);
  const dealer = (await userForToken(db, token))!;
  setPushPath(db, path);
  return { srv, dealer, token, office, stats: countStatements(db) };
}

/** The 1,000 rows of one round, built on the side's own masters (identical apart from timestamps). */
function scenario(masters: Map<string, any>, round: number, rnd: () => number): { good: any[]; bad: any[] } {
  const m = (id: string) => masters.get(id);
  const r = `r${round}`;
  const good: any[] = [];
  for (let i = 0; i < 490 + (round === 1 ? 60 : 0); i++) good.push(fresh(reg(`${r}-new-${i}`, 'org-eq-a', { serialNumber: serial(10 + round, i) })));
  for (let i = 0; i < 100; i++) good.push(fresh(reg(`${r}-dup-${i}`, 'org-eq-a', { serialNumber: serial(1, (i * 2 + round) % 200) })));
  for (let i = 0; i < 50; i++) good.push(fresh(reg(`${r}-twin-${i}`, 'org-eq-a', { serialNumber: serial(20 + round, i % 25) })));
  for (let i = 0; i < 50; i++) good.push(fresh(reg(`${r}-incomplete-${i}`, 'org-eq-a', { serialNumber: serial(30 + round, i), purchaseCountry: undefined })));
  for (let i = 0; i < 30; i++) good.push(fresh(reg(`${r}-badserial-${i}`, 'org-eq-a', { serialNumber: `ABC-${i}` })));
  const base = round * 100;
  const edit = (id: string, over: Record<string, unknown>, assumedOver: Record<string, unknown> = {}) => (m(id) ? { assumedMasterState: { ...m(id), ...assumedOver }, newDocumentState: { ...m(id), ...over } } : null);
  for (let i = 0; i < 40; i++) good.push(edit(`i-${base + i}`, { dealerName: 'Now complete' }));
  for (let i = 40; i < 70; i++) good.push(edit(`i-${base + i}`, { serialNumber: serial(40 + round, i) }));
  for (let i = 40; i < 60; i++) good.push(fresh(reg(`${r}-takesreleased-${i}`, 'org-eq-a', { serialNumber: serial(2, base + i) })));
  for (let i = 70; i < 80; i++) good.push(edit(`i-${base + i}`, { serialNumber: serial(1, i), dealerName: 'x' }));
  for (let i = 80; i < 90; i++) good.push(edit(`i-${base + i}`, { dealerName: 'stale' }, { purchaseCountry: 'BE' }));
  for (let i = 90; i < 100; i++) good.push(edit(`i-${base + i}`, { _deleted: true }));
  for (let i = 0; i < 40; i++) good.push(edit(`p-${base + i}`, { dealerName: 'locked' }));
  for (let i = 40; i < 90; i++) good.push(edit(`p-${base + i}`, {}));
  for (let i = 90; i < 100; i++) good.push(edit(`p-${base + i}`, { serialNumber: serial(50, i) }, { dealerName: 'stale' }));
  const bad: any[] = [];
  for (let i = 0; i < 20; i++) bad.push(fresh(reg(`${r}-foreign-${i}`, 'org-eq-b', { serialNumber: serial(60 + round, i) })));
  for (let i = 0; i < 10; i++) bad.push(edit(`f-${i}`, { dealerName: 'mine now' }));
  for (let i = 0; i < 10; i++) bad.push(fresh(reg(`${r}-noorg-${i}`, 'org-eq-unknown', { serialNumber: serial(70 + round, i) })));
  for (let i = 0; i < 20; i++) bad.push(fresh(reg(`${r}-invalid-${i}`, 'org-eq-a', i % 2 ? { points: 'many' } : { surprise: true })));
  return { good: shuffle(good.filter(Boolean), rnd), bad: shuffle(bad.filter(Boolean), rnd) };
}

const strip = (d: any) => {
  if (!d || typeof d !== 'object') return d;
  const { updatedAt: _u, createdAt: _c, ...rest } = d;
  return rest;
};

async function finalState(side: Side) {
  const docs = await pullAll(client(side.srv.url, side.office), 'registrations');
  const claims = await side.srv.server.services.db.query<{ product_model_id: string; serial: string; registration_id: string }>(
    'select product_model_id, serial, registration_id from serial_claims order by product_model_id, serial',
  );
  return { docs: docs.map(strip).sort((a, b) => String(a.id).localeCompare(String(b.id))), claims };
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`set-based push equals the row-at-a-time path on ${engine.name}`, () => {
    let row: Side;
    let set: Side;
    beforeAll(async () => {
      row = await startSide(engine.options, 'row');
      set = await startSide(engine.options, 'set');
    }, 300_000);
    afterAll(async () => {
      await row?.srv.close();
      await set?.srv.close();
    });

    it('gives the same answer per push, the same documents and claims, for 1,000 mixed rows in 100 grouped pushes', async () => {
      const run = async (side: Side) => {
        const masters = new Map((await pullAll(client(side.srv.url, side.office), 'registrations')).map((d) => [String(d.id), d]));
        const { good, bad } = scenario(masters, 0, prng(17));
        // 100 pushes of 10 rows; 20 of them carry 3 refused rows each (out of scope, unknown organisation, schema-invalid).
        const pushes: any[][] = [];
        for (let k = 0, g = 0; k < 100; k++) {
          const p = good.slice(g, g + (k % 5 === 2 ? 7 : 10));
          g += p.length;
          pushes.push(p);
        }
        bad.forEach((x, k) => pushes[(k % 20) * 5 + 2]!.splice(k % 7, 0, x));
        expect(pushes.flat()).toHaveLength(1000);
        side.stats.perTransaction.length = 0;
        // All submitted in one tick, in order: the batcher groups them into the same transactions on both sides.
        const answers = await Promise.all(
          pushes.map((p) =>
            applyPush(side.srv.server.services, side.dealer, 'registrations', p).then(
              (conflicts) => ({ ok: conflicts.map(strip) }),
              (e: any) => ({ status: e.statusCode, code: e.code, message: e.message }),
            ),
          ),
        );
        return { answers, state: await finalState(side), statements: [...side.stats.perTransaction] };
      };
      const a = await run(row);
      const b = await run(set);
      expect(b.answers).toEqual(a.answers);
      expect(b.state).toEqual(a.state);
      // The mix really has every kind of outcome.
      const codes = a.answers.map((x: any) => x.code ?? 'ok');
      expect(new Set(codes)).toEqual(new Set(['ok', 'forbidden', 'unknown-organisation', 'schema-invalid']));
      const statuses = a.state.docs.map((d: any) => d.status);
      for (const s of ['points-assigned', 'rejected-duplicate', 'incomplete']) expect(statuses).toContain(s);
      expect(a.state.docs.some((d: any) => d.id.startsWith('r0-takesreleased-') && d.status === 'points-assigned')).toBe(true);
      expect(a.state.docs.some((d: any) => d.id.startsWith('r0-twin-') && d.status === 'rejected-duplicate')).toBe(true);
      // Round trips per transaction: two on the set path whatever the group (BEGIN + clock lock + the
      // read; the claim delete and the write + clock + NOTIFY + COMMIT), a few per row on the row path.
      expect(new Set(b.statements)).toEqual(new Set([2]));
      expect(a.statements.reduce((x, y) => x + y, 0)).toBeGreaterThan(3 * 700);
    }, 300_000);

    it('gives the same conflicts, row by row, for one push of 1,000 rows', async () => {
      const run = async (side: Side) => {
        const masters = new Map((await pullAll(client(side.srv.url, side.office), 'registrations')).map((d) => [String(d.id), d]));
        const { good } = scenario(masters, 1, prng(23));
        const rows = good.slice(0, 1000);
        side.stats.perTransaction.length = 0;
        const res = await client(side.srv.url, side.token).push('registrations', rows);
        expect(res.status).toBe(200);
        return { conflicts: (res.body as any[]).map(strip), state: await finalState(side), statements: [...side.stats.perTransaction], rows: rows.length };
      };
      const a = await run(row);
      const b = await run(set);
      expect(b.conflicts).toEqual(a.conflicts);
      expect(b.state).toEqual(a.state);
      expect(a.conflicts.length).toBeGreaterThan(100);
      expect(b.statements).toEqual([2]);
      expect(a.statements[0]).toBeGreaterThan(3 * a.rows);
    }, 300_000);
  });
}
