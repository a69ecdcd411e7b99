/**
 * Authorisation matrix: every endpoint × each role and a foreign dealer. A dealer cannot read,
 * write or stream another dealer's data; a studio manager sees only its organisation; catalog and
 * tiers are pull-only; expired or revoked tokens get 401 (the stream ends too); login is rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { collectionNames } from '../../../shared/schemas/common';
import { client, demoTokens, engines, organisationDoc, pullAll, pushNew, readStream, registrationDoc, sharedDatabase, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

for (const engine of engines) {
  describe.skipIf(engine.skip)(`authorisation on ${engine.name}`, () => {
    let shared: Awaited<ReturnType<typeof sharedDatabase>>;
    let srv: TestServer;
    const tokens: Record<string, string> = {};
    const orgA = organisationDoc({ dealerId: 'dealer-demo-1', name: 'Org of dealer 1' });
    const orgB = organisationDoc({ dealerId: 'dealer-demo-2', name: 'Org of dealer 2' });
    const regA = registrationDoc(String(orgA.id));
    const regB = registrationDoc(String(orgB.id));
    const regDemo = registrationDoc('org-demo-studio');

    beforeAll(async () => {
      shared = await sharedDatabase(engine.options);
      srv = await startTestServer({ db: shared.db, config: { heartbeatMs: 300 } });
      Object.assign(tokens, await demoTokens(srv));
      const d1 = client(srv.url, tokens.dealer!);
      const d2 = client(srv.url, tokens.dealer2!);
      await pushNew(d1, 'organisations', orgA);
      await pushNew(d2, 'organisations', orgB);
      await pushNew(d1, 'registrations', regA, regDemo);
      await pushNew(d2, 'registrations', regB);
    });
    afterAll(async () => {
      await srv?.close();
      await shared?.close();
    });

    it('refuses every endpoint without a valid token (401)', async () => {
      const anon = client(srv.url, null);
      const bogus = client(srv.url, 'not-a-token');
      for (const c of collectionNames) {
        for (const who of [anon, bogus]) {
          expect((await who.pull(c)).status).toBe(401);
          expect((await who.push(c, [])).status).toBe(401);
        }
        expect((await readStream(`${srv.url}/sync/${c}/pull-stream`, null, { timeoutMs: 2000, until: () => true })).status).toBe(401);
      }
      for (const path of ['/admin/pending', '/admin/audit', '/auth/me', '/program']) expect((await anon.get(path)).status).toBe(401);
    });

    it('scopes pull per role: dealers see the organisations they serve, the studio manager its own, back office all', async () => {
      const ids = async (who: string, c: string) => new Set((await pullAll(client(srv.url, tokens[who]!), c)).map((d) => d.id));
      const dealerOrgs = await ids('dealer', 'organisations');
      expect(dealerOrgs.has(String(orgA.id)) && dealerOrgs.has('org-demo-studio')).toBe(true);
      expect(dealerOrgs.has(String(orgB.id))).toBe(false);
      const dealer2Regs = await ids('dealer2', 'registrations');
      expect([...dealer2Regs]).toEqual([regB.id]);
      const studioOrgs = await ids('studio', 'organisations');
      expect([...studioOrgs]).toEqual(['org-demo-studio']);
      const studioRegs = await ids('studio', 'registrations');
      expect(studioRegs.has(String(regDemo.id)) && !studioRegs.has(String(regA.id)) && !studioRegs.has(String(regB.id))).toBe(true);
      const officeRegs = await ids('office', 'registrations');
      for (const r of [regA, regB, regDemo]) expect(officeRegs.has(String(r.id))).toBe(true);
      for (const who of ['dealer', 'dealer2', 'studio', 'office']) {
        expect((await ids(who, 'productModels')).size).toBeGreaterThan(100);
        expect((await ids(who, 'programTiers')).size).toBe(6);
      }
    });

    it('scopes push: foreign organisations are 403, pull-only collections 403 for every role, and nothing is stored', async () => {
      const d1 = client(srv.url, tokens.dealer!);
      const d2 = client(srv.url, tokens.dealer2!);
      const studio = client(srv.url, tokens.studio!);
      const office = client(srv.url, tokens.office!);
      const intoB = registrationDoc(String(orgB.id));
      expect((await d1.push('registrations', [{ assumedMasterState: null, newDocumentState: intoB }])).status).toBe(403);
      expect((await studio.push('registrations', [{ assumedMasterState: null, newDocumentState: intoB }])).status).toBe(403);
      // Overwriting another dealer's existing document is refused as well.
      expect((await d1.push('registrations', [{ assumedMasterState: regB, newDocumentState: { ...regB, dealerName: 'hijack' } }])).status).toBe(403);
      expect((await d2.push('organisations', [{ assumedMasterState: orgA, newDocumentState: { ...orgA, name: 'hijack' } }])).status).toBe(403);
      expect((await studio.push('organisations', [{ assumedMasterState: null, newDocumentState: organisationDoc() }])).status).toBe(403);
      expect((await pullAll(office, 'registrations')).some((d) => d.id === intoB.id)).toBe(false);
      // Allowed: the studio manager in its own organisation, the back office anywhere.
      expect((await studio.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc('org-demo-studio') }])).status).toBe(200);
      expect((await office.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc(String(orgB.id)) }])).status).toBe(200);
      for (const c of ['productModels', 'programTiers', 'invoices'])
        for (const who of [d1, studio, office]) {
          const r = await who.push(c, []);
          expect(r.status).toBe(403);
          expect(r.body.code).toBe('pull-only');
        }
      // A foreign dealer cannot move a document into its scope by pushing a dealerId.
      const r = await d2.push('organisations', [{ assumedMasterState: null, newDocumentState: organisationDoc({ dealerId: 'dealer-demo-1' }) }]);
      expect(r.status).toBe(200);
      expect(r.body[0].dealerId).toBe('dealer-demo-2');
    });

    it('takes the deletion of a document it never had as a no-op, whoever sends it and whatever organisation it names', async () => {
      const d1 = client(srv.url, tokens.dealer!);
      const studio = client(srv.url, tokens.studio!);
      const goneOrg: Record<string, unknown> = { ...organisationDoc(), _deleted: true };
      const goneForeign: Record<string, unknown> = { ...registrationDoc(String(orgB.id)), _deleted: true };
      const goneUnknownOrg: Record<string, unknown> = { ...registrationDoc('org-never-pushed'), _deleted: true };
      const r1 = await studio.push('organisations', [{ assumedMasterState: null, newDocumentState: goneOrg }]);
      const r2 = await d1.push('registrations', [
        { assumedMasterState: null, newDocumentState: goneForeign },
        { assumedMasterState: null, newDocumentState: goneUnknownOrg },
      ]);
      expect([r1.status, r2.status]).toEqual([200, 200]);
      expect([r1.body, r2.body]).toEqual([[], []]);
      const office = client(srv.url, tokens.office!);
      expect((await pullAll(office, 'organisations')).some((d) => d.id === goneOrg.id)).toBe(false);
      expect((await pullAll(office, 'registrations')).some((d) => d.id === goneForeign.id || d.id === goneUnknownOrg.id)).toBe(false);
      // a deletion of an existing document outside the sender's scope is still refused
      expect((await d1.push('registrations', [{ assumedMasterState: regB, newDocumentState: { ...regB, _deleted: true } }])).status).toBe(403);
    });

    it('isolates concurrent pushes: a refused push applied in the same transaction as others stores nothing and does not affect them', async () => {
      const d1 = client(srv.url, tokens.dealer!);
      const good = Array.from({ length: 12 }, () => registrationDoc(String(orgA.id)));
      const foreign = registrationDoc(String(orgB.id));
      const results = await Promise.all([
        ...good.slice(0, 6).map((r) => d1.push('registrations', [{ assumedMasterState: null, newDocumentState: r }])),
        d1.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc(String(orgA.id)) }, { assumedMasterState: null, newDocumentState: foreign }]),
        ...good.slice(6).map((r) => d1.push('registrations', [{ assumedMasterState: null, newDocumentState: r }])),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 403, 200, 200, 200, 200, 200, 200]);
      const office = await pullAll(client(srv.url, tokens.office!), 'registrations');
      const ids = new Set(office.map((d) => d.id));
      expect(good.every((g) => ids.has(String(g.id)))).toBe(true);
      expect(ids.has(String(foreign.id))).toBe(false);
      // updatedAt stays strictly increasing in feed order across the batch.
      const times = office.map((d) => d.updatedAt);
      expect(new Set(times).size).toBe(times.length);
    });

    it('scopes the pull stream: a dealer never receives another dealer’s changes', async () => {
      const d1 = client(srv.url, tokens.dealer!);
      const d2 = client(srv.url, tokens.dealer2!);
      const foreign = registrationDoc(String(orgB.id));
      const own = registrationDoc(String(orgA.id));
      const res = await readStream(`${srv.url}/sync/registrations/pull-stream`, tokens.dealer!, {
        timeoutMs: 5000,
        onOpen: async () => {
          await d2.push('registrations', [{ assumedMasterState: null, newDocumentState: foreign }]);
          await d1.push('registrations', [{ assumedMasterState: null, newDocumentState: own }]);
        },
        until: (ev) => ev.some((e) => typeof e === 'object' && (e as { documents: { id: string }[] }).documents.some((d) => d.id === own.id)),
      });
      const seen = res.events.flatMap((e) => (typeof e === 'object' ? (e as { documents: { id: string }[] }).documents.map((d) => d.id) : []));
      expect(seen).toContain(own.id);
      expect(seen).not.toContain(foreign.id);
    });

    it('refuses back-office routes and foreign migrations to other roles (403)', async () => {
      for (const who of ['dealer', 'dealer2', 'studio']) {
        const c = client(srv.url, tokens[who]!);
        expect((await c.get('/admin/pending')).status).toBe(403);
        expect((await c.post('/admin/organisations/org-demo-studio/validate', {})).status).toBe(403);
        expect((await c.post('/admin/invoices/2026-000001/mark-paid', {})).status).toBe(403);
        expect((await c.post('/admin/catalog/import', 'id,code\n', 'text/csv')).status).toBe(403);
      }
      expect((await client(srv.url, tokens.office!).get('/admin/pending')).status).toBe(200);
      expect((await client(srv.url, tokens.dealer2!).post(`/organisations/${String(orgA.id)}/migrate-legacy`, { dryRun: true })).status).toBe(403);
    });

    it('rejects expired and revoked tokens with 401, and ends a stream whose token was revoked', async () => {
      const { token } = await srv.login('dealer@demo.test');
      const c = client(srv.url, token);
      expect((await c.pull('organisations')).status).toBe(200);
      // Revoke through logout while a stream is open: the stream ends at the next heartbeat.
      const streamed = readStream(`${srv.url}/sync/organisations/pull-stream`, token, { timeoutMs: 5000, until: () => false });
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      expect((await c.post('/auth/logout', {})).status).toBe(204);
      await streamed;
      expect(Date.now() - t0).toBeLessThan(3000);
      expect((await c.pull('organisations')).status).toBe(401);
      // Expiry: a token whose expiry passed is refused.
      const other = await srv.login('dealer2@demo.test');
      await shared.db.query(`update auth_tokens set expires_at = '2000-01-01T00:00:00.000Z' where user_id = $1`, [other.user.id]);
      const expired = await client(srv.url, other.token).pull('organisations');
      expect(expired.status).toBe(401);
      expect(expired.body.message).toMatch(/expired or revoked/);
      // Tokens are stored hashed, never in clear.
      const stored = await shared.db.query<{ token_hash: string }>('select token_hash from auth_tokens');
      expect(stored.some((r) => r.token_hash === other.token)).toBe(false);
    });

    it('rate-limits login per address and e-mail (429 after the limit)', async () => {
      const limited = await startTestServer({ db: shared.db, config: { loginRateLimit: 3 } });
      try {
        const attempt = () => fetch(`${limited.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'office@demo.test', password: 'wrong' }) });
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await attempt()).status);
        expect(statuses).toEqual([401, 401, 401, 429]);
        expect((await limited.login('dealer@demo.test')).token).toBeTruthy(); // another e-mail is not blocked
      } finally {
        await limited.close();
      }
    });
  });
}
