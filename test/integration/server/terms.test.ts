/**
 * Terms and conditions as program data (docs/program.md#terms-and-conditions), on PGlite and
 * PostgreSQL: every user pulls the published versions (nl and en, version, effective date); a
 * sign-up is activated only with the version in force accepted, and records it; publishing a new
 * version makes the next sign-up accept again while the active membership keeps its version; a
 * version not in force yet changes nothing; a published version cannot be changed.
 */
import { describe, expect, it } from 'vitest';
import { publishTerms } from '../../../server/terms';
import { addDays } from '../../../shared/program/dates';
import { client, engines, membershipDoc, pullAll, registrationDoc, termsVersionInForce, useTestServer, validatedOrganisation, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const today = new Date().toISOString().slice(0, 10);

/** A new terms version `version` in force from `effectiveOn`, with short texts in both languages. */
function termsVersion(version: string, effectiveOn: string) {
  const text = (title: string, p: string) => ({ title, sections: [{ heading: '1', paragraphs: [p] }] });
  return { id: `terms-${version}`, version, effectiveOn, texts: { nl: text('Voorwaarden', `Versie ${version}.`), en: text('Terms', `Version ${version}.`) } };
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`terms and conditions on ${engine.name}`, () => {
    const { srv, clients: [dealer, studio, office] } = useTestServer(engine.options, 'dealer@demo.test', 'studio@demo.test', 'office@demo.test');

    /** A validated organisation of dealer 1 with 900 confirmed points (Silver and Gold selectable). */
    async function organisationWithPoints() {
      const org = await validatedOrganisation(dealer, office);
      const reg = (await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc(String(org.id), { productModelId: 'pm-eos-r1' }) }])).body[0];
      expect(reg.status).toBe('points-assigned');
      return String(org.id);
    }

    it('serves the published terms to every user, in Dutch and English with version and effective date', async () => {
      for (const who of [dealer, studio, office]) {
        const terms = await pullAll(who, 'programTerms');
        expect(terms.map((t) => [t.version, t.effectiveOn])).toEqual([[termsVersionInForce, '2026-01-01']]);
        const en = (terms[0]!.texts as { en: { sections: { paragraphs: string[] }[] } }).en.sections.flatMap((s) => s.paragraphs).join('\n');
        const nl = (terms[0]!.texts as { nl: { sections: { paragraphs: string[] }[] } }).nl.sections.flatMap((s) => s.paragraphs).join('\n');
        expect(en).toContain('Credit card — will be authorised with zero amount today; the subscription fee will be charged on the due date indicated on the invoice');
        expect(en).toContain('Bank transfer — additional bank charges may apply; pay before the due date');
        expect(nl).toContain('Creditcard — wordt vandaag geautoriseerd voor een bedrag van nul');
        expect(nl).toContain('Bankoverschrijving — er kunnen extra bankkosten in rekening worden gebracht; betaal vóór de vervaldatum');
      }
      const nl = await studio.get('/program/terms?language=nl');
      expect(nl.status).toBe(200);
      expect(nl.body).toMatchObject({ version: termsVersionInForce, effectiveOn: '2026-01-01', language: 'nl', title: 'CPS Professional Services — Voorwaarden voor het lidmaatschap' });
      expect((await dealer.get('/program/terms')).body).toMatchObject({ language: 'en', title: 'CPS Professional Services — Terms and Conditions of Membership' });
      expect((await dealer.get('/program/terms?language=de')).status).toBe(400);
      expect((await client(srv.url, null).get('/program/terms')).status).toBe(401);
      expect((await dealer.push('programTerms', [{ assumedMasterState: null, newDocumentState: { ...termsVersion('x', today), updatedAt: 'x', _deleted: false } }])).status).toBe(403);
    });

    it('records the accepted version with the membership; a new version makes the next sign-up accept again', async () => {
      const orgId = await organisationWithPoints();
      // Without the version in force accepted, the request waits and names the version to accept.
      const unversioned = membershipDoc(orgId, 'tier-silver', { termsVersion: null });
      const waiting = (await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: unversioned }])).body[0];
      expect(waiting).toMatchObject({ status: 'requested', membershipNumber: null, statusReason: `membership.terms-outdated?version=${termsVersionInForce}&effectiveOn=2026-01-01` });
      // Accepting it (an edit of the same request) activates it, and the version is recorded.
      const accepted = { ...waiting, termsVersion: termsVersionInForce, termsAcceptedAt: new Date().toISOString(), _deleted: false };
      const first = (await dealer.push('memberships', [{ assumedMasterState: waiting, newDocumentState: accepted }])).body[0];
      expect(first).toMatchObject({ status: 'active', termsVersion: termsVersionInForce });
      const audit = await office.get('/admin/audit?limit=20');
      expect(audit.status).toBe(200);
      expect((audit.body as { action: string; subject: string; details: Record<string, unknown> }[]).find((e) => e.action === 'membership-activated' && e.subject === `membership ${String(unversioned.id)}`)?.details).toMatchObject({ termsVersion: termsVersionInForce });

      // The back office publishes a new version in force today (POST /admin/terms, also `publish-terms`); every client pulls it.
      expect((await dealer.post('/admin/terms', termsVersion('2099-1', today))).status).toBe(403);
      const published = await office.post('/admin/terms', termsVersion('2099-1', today));
      expect(published).toMatchObject({ status: 200, body: { published: ['2099-1'], unchanged: [] } });
      expect((await dealer.get('/program/terms?language=nl')).body).toMatchObject({ version: '2099-1', title: 'Voorwaarden' });
      expect((await pullAll(studio, 'programTerms')).map((t) => t.version).sort()).toEqual([termsVersionInForce, '2099-1'].sort());

      // The next sign-up (another organisation's: a second Silver of the same one would be refused
      // by the tier-change rule) with the old version accepted waits for the new one…
      const next = membershipDoc(await organisationWithPoints(), 'tier-silver');
      const again = (await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: next }])).body[0];
      expect(again).toMatchObject({ status: 'requested', termsVersion: termsVersionInForce, statusReason: `membership.terms-outdated?version=2099-1&effectiveOn=${today}` });
      // …and the active membership keeps the version it accepted.
      expect((await pullAll(dealer, 'memberships')).find((m) => m.id === unversioned.id)).toMatchObject({ status: 'active', termsVersion: termsVersionInForce });
      const reaccepted = (await dealer.push('memberships', [{ assumedMasterState: again, newDocumentState: { ...again, termsVersion: '2099-1', _deleted: false } }])).body[0];
      expect(reaccepted).toMatchObject({ status: 'active', termsVersion: '2099-1' });
      expect(reaccepted.membershipNumber).not.toBe(first.membershipNumber);

      // A version published for a later day is not in force yet: sign-ups keep accepting 2099-1.
      await publishTerms(srv.server.services.db, 'office@demo.test', [termsVersion('2099-2', addDays(today, 30))]);
      const later = (await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: membershipDoc(await organisationWithPoints(), 'tier-silver', { termsVersion: '2099-1' }) }])).body[0];
      expect(later).toMatchObject({ status: 'active', termsVersion: '2099-1' });
    });

    it('never changes a published version: same id with other text, or a version label twice, is refused; the same again is skipped', async () => {
      const v = termsVersion('2099-9', '2099-12-31');
      expect(await publishTerms(srv.server.services.db, 'office@demo.test', [v])).toEqual({ published: ['2099-9'], unchanged: [] });
      expect(await publishTerms(srv.server.services.db, 'office@demo.test', [v])).toEqual({ published: [], unchanged: ['2099-9'] });
      const changed = { ...v, texts: { ...v.texts, en: { title: 'Terms', sections: [{ heading: '1', paragraphs: ['Quietly changed.'] }] } } };
      await expect(publishTerms(srv.server.services.db, 'office@demo.test', [changed])).rejects.toMatchObject({ statusCode: 409, code: 'terms-published' });
      await expect(publishTerms(srv.server.services.db, 'office@demo.test', [{ ...v, id: 'terms-other' }])).rejects.toMatchObject({ statusCode: 409, code: 'terms-published' });
      await expect(publishTerms(srv.server.services.db, 'office@demo.test', [{ ...v, id: 'terms-no-en', version: 'x', texts: { nl: v.texts.nl } }])).rejects.toMatchObject({ statusCode: 400, code: 'schema-invalid' });
    });
  });
}
