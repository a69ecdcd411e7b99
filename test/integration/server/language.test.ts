/**
 * The server speaks the organisation's language where it writes words itself, and codes where
 * the app words them: the membership and invoice e-mails and the invoice line in Dutch for a Dutch
 * organisation and in English for a British one (dates in the one format per language); a refused
 * membership's statusReason and a refused push as codes with parameters (no ids in words); the
 * set-password page in the link's or the browser's language, with a confirmation field.
 */
import { describe, expect, it } from 'vitest';
import { outboxFiles } from '../../support/outbox';
import { eventually } from '../../support/wait';
import { setPasswordTexts } from '../../../server/setPasswordPage';
import { formatDate } from '../../../shared/text/dates';
import { decodeReason } from '../../../shared/text/reasons';
import { engines, membershipDoc, organisationDoc, pullAll, registrationDoc, useTestServer, validatedOrganisation, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const mails = outboxFiles;

for (const engine of engines) {
  describe.skipIf(engine.skip)(`server texts in the organisation's language on ${engine.name}`, () => {
    const { srv, clients: [dealer, dealer2, office] } = useTestServer(engine.options, 'dealer@demo.test', 'dealer2@demo.test', 'office@demo.test');

    /** A validated organisation of dealer 1 with 1,600 confirmed points, and its activated Platinum membership. */
    async function member(over: Record<string, unknown>, paymentMethod: 'card' | 'bank-transfer') {
      const org = await validatedOrganisation(dealer, office, over);
      await dealer.push('registrations', [registrationDoc(String(org.id), { productModelId: 'pm-eos-r1' }), registrationDoc(String(org.id), { productModelId: 'pm-eos-r3' })].map((r) => ({ assumedMasterState: null, newDocumentState: r })));
      const refused = (await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: membershipDoc(String(org.id), 'tier-corporate-c') }])).body[0];
      const m = membershipDoc(String(org.id), 'tier-platinum', { paymentMethod });
      const active = (await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m }])).body[0];
      const invoice = (await pullAll(dealer, 'invoices')).find((i) => i.membershipId === m.id)!;
      return { org, refused, active, invoice };
    }

    it('writes the e-mails and the invoice line of a Dutch organisation in Dutch, of a British one in English', async () => {
      const nl = await member({ country: 'NL' }, 'bank-transfer');
      // (bank transfer: a card membership is invoiced only once the card is authorised, server/payments/)
      const en = await member({ country: 'GB', vatNumber: '', postcode: 'SW1A 1AA', city: 'London' }, 'bank-transfer');
      for (const [lang, x] of [['nl', nl], ['en', en]] as const) {
        const { org, active, invoice } = x;
        const from = formatDate(String(active.validFrom), lang);
        const to = formatDate(String(active.validTo), lang);
        const line = (invoice.lines as { description: string }[])[0]!.description;
        const forOrg = () => mails(srv.mailDir).filter((m) => m.text.includes(String(org.email)));
        const all = await eventually('three e-mails to the organisation', () => (forOrg().length >= 3 ? forOrg() : undefined), 8000);
        const activeMail = all.find((m) => m.file.includes('membership-active'))!.text;
        const invoiceMail = all.find((m) => m.file.includes('-invoice-'))!.text;
        if (lang === 'nl') {
          expect(line).toBe(`CPS Platinum-lidmaatschap ${from} – ${to} (lidmaatschapsnummer ${String(active.membershipNumber)})`);
          expect(from).toMatch(/^\d{2}-\d{2}-\d{4}$/);
          expect(activeMail).toContain(`Subject: Uw CPS Platinum-lidmaatschap is actief (${String(active.membershipNumber)})`);
          expect(activeMail).toContain(`is actief van ${from} tot en met ${to}.`);
          expect(invoiceMail).toContain(`Subject: Factuur ${String(invoice.number)} voor uw CPS-lidmaatschap`);
          expect(invoiceMail).toContain(`te betalen uiterlijk ${formatDate(String(invoice.dueDate), 'nl')} (per bankoverschrijving vóór de vervaldatum, onder vermelding van ${String(invoice.paymentReference)})`);
          expect(invoiceMail).toMatch(/€\s363,00/);
          for (const m of [activeMail, invoiceMail]) expect(m).not.toMatch(/Dear|membership|Invoice|due|reference/);
        } else {
          expect(line).toBe(`CPS Platinum membership ${from} – ${to} (membership number ${String(active.membershipNumber)})`);
          expect(from).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
          expect(activeMail).toContain(`active from ${from} to ${to}.`);
          expect(invoiceMail).toContain(`due ${formatDate(String(invoice.dueDate), 'en')} (by bank transfer before the due date, reference ${String(invoice.paymentReference)})`);
          expect(invoiceMail).toContain('€300.00'); // outside the EU: no Dutch VAT on the €300 fee
        }
      }
    });

    it('gives a refused membership and a refused push as codes with parameters, naming nobody by id', async () => {
      const { refused } = await member({ country: 'NL' }, 'card');
      expect(refused.status).toBe('rejected');
      expect(decodeReason(String(refused.statusReason))).toEqual({ code: 'membership.not-enough-points', params: { tier: 'Corporate C', minPoints: '2500', points: '1600' } });

      const orgB = organisationDoc({ dealerId: 'dealer-demo-2' });
      await dealer2.push('organisations', [{ assumedMasterState: null, newDocumentState: orgB }]);
      const reg = registrationDoc(String(orgB.id));
      const out = await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: reg }]);
      expect(out.status).toBe(403);
      expect(out.body).toMatchObject({ code: 'forbidden', params: { collection: 'registrations', id: reg.id, organisationId: orgB.id } });
    });

    it('serves the set-password page in the link’s language, else the browser’s, with the password asked twice', async () => {
      const page = async (query: string, acceptLanguage?: string) => {
        const res = await fetch(`${srv.url}/auth/set-password${query}`, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
        expect(res.status).toBe(200);
        return res.text();
      };
      const nl = await page('?lang=nl', 'en-GB,en;q=0.9');
      expect(nl).toContain('<html lang="nl">');
      expect(nl).toContain(setPasswordTexts.nl.confirm);
      expect(nl.match(/type="password"/g)).toHaveLength(2);
      for (const text of Object.values(setPasswordTexts.en)) expect(nl).not.toContain(text);
      expect(await page('', 'de-DE,nl;q=0.8,en;q=0.5')).toContain('<html lang="nl">');
      expect(await page('', 'nl;q=0.2,en-US')).toContain('<html lang="en">');
      const en = await page('?lang=xx');
      expect(en).toContain('<html lang="en">');
      expect(en).toContain(setPasswordTexts.en.confirm);
    });
  });
}
