/**
 * Hostile input at the server: text that cannot be stored (NUL, other control characters, unpaired
 * surrogates) is a 400 naming the field, never a 500; the login rate limit and the account lookup
 * share one normalised e-mail; an evidence document's `extracted` has a closed, bounded shape;
 * pull streams are bounded per token and in all. And the client's refusal split keeps one refused
 * row from blocking the rest of a push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { pushIsolatingRefusals } from '../../../renderer/sync/push';
import type { PushRow } from '../../../shared/sync/protocol';
import { client, engines, newId, organisationDoc, pullAll, readStream, registrationDoc, sharedDatabase, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const row = (doc: Record<string, unknown>) => ({ assumedMasterState: null, newDocumentState: doc });

function evidenceDoc(organisationId: string, extracted: unknown): Record<string, unknown> {
  return { id: newId('ev'), organisationId, kind: 'vat-certificate', fileName: 'scan.pdf', mimeType: 'application/pdf', extracted, updatedAt: '2000-01-01T00:00:00.000Z', _deleted: false };
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`hostile input on ${engine.name}`, () => {
    let shared: Awaited<ReturnType<typeof sharedDatabase>>;
    let srv: TestServer;
    let dealer: ReturnType<typeof client>;
    const org = organisationDoc({ dealerId: 'dealer-demo-1' });

    beforeAll(async () => {
      shared = await sharedDatabase(engine.options);
      srv = await startTestServer({ db: shared.db });
      dealer = client(srv.url, (await srv.login('dealer@demo.test')).token);
      expect((await dealer.push('organisations', [row(org)])).status).toBe(200);
    });
    afterAll(async () => {
      await srv?.close();
      await shared?.close();
    });

    it('refuses NUL, control characters and unpaired surrogates in pushed text with 400 naming the field, and stores nothing of that push', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ serialNumber: '1234\u00005678' }, /\/0\/newDocumentState\/serialNumber contains U\+0000 \(NUL\)/],
        [{ dealerName: 'Foto \ud800 Demo' }, /\/0\/newDocumentState\/dealerName contains an unpaired surrogate U\+D800/],
        [{ dealerName: 'Foto \udc00' }, /dealerName contains an unpaired surrogate U\+DC00/],
        [{ dealerName: 'Foto\u001bDemo' }, /dealerName contains the control character U\+001B|dealerName contains U\+001B/],
        [{ dealerName: 'Foto\u0085Demo' }, /dealerName contains the control character U\+0085/],
        [{ dealerName: 'Foto\nDemo' }, /row 0: registrations \S+: dealerName contains U\+000A \(line feed\); this field is one line/],
        [{ serialNumber: '1234\t5678' }, /serialNumber contains U\+0009 \(tab\); this field is one line/],
      ];
      for (const [over, message] of cases) {
        const good = registrationDoc(String(org.id));
        const bad = registrationDoc(String(org.id), over);
        const r = await dealer.push('registrations', [row(bad), row(good)]);
        expect(r.status, JSON.stringify(over)).toBe(400);
        expect(r.body.code).toBe('invalid-text');
        expect(r.body.message).toMatch(message);
        const ids = new Set((await pullAll(dealer, 'registrations')).map((d) => d.id));
        expect(ids.has(String(good.id))).toBe(false); // a push is all or nothing
      }
      // A key is text too.
      const keyed = await dealer.post('/sync/registrations/push', `[{"assumedMasterState":null,"newDocumentState":{"id":"x","a\\u0000b":1}}]`);
      expect(keyed.status).toBe(400);
      expect(keyed.body.code).toBe('invalid-text');
      expect(keyed.body.message).toMatch(/a key in \/0\/newDocumentState contains U\+0000/);
    });

    it('keeps tab and line feed where a field holds several lines, and accepts all of Unicode otherwise', async () => {
      const reg = registrationDoc(String(org.id), { statusReason: 'line one\nline two\tend', dealerName: 'Фото Демо 📷 Ñandú' });
      const r = await dealer.push('registrations', [row(reg)]);
      expect(r.status).toBe(200);
      const stored = (await pullAll(dealer, 'registrations')).find((d) => d.id === reg.id) as unknown as Record<string, unknown>;
      expect(stored.dealerName).toBe('Фото Демо 📷 Ñandú');
    });

    it('answers 400, not 500, to NUL in the login e-mail and in other routes', async () => {
      const anon = client(srv.url, null);
      const login = await anon.post('/auth/login', { email: 'dealer@demo.test\u0000', password: 'x' });
      expect(login.status).toBe(400);
      expect(login.body).toMatchObject({ code: 'invalid-text', message: expect.stringMatching(/field \/email contains U\+0000 \(NUL\)/) });
      const office = client(srv.url, (await srv.login('office@demo.test')).token);
      const reject = await office.post(`/admin/organisations/${String(org.id)}/reject`, { reason: 'no\u0000pe' });
      expect(reject.status).toBe(400);
      expect(reject.body.message).toMatch(/field \/reason contains U\+0000/);
      // Path parameters and query strings too.
      const path = await office.post('/admin/organisations/x%00y/validate', {});
      expect(path.status).toBe(400);
      expect(path.body.message).toMatch(/\/params\/id contains U\+0000 \(NUL\)/);
      const query = await dealer.get('/sync/registrations/pull?id=a%00b&updatedAt=2026-01-01T00:00:00.000000Z');
      expect(query.status).toBe(400);
      expect(query.body.message).toMatch(/\/query\/id contains U\+0000 \(NUL\)/);
    });

    it('the client splits a push around a refused row: the good rows are stored, the bad one is refused alone', async () => {
      const good = [registrationDoc(String(org.id)), registrationDoc(String(org.id)), registrationDoc(String(org.id))];
      const bad = registrationDoc(String(org.id), { serialNumber: 'abc\u0000def' });
      const rows: PushRow[] = [good[0]!, bad, good[1]!, good[2]!].map((d) => row(d) as unknown as PushRow);
      const token = (await srv.login('dealer@demo.test')).token;
      const refused: { id: unknown; status: number | null; code: string | null }[] = [];
      await pushIsolatingRefusals(rows, {
        what: 'the upload of registrations',
        send: (r) => fetch(`${srv.url}/sync/registrations/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(r) }),
        onRefused: async (r, error) => void refused.push({ id: (r.newDocumentState as { id: unknown }).id, status: error.status, code: error.code }),
      });
      expect(refused).toEqual([{ id: bad.id, status: 400, code: 'invalid-text' }]);
      const ids = new Set((await pullAll(dealer, 'registrations')).map((d) => d.id));
      for (const g of good) expect(ids.has(String(g.id))).toBe(true);
      expect(ids.has(String(bad.id))).toBe(false);
    });

    it('uses one normalised e-mail for the login rate limit and the account lookup (no bypass with spaces or case)', async () => {
      const limited = await startTestServer({ db: shared.db, config: { loginRateLimit: 3 } });
      try {
        const attempt = async (email: string, password = 'wrong') =>
          (await fetch(`${limited.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).status;
        // The lookup takes every form of the address.
        expect(await attempt(' Dealer2@Demo.TEST ', limited.password)).toBe(200);
        for (let i = 0; i < 2; i++) expect(await attempt('dealer2@demo.test')).toBe(401);
        // Limit reached (3 attempts); every other spelling of the same address is limited too, even with the right password.
        for (const email of ['dealer2@demo.test', ' dealer2@demo.test', 'dealer2@demo.test ', 'DEALER2@demo.test', '\tdealer2@demo.test\n']) expect(await attempt(email), JSON.stringify(email)).toBe(429);
        expect(await attempt(' dealer2@demo.test', limited.password)).toBe(429);
        // Another address is not affected.
        expect(await attempt(' dealer@demo.test', limited.password)).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it("closes an evidence document's extracted fields: known names with {value, confidence, page, bbox, invalid?} only, bounded", async () => {
      const field = { value: 'NL004495445B01', confidence: 0.93, page: 1, bbox: [10, 20, 110, 32] };
      const ok = evidenceDoc(String(org.id), { vatNumber: field, name: { ...field, value: 'Fotostudio Test B.V.', invalid: false }, chamberNumber: { ...field, value: '33283281', repaired: true, read: '3328328l' } });
      expect((await dealer.push('evidenceDocuments', [row(ok)])).status).toBe(200);
      expect((await dealer.push('evidenceDocuments', [row(evidenceDoc(String(org.id), {}))])).status).toBe(200);

      // Nesting is written as JSON text: JSON.stringify of 5,000 levels would overflow the test's own stack.
      const nested = (levels: number) => `${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}`;
      const f = JSON.stringify(field);
      const bad: [string, string][] = [
        ['unknown field name', JSON.stringify({ favouriteColour: field })],
        ['unknown key in a field', JSON.stringify({ vatNumber: { ...field, alternatives: ['NL1'] } })],
        ['2,000-deep nesting in a value', `{"vatNumber":${f.slice(0, -1)},"value":${nested(2000)}}}`],
        ['5,000-deep nesting as a field', `{"vatNumber":${nested(5000)}}`],
        ['value too long', JSON.stringify({ name: { ...field, value: 'x'.repeat(1_900_000) } })],
        ['bbox of 5', JSON.stringify({ vatNumber: { ...field, bbox: [1, 2, 3, 4, 5] } })],
        ['page 0', JSON.stringify({ vatNumber: { ...field, page: 0 } })],
        ['confidence 2', JSON.stringify({ vatNumber: { ...field, confidence: 2 } })],
        ['not an object', JSON.stringify({ vatNumber: 'NL004495445B01' })],
      ];
      for (const [what, extracted] of bad) {
        const doc = JSON.stringify(evidenceDoc(String(org.id), null)).replace('"extracted":null', `"extracted":${extracted}`);
        const r = await dealer.post('/sync/evidenceDocuments/push', `[{"assumedMasterState":null,"newDocumentState":${doc}}]`);
        expect(r.status, what).toBe(400);
        expect(r.body.code, what).toBe('schema-invalid');
        expect(r.body.message, what).toMatch(/extracted/);
      }
    });

    it('keeps at most 8 pull streams per token (the oldest closes) and answers 503 + Retry-After above the global cap', async () => {
      const capped = await startTestServer({ db: shared.db, config: { pullStreamsMax: 10, heartbeatMs: 60_000 } });
      const aborts: AbortController[] = [];
      const open = async (token: string) => {
        const ac = new AbortController();
        aborts.push(ac);
        const res = await fetch(`${capped.url}/sync/organisations/pull-stream`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
        return { res, ended: res.status === 200 && res.body ? res.body.pipeTo(new WritableStream()).then(() => true, () => false) : Promise.resolve(true) };
      };
      try {
        const t1 = (await capped.login('dealer@demo.test')).token;
        const first = await open(t1);
        expect(first.res.status).toBe(200);
        const more = [];
        for (let i = 0; i < 8; i++) more.push(await open(t1));
        expect(more.every((s) => s.res.status === 200)).toBe(true);
        // The 9th stream of the token closed the first one.
        expect(await Promise.race([first.ended, new Promise((r) => setTimeout(() => r('still open'), 3000))])).toBe(true);
        expect(capped.server.hub.size).toBe(8);
        // Other tokens fill the server up to its cap of 10; the 11th is refused.
        const t2 = (await capped.login('dealer2@demo.test')).token;
        expect((await open(t2)).res.status).toBe(200);
        expect((await open(t2)).res.status).toBe(200);
        const refused = await open(t2);
        expect(refused.res.status).toBe(503);
        expect(refused.res.headers.get('retry-after')).toBe('30');
        expect(await refused.res.json()).toMatchObject({ code: 'too-many-streams' });
        // A normal stream still works once one closes.
        aborts[1]!.abort();
        await new Promise((r) => setTimeout(r, 300));
        const again = await readStream(`${capped.url}/sync/organisations/pull-stream`, t2, { timeoutMs: 3000, until: (e) => e.length > 0 });
        expect(again.events[0]).toBe('RESYNC');
      } finally {
        for (const a of aborts) a.abort();
        await capped.close();
      }
    });
  });
}
