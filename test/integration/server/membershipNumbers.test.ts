/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers of the test client are inspected loosely */
/**
 * Membership numbers on real databases: every number the server issues follows the rule of
 * `shared/program/membership.ts` (8-digit sequence + Luhn check digit), an organisation that signs
 * up again gets a new number, and concurrent sign-ups never share one — on PostgreSQL through two
 * servers, each with its own connection pool, on one database (what two server processes are to
 * the database). The allocation function alone: numbers of the earlier random scheme are skipped,
 * a draw in a rolled-back transaction is never issued again, an exhausted sequence says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, createTestSchema, openTestDatabase, type TestServer } from '../../support/testServer';
import { openDatabase, type Db } from '../../../server/db';
import { allocateMembershipNumber } from '../../../server/store/numbers';
import { hasValidMembershipCheckDigit, isAcceptableNewMembershipNumber, membershipNumberFromSequence } from '../../../shared/program/membership';
import { client, engines, membershipDoc, organisationDoc, registrationDoc, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

for (const engine of engines) {
  describe.skipIf(engine.skip)(`membership numbers on ${engine.name}`, () => {
    const dbs: Db[] = [];
    const servers: TestServer[] = [];
    let dropSchema: (() => Promise<void>) | null = null;
    let dealers: ReturnType<typeof client>[] = [];
    beforeAll(async () => {
      if (engine.options.databaseUrl) {
        const schema = await createTestSchema(engine.options.databaseUrl);
        dropSchema = () => schema.drop();
        for (let i = 0; i < 2; i++) dbs.push(await openDatabase({ databaseUrl: schema.url, poolSize: 5 }));
      } else {
        dbs.push(await openTestDatabase()); // PGlite: one process by design
      }
      for (const db of dbs) servers.push(await startTestServer({ db }));
      dealers = await Promise.all(servers.map(async (s) => client(s.url, (await s.login('dealer@demo.test')).token)));
    }, 60_000);
    afterAll(async () => {
      for (const s of servers) await s.close();
      for (const db of dbs) await db.close();
      await dropSchema?.();
    });

    /** `n` validated organisations of dealer 1 with 500 confirmed points each, written straight into the database. */
    async function organisationsWithPoints(n: number): Promise<Record<string, unknown>[]> {
      const orgs = Array.from({ length: n }, () => organisationDoc({ status: 'validated' }));
      const regs = orgs.map((o) => ({ ...registrationDoc(String(o.id)), status: 'points-assigned', points: 500 }));
      for (const [collection, docs, orgField] of [['organisations', orgs, 'id'], ['registrations', regs, 'organisationId']] as const) {
        await dbs[0]!.query(
          `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data)
           select $2, d->>'id', '2026-01-01T00:00:00.000000Z', false, d->>$3, 'dealer-demo-1', d from jsonb_array_elements($1::jsonb) as d`,
          [JSON.stringify(docs), collection, orgField],
        );
      }
      return orgs;
    }

    it('issues numbers that pass the check digit rule, and a new one when the organisation signs up again', async () => {
      const [org] = await organisationsWithPoints(1);
      const numbers: string[] = [];
      const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
      for (const tier of ['tier-silver', 'tier-silver', 'tier-silver']) {
        const m = membershipDoc(String(org!.id), tier);
        const r = await dealers[0]!.push('memberships', [{ assumedMasterState: null, newDocumentState: m }]);
        expect(r.status).toBe(200);
        expect(r.body[0].status).toBe('active');
        // The membership ends, so the next sign-up is a renewal (the same tier while it runs is refused: docs/program.md#changing-tier).
        await dbs[0]!.query(`update documents set data = jsonb_set(data, '{validTo}', to_jsonb($2::text)) where collection = 'memberships' and id = $1`, [m.id, yesterday]);
        const n = String(r.body[0].membershipNumber);
        expect(hasValidMembershipCheckDigit(n), n).toBe(true);
        expect(isAcceptableNewMembershipNumber(n, numbers.map((membershipNumber) => ({ membershipNumber })))).toBe(true);
        numbers.push(n);
      }
      expect(new Set(numbers).size).toBe(3);
    });

    it('gives 20 concurrent sign-ups 20 different numbers that pass the rule (PostgreSQL: through two servers)', async () => {
      const orgs = await organisationsWithPoints(20);
      const results = await Promise.all(
        orgs.map((o, i) => dealers[i % dealers.length]!.push('memberships', [{ assumedMasterState: null, newDocumentState: membershipDoc(String(o.id), 'tier-silver') }])),
      );
      expect(results.map((r) => r.status)).toEqual(orgs.map(() => 200));
      const numbers = results.map((r: any) => String(r.body[0].membershipNumber));
      expect(numbers.filter((n) => !hasValidMembershipCheckDigit(n))).toEqual([]);
      expect(new Set(numbers).size).toBe(20);
      const recorded = await dbs[0]!.query<{ n: number }>('select count(distinct number)::int as n from membership_numbers where number = any($1::text[])', [numbers]);
      expect(recorded[0]!.n).toBe(20);
    });

    it('allocation skips a number already issued, never reissues a rolled-back draw, and says when the sequence is exhausted', async () => {
      const db = dbs[0]!;
      const value = (await db.query<{ value: number }>(`select nextval('membership_number_sequence')::int as value`))[0]!.value;
      // A number of the earlier random scheme that happens to be the next one in the sequence.
      await db.query(`insert into membership_numbers (number, organisation_id, membership_id, issued_at) values ($1, 'org-legacy', 'mem-legacy', '2025-01-01')`, [membershipNumberFromSequence(value + 1)]);
      const next = await db.transaction((tx) => allocateMembershipNumber(tx, 'org-a', 'mem-a'));
      expect(next).toBe(membershipNumberFromSequence(value + 2));
      // A draw whose transaction rolls back is gone for good.
      let rolledBack = '';
      await expect(
        db.transaction(async (tx) => {
          rolledBack = await allocateMembershipNumber(tx, 'org-b', 'mem-b');
          throw new Error('push failed after the draw');
        }),
      ).rejects.toThrow('push failed after the draw');
      expect(rolledBack).toBe(membershipNumberFromSequence(value + 3));
      expect(await db.transaction((tx) => allocateMembershipNumber(tx, 'org-b', 'mem-b'))).toBe(membershipNumberFromSequence(value + 4));
      await db.query(`select setval('membership_number_sequence', 89999999)`);
      await expect(db.transaction((tx) => allocateMembershipNumber(tx, 'org-c', 'mem-c'))).rejects.toThrow(/membership numbers are exhausted/);
    });
  });
}
