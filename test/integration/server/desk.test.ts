/**
 * The back-office desk on real databases: the queue (oldest first, business-day age, filters),
 * the review bundle (identifier checks of submitted and OCR-read numbers, possible duplicates,
 * legacy dry run), the VIES check against a local stand-in of the EU VAT service (valid, valid
 * without details, invalid, MS_UNAVAILABLE two ways, timeout — never "invalid" when unknown),
 * decisions with their audit and e-mails in the organisation's language, and two clerks deciding
 * one account at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/wait';
import { outboxFiles } from '../../support/outbox';
import { startViesStandIn, viesStandInNumbers, type ViesStandIn } from '../../support/viesStandIn';
import { checkVatNumber } from '../../../server/vies';
import { engines, organisationDoc, pullAll, useTestServer, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const mails = outboxFiles;

const box = (value: string, page = 1, bbox = [72, 100, 300, 114]) => ({ value, confidence: 0.93, page, bbox });

describe('VIES client against the stand-in', () => {
  let vies: ViesStandIn;
  beforeAll(async () => {
    vies = await startViesStandIn();
  });
  afterAll(async () => vies?.close());

  it('reads valid (with the consultation number), invalid, and makes every failure unknown', async () => {
    // The answered calls get a limit no loaded machine reaches; only the call the stand-in never
    // answers and the unreachable one use the short limit they test.
    const opts = { url: vies.url, timeoutMs: 10_000, requester: 'NL 0044.95.445 B01' };
    const valid = await checkVatNumber(opts, viesStandInNumbers.valid);
    expect(valid).toMatchObject({ result: 'valid', name: 'FOTOSTUDIO TEST B.V.', address: 'DAMRAK 00001\n1012LG AMSTERDAM', consultationNumber: expect.stringMatching(/^WAPI/), error: null });
    expect(vies.requests.at(-1)).toEqual({ countryCode: 'NL', vatNumber: '004495445B01', requesterMemberStateCode: 'NL', requesterNumber: '004495445B01' });
    expect(await checkVatNumber({ url: vies.url, timeoutMs: 10_000 }, viesStandInNumbers.valid)).toMatchObject({ result: 'valid', consultationNumber: null });
    expect(await checkVatNumber(opts, viesStandInNumbers.noDetails)).toMatchObject({ result: 'valid', name: null, address: null });
    expect(await checkVatNumber(opts, viesStandInNumbers.invalid)).toMatchObject({ result: 'invalid', error: null });
    expect(await checkVatNumber(opts, viesStandInNumbers.unavailable)).toMatchObject({ result: 'unknown', error: 'MS_UNAVAILABLE' });
    expect(await checkVatNumber(opts, viesStandInNumbers.unavailable500)).toMatchObject({ result: 'unknown', error: 'MS_UNAVAILABLE' });
    const t0 = Date.now();
    expect(await checkVatNumber({ ...opts, timeoutMs: 400 }, viesStandInNumbers.timeout)).toMatchObject({ result: 'unknown', error: 'TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await checkVatNumber({ url: 'http://127.0.0.1:9/check-vat-number', timeoutMs: 10_000 }, viesStandInNumbers.valid)).toMatchObject({ result: 'unknown', error: 'NETWORK' });
    expect(await checkVatNumber({ url: '', timeoutMs: 400 }, viesStandInNumbers.valid)).toMatchObject({ result: 'unknown', error: 'DISABLED' });
  });
});

for (const engine of engines) {
  describe.skipIf(engine.skip)(`back-office desk on ${engine.name}`, () => {
    let vies: ViesStandIn;
    beforeAll(async () => {
      vies = await startViesStandIn();
    });
    // 2 s: the stand-in's answers arrive in time on a loaded machine; its timeout number never answers.
    const { srv, clients: [dealer, office, office2] } = useTestServer(() => ({ ...engine.options, config: { viesUrl: vies.url, viesTimeoutMs: 2_000, viesRequester: 'NL004495445B01' } }), 'dealer@demo.test', 'office@demo.test', 'office@demo.test');
    afterAll(async () => {
      await vies?.close();
    });

    /** A submitted organisation of dealer 1 with one evidence document (OCR fields `extracted`). */
    async function submitted(over: Record<string, unknown> = {}, extracted: Record<string, unknown> = {}, kind = 'vat-certificate') {
      const org = organisationDoc({ status: 'pending-validation', ...over });
      expect((await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }])).status).toBe(200);
      const ev = { id: crypto.randomUUID(), organisationId: org.id, kind, fileName: 'proof.pdf', mimeType: 'application/pdf', extracted, updatedAt: 'x', _deleted: false };
      expect((await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: ev }])).status).toBe(200);
      return { org, ev };
    }

    it('lists the queue oldest first with its business-day age and due day, filtered by country and evidence kind', async () => {
      const a = await submitted({ country: 'NL' }, {}, 'vat-certificate');
      const b = await submitted({ country: 'BE', vatNumber: 'BE0403170701', chamberNumber: '0403170701' }, {}, 'chamber-extract');
      const all = await office.get('/admin/pending');
      expect(all.status).toBe(200);
      const ids = all.body.map((p: { id: string }) => p.id);
      expect(ids.indexOf(a.org.id)).toBeLessThan(ids.indexOf(b.org.id));
      const times = all.body.map((p: { submittedAt: string }) => p.submittedAt);
      expect([...times].sort()).toEqual(times);
      const row = all.body.find((p: { id: string }) => p.id === a.org.id);
      expect(row).toMatchObject({ ageBusinessDays: 0, due: 'later', documentRequest: null, evidence: [{ kind: 'vat-certificate' }] });
      expect(row.dueOn > row.submittedAt.slice(0, 10)).toBe(true);
      const be = await office.get('/admin/pending?country=BE');
      expect(be.body.map((p: { id: string }) => p.id)).toContain(b.org.id);
      expect(be.body.every((p: { country: string }) => p.country === 'BE')).toBe(true);
      const kvk = await office.get('/admin/pending?kind=chamber-extract');
      expect(kvk.body.map((p: { id: string }) => p.id)).toContain(b.org.id);
      expect(kvk.body.map((p: { id: string }) => p.id)).not.toContain(a.org.id);
      expect((await office.get('/admin/pending?kind=selfie')).status).toBe(400);
      expect((await dealer.get('/admin/pending')).status).toBe(403);
    });

    it('reviews an organisation: OCR fields, identifier checks, possible duplicates, the legacy dry run', async () => {
      const legacyEmail = `old-${crypto.randomUUID().slice(0, 8)}@example.test`;
      expect((await office.post('/admin/legacy/import', `legacyEmail,productModelId,serialNumber,purchaseDate,purchaseCountry,dealerName\n${legacyEmail},pm-eos-r5,${String(Date.now()).slice(-12)},2019-05-01,NL,Foto Demo\n`, 'text/csv')).status).toBe(200);
      const vat = 'NL004495445B01';
      const earlier = await submitted({ vatNumber: vat, name: 'Earlier Studio' });
      const { org, ev } = await submitted({ vatNumber: vat, chamberNumber: '33283281', legacyEmail }, { name: box('Fotostudio Test BV'), vatNumber: box('NL123456789B01', 1, [72, 140, 260, 152]), chamberNumber: box('33283281') });
      const r = await office.get(`/admin/organisations/${String(org.id)}/review`);
      expect(r.status).toBe(200);
      expect(r.body.organisation).toMatchObject({ id: org.id, vatNumber: vat, status: 'pending-validation' });
      expect(r.body.evidence[0]).toMatchObject({ id: ev.id, kind: 'vat-certificate', extracted: { vatNumber: { value: 'NL123456789B01', page: 1, bbox: [72, 140, 260, 152] } } });
      expect(r.body.identifierChecks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'vatNumber', source: 'submitted', valid: true }),
          expect.objectContaining({ field: 'chamberNumber', source: 'submitted', valid: true }),
          expect.objectContaining({ field: 'vatNumber', source: ev.id, valid: false, error: 'checksum' }),
        ]),
      );
      expect(r.body.duplicates).toEqual(expect.arrayContaining([expect.objectContaining({ id: earlier.org.id, name: 'Earlier Studio', matchedOn: expect.arrayContaining(['vatNumber']) })]));
      expect(r.body.duplicates.map((d: { id: string }) => d.id)).not.toContain(org.id);
      expect(r.body.legacy).toMatchObject({ legacyEmail, report: { dryRun: true, migrated: [expect.objectContaining({ productModelId: 'pm-eos-r5', registrationId: expect.any(String) })] } });
      // The dry run moved nothing.
      expect((await pullAll(dealer, 'registrations')).filter((x) => x.organisationId === org.id)).toHaveLength(0);
      expect((await office.get('/admin/organisations/nope/review')).status).toBe(404);
      expect((await dealer.get(`/admin/organisations/${String(org.id)}/review`)).status).toBe(403);
    });

    it('checks the VAT number with VIES from the server and stores the result on the organisation', async () => {
      const cases = [
        [viesStandInNumbers.valid, 'valid'],
        [viesStandInNumbers.invalid, 'invalid'],
        [viesStandInNumbers.unavailable, 'unknown'],
        [viesStandInNumbers.timeout, 'unknown'],
      ] as const;
      for (const [vatNumber, result] of cases) {
        const { org } = await submitted({ vatNumber, country: vatNumber.slice(0, 2) });
        const before = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
        const c = await office.post(`/admin/organisations/${String(org.id)}/vies-check`, {});
        expect(c.status).toBe(200);
        expect(c.body.result).toBe(result);
        const review = await office.get(`/admin/organisations/${String(org.id)}/review`);
        expect(review.body.vatCheck).toEqual(c.body);
        if (result === 'valid') expect(review.body.vatCheck).toMatchObject({ name: 'FOTOSTUDIO TEST B.V.', consultationNumber: expect.stringMatching(/^WAPI/) });
        if (vatNumber === viesStandInNumbers.timeout) expect(review.body.vatCheck.error).toBe('TIMEOUT');
        // The replicated document is untouched: a check never makes an open review stale.
        expect(review.body.organisation.updatedAt).toBe(before.updatedAt);
      }
      const audit = await office.get('/admin/audit?limit=50');
      expect(audit.body.filter((e: { action: string }) => e.action === 'vies-check').length).toBeGreaterThanOrEqual(4);
      const noVat = await submitted({ vatNumber: '' });
      expect((await office.post(`/admin/organisations/${String(noVat.org.id)}/vies-check`, {})).status).toBe(409);
    });

    it('requests a new document (account stays pending, the applicant sees it, Dutch e-mail), then validates with an audited, Dutch set-password e-mail', async () => {
      const { org, ev } = await submitted({ country: 'NL', vatNumber: viesStandInNumbers.valid });
      await office.post(`/admin/organisations/${String(org.id)}/vies-check`, {});
      const opened = (await office.get(`/admin/organisations/${String(org.id)}/review`)).body;
      expect((await office.post(`/admin/organisations/${String(org.id)}/request-document`, { seen: { organisationUpdatedAt: opened.organisation.updatedAt } })).body.code).toBe('reason-required');
      expect((await office.post(`/admin/organisations/${String(org.id)}/request-document`, { reasonCode: 'nonsense' })).body.code).toBe('unknown-reason');
      const req = await office.post(`/admin/organisations/${String(org.id)}/request-document`, { reasonCode: 'unreadable', reason: 'pagina 2 ontbreekt', seen: { organisationUpdatedAt: opened.organisation.updatedAt, evidence: [{ id: ev.id, sha256: 'a'.repeat(64) }] } });
      expect(req.status).toBe(200);
      expect(req.body).toMatchObject({ status: 'pending-validation', reason: 'Het bewijsdocument is niet leesbaar: pagina 2 ontbreekt' });
      const seenByApplicant = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
      expect(seenByApplicant).toMatchObject({ status: 'pending-validation', statusReason: 'Nieuw bewijsdocument gevraagd: Het bewijsdocument is niet leesbaar: pagina 2 ontbreekt' });
      expect((await office.get('/admin/pending')).body.find((p: { id: string }) => p.id === org.id).documentRequest).toMatchObject({ reason: 'Het bewijsdocument is niet leesbaar: pagina 2 ontbreekt', by: 'office@demo.test' });
      const requestMail = await eventually('the evidence-requested e-mail', () => mails(srv.mailDir).find((m) => m.file.includes('evidence-requested') && m.text.includes(String(org.email))), 8000);
      expect(requestMail.text).toContain('Nieuw bewijsdocument nodig');
      expect(requestMail.text).toContain('pagina 2 ontbreekt');

      // A clerk who opened the review before the request gets a conflict, not a second decision.
      const stale = await office2.post(`/admin/organisations/${String(org.id)}/validate`, { seen: { organisationUpdatedAt: opened.organisation.updatedAt } });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'changed-since-opened', message: expect.stringContaining('request-evidence-document by office@demo.test') });

      const fresh = (await office.get(`/admin/organisations/${String(org.id)}/review`)).body;
      const v = await office.post(`/admin/organisations/${String(org.id)}/validate`, { seen: { organisationUpdatedAt: fresh.organisation.updatedAt, evidence: [{ id: ev.id, sha256: 'b'.repeat(64) }] } });
      expect(v.status).toBe(200);
      expect((await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)).toMatchObject({ status: 'validated', statusReason: null });
      const ready = await eventually('the set-password e-mail', () => mails(srv.mailDir).find((m) => m.file.includes('set-password') && m.text.includes(String(org.email))), 8000);
      expect(ready.text).toContain('Uw CPS-zakelijk account is klaar');
      expect(ready.text).toMatch(/\/auth\/set-password\?lang=nl#token=[A-Za-z0-9_-]+/);

      const audit = (await office.get('/admin/audit?limit=100')).body.filter((e: { subject: string }) => e.subject === `organisation ${String(org.id)}`);
      const validated = audit.find((e: { action: string }) => e.action === 'validate-organisation');
      expect(validated).toMatchObject({ actor: 'office@demo.test', details: { seen: { organisationUpdatedAt: fresh.organisation.updatedAt, evidence: [{ id: ev.id, viewedSha256: 'b'.repeat(64), kind: 'vat-certificate' }], vatCheck: { result: 'valid', vatNumber: viesStandInNumbers.valid } } } });
      expect(validated.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(audit.find((e: { action: string }) => e.action === 'request-evidence-document').details.seen.evidence[0].viewedSha256).toBe('a'.repeat(64));
      // Decided once: a later decision names who decided.
      const again = await office2.post(`/admin/organisations/${String(org.id)}/reject`, { reasonCode: 'mismatch' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'already-decided', message: expect.stringMatching(/already validated by office@demo\.test at /) });
    });

    it('rejects with a standard reason in English for a foreign organisation and e-mails it in English', async () => {
      const { org } = await submitted({ country: 'DE', vatNumber: viesStandInNumbers.noDetails, chamberNumber: 'HRB 12345 B' });
      const r = await office.post(`/admin/organisations/${String(org.id)}/reject`, { reasonCode: 'name-missing' });
      expect(r.status).toBe(200);
      expect((await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)).toMatchObject({ status: 'rejected', statusReason: 'The evidence document does not show the organisation’s name' });
      const m = await eventually('the organisation-rejected e-mail', () => mails(srv.mailDir).find((x) => x.file.includes('organisation-rejected') && x.text.includes(String(org.email))), 8000);
      expect(m.text).toContain('We could not validate your CPS business account');
      expect(m.text).toContain('does not show the organisation’s name');
    });

    it('lets only one of two clerks deciding at once win; the other gets a conflict and nothing is decided twice', async () => {
      for (let round = 0; round < 3; round++) {
        const { org } = await submitted();
        const seen = { organisationUpdatedAt: (await office.get(`/admin/organisations/${String(org.id)}/review`)).body.organisation.updatedAt };
        const [a, b] = await Promise.all([
          office.post(`/admin/organisations/${String(org.id)}/validate`, { seen }),
          office2.post(`/admin/organisations/${String(org.id)}/reject`, { reasonCode: 'expired', seen }),
        ]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        const loser = a.status === 409 ? a : b;
        expect(['already-decided', 'changed-since-opened']).toContain(loser.body.code);
        const decisions = (await office.get('/admin/audit?limit=200')).body.filter(
          (e: { subject: string; action: string }) => e.subject === `organisation ${String(org.id)}` && ['validate-organisation', 'reject-organisation'].includes(e.action),
        );
        expect(decisions).toHaveLength(1);
        const final = (await pullAll(dealer, 'organisations')).find((d) => d.id === org.id)!;
        expect(final.status).toBe(a.status === 200 ? 'validated' : 'rejected');
        await new Promise((r) => setTimeout(r, 300));
        const sent = mails(srv.mailDir).filter((m) => m.text.includes(String(org.email)));
        expect(sent).toHaveLength(1);
      }
    });
  });
}
