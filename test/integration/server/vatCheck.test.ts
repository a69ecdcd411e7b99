/**
 * The VAT number check of the new-account form (`POST /vat-check`, server/routes-program.ts) on real
 * databases, against a local stand-in of the EU VAT service: who may ask (dealer and back office;
 * no token 401, a studio manager 403), valid with the registered name and address, invalid, and
 * every failure of the service (MS_UNAVAILABLE two ways, timeout) `unknown` — never `invalid`; a
 * number failing its checksum or outside VIES never reaches the service; verdicts are cached per
 * VAT number, unknown results are not; the per-user rate limit. The cache itself
 * (server/vatCheck.ts) with an injected clock: expiry, shared in-flight requests, bounded size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';
import { startViesStandIn, viesStandInNumbers, type ViesStandIn } from '../../support/viesStandIn';
import { VatChecks } from '../../../server/vatCheck';
import { client, engines, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

/** Requests the stand-in received for VAT number `full` (prefix + number). */
const asked = (vies: ViesStandIn, full: string) => vies.requests.filter((r) => `${String(r.countryCode)}${String(r.vatNumber)}` === full).length;

describe('VAT check cache (server/vatCheck.ts)', () => {
  let vies: ViesStandIn;
  beforeAll(async () => {
    vies = await startViesStandIn({ DE811569869: { name: 'LICHTHAUS GMBH', address: 'KLINGENSTRASSE 12\n42651 SOLINGEN' } });
  });
  afterAll(async () => vies?.close());

  it('reuses a verdict until it expires, shares one request among concurrent checks, never caches unknown, keeps at most maxEntries', async () => {
    let now = 1_000_000;
    // a generous timeout: on a loaded machine a slow stand-in answer must not turn into `unknown` (never cached)
    const checks = new VatChecks({ url: vies.url, timeoutMs: 10_000 }, { ttlMs: 60_000, maxEntries: 2, now: () => now });
    const [a, b] = await Promise.all([checks.check('DE811569869'), checks.check('DE811569869')]);
    expect(a).toMatchObject({ result: 'valid', name: 'LICHTHAUS GMBH' });
    expect(b).toBe(a);
    expect(asked(vies, 'DE811569869')).toBe(1);
    now += 59_000;
    expect(await checks.check('DE811569869')).toBe(a);
    expect(asked(vies, 'DE811569869')).toBe(1);
    now += 2_000; // past the 60 s
    expect((await checks.check('DE811569869')).result).toBe('valid');
    expect(asked(vies, 'DE811569869')).toBe(2);
    // unknown is asked again every time
    await checks.check(viesStandInNumbers.unavailable);
    expect((await checks.check(viesStandInNumbers.unavailable)).result).toBe('unknown');
    expect(asked(vies, viesStandInNumbers.unavailable)).toBe(2);
    // two more verdicts: the oldest (DE…) is dropped
    await checks.check(viesStandInNumbers.valid);
    await checks.check(viesStandInNumbers.invalid);
    await checks.check('DE811569869');
    expect(asked(vies, 'DE811569869')).toBe(3);
  });
});

for (const engine of engines) {
  describe.skipIf(engine.skip)(`POST /vat-check on ${engine.name}`, () => {
    let srv: TestServer;
    let vies: ViesStandIn;
    let dealer: ReturnType<typeof client>;
    let dealer2: ReturnType<typeof client>;
    let office: ReturnType<typeof client>;
    let studio: ReturnType<typeof client>;
    const rateLimit = 12;
    beforeAll(async () => {
      vies = await startViesStandIn({ BE0456789034: { name: 'STUDIO LUMIÈRE SRL', address: 'Rue de la Loi 16\n1000 Bruxelles' } });
      // 2 s: long enough for the stand-in's answers on a loaded machine, short for the one that never answers
      srv = await startTestServer({ ...engine.options, config: { viesUrl: vies.url, viesTimeoutMs: 2_000, vatCheckRateLimit: rateLimit } });
      dealer = client(srv.url, (await srv.login('dealer@demo.test')).token);
      dealer2 = client(srv.url, (await srv.login('dealer2@demo.test')).token);
      office = client(srv.url, (await srv.login('office@demo.test')).token);
      studio = client(srv.url, (await srv.login('studio@demo.test')).token);
    }, 180_000); // a first PGlite or PostgreSQL test server can take over a minute on a loaded machine
    afterAll(async () => {
      await srv?.close();
      await vies?.close();
    });

    it('needs a token and a role that opens business accounts', async () => {
      expect((await client(srv.url, null).post('/vat-check', { vatNumber: viesStandInNumbers.valid })).status).toBe(401);
      expect((await client(srv.url, 'not-a-token').post('/vat-check', { vatNumber: viesStandInNumbers.valid })).status).toBe(401);
      const refused = await studio.post('/vat-check', { vatNumber: viesStandInNumbers.valid });
      expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect(asked(vies, viesStandInNumbers.valid)).toBe(0);
      const r = await office.post('/vat-check', { vatNumber: 'nl 0044.95.445.b01' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ result: 'valid', vatNumber: 'NL004495445B01', name: 'FOTOSTUDIO TEST B.V.', address: 'DAMRAK 00001\n1012LG AMSTERDAM', error: null });
    });

    it('answers valid with the registered name and address, invalid, and unknown (never invalid) when the service fails', async () => {
      // the form sends the number as read, with the form's country for a number without prefix
      expect((await dealer.post('/vat-check', { vatNumber: '0456.789.034', country: 'BE' })).body).toMatchObject({ result: 'valid', vatNumber: 'BE0456789034', name: 'STUDIO LUMIÈRE SRL', address: 'Rue de la Loi 16\n1000 Bruxelles' });
      expect((await dealer.post('/vat-check', { vatNumber: viesStandInNumbers.noDetails })).body).toMatchObject({ result: 'valid', name: null, address: null });
      expect((await dealer.post('/vat-check', { vatNumber: viesStandInNumbers.invalid })).body).toMatchObject({ result: 'invalid', name: null, error: null });
      expect((await dealer.post('/vat-check', { vatNumber: viesStandInNumbers.unavailable })).body).toMatchObject({ result: 'unknown', error: 'MS_UNAVAILABLE' });
      expect((await dealer.post('/vat-check', { vatNumber: viesStandInNumbers.unavailable500 })).body).toMatchObject({ result: 'unknown', error: 'MS_UNAVAILABLE' });
      const t0 = Date.now();
      const slow = await dealer.post('/vat-check', { vatNumber: 'ATU 135 856 27' });
      expect(slow).toMatchObject({ status: 200, body: { result: 'unknown', error: 'TIMEOUT' } });
      expect(Date.now() - t0).toBeLessThan(15_000);
    });

    it('refuses a number failing its checksum or outside VIES without asking the service, and malformed bodies', async () => {
      const before = vies.requests.length;
      expect(await office.post('/vat-check', { vatNumber: 'NL004495446B01' })).toMatchObject({ status: 400, body: { code: 'invalid-vat-number', params: { error: 'checksum' } } });
      expect(await office.post('/vat-check', { vatNumber: 'GB980780684' })).toMatchObject({ status: 400, body: { code: 'not-in-vies' } });
      expect(await office.post('/vat-check', { vatNumber: 42 })).toMatchObject({ status: 400, body: { code: 'bad-request' } });
      expect(await office.post('/vat-check', { vatNumber: viesStandInNumbers.valid, country: 'Netherlands' })).toMatchObject({ status: 400, body: { code: 'bad-request' } });
      expect(vies.requests.length).toBe(before);
    });

    it('reuses a verdict for the same VAT number, asks again after an unknown', async () => {
      const n = asked(vies, viesStandInNumbers.invalid);
      expect((await office.post('/vat-check', { vatNumber: viesStandInNumbers.invalid })).body.result).toBe('invalid');
      expect(asked(vies, viesStandInNumbers.invalid)).toBe(n); // answered for the dealer above: cached
      const u = asked(vies, viesStandInNumbers.unavailable);
      await office.post('/vat-check', { vatNumber: viesStandInNumbers.unavailable });
      expect(asked(vies, viesStandInNumbers.unavailable)).toBe(u + 1);
    });

    it(`limits each user to ${rateLimit} checks a minute; other users are not held up`, async () => {
      for (let i = 0; i < rateLimit; i++) expect((await dealer2.post('/vat-check', { vatNumber: viesStandInNumbers.valid })).status).toBe(200);
      const limited = await dealer2.post('/vat-check', { vatNumber: viesStandInNumbers.valid });
      expect(limited).toMatchObject({ status: 429, body: { code: 'rate-limited' } });
      expect((await dealer.post('/vat-check', { vatNumber: viesStandInNumbers.valid })).status).toBe(200);
    });
  });
}
