/**
 * Changing tier on real databases (docs/program.md#changing-tier): Platinum, then Corporate C on
 * the same day → the Platinum membership is `replaced` (ends today, names Corporate C), its
 * invoice is `cancelled` by a credit note (type 381, own gapless series `CN-YYYY-NNNNNN`,
 * referencing the invoice, same positive amounts; its PDF's Factur-X XML is valid against the
 * EN 16931 XSD), the new membership is invoiced; a retried push issues nothing twice; the same
 * tier, or another tier after the 14-day window, is refused without a credit note or a number;
 * an ended membership expires on renewal; a paid invoice's credit note is `refund-due`.
 */
import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { oneYearFrom } from '../../../server/authority/memberships';
import { parseInvoiceInput, renderInvoicePdf } from '../../../shared/invoice';
import { addDays } from '../../../shared/program';
import { assets, hasXmllint, program, xmllintFacturX } from '../../unit/invoice/helpers';
import { engines, membershipDoc, pullAll, registrationDoc, useTestServer, validatedOrganisation, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

for (const engine of engines) {
  describe.skipIf(engine.skip)(`changing tier on ${engine.name}`, () => {
    const { srv, clients: [dealer, office] } = useTestServer(engine.options, 'dealer@demo.test', 'office@demo.test');

    /** A validated organisation of dealer 1 with 2,500 confirmed points (EOS R1 900 × 2 + EOS R3 700). */
    async function corporateOrganisation() {
      const org = await validatedOrganisation(dealer, office);
      const regs = [registrationDoc(String(org.id), { productModelId: 'pm-eos-r1' }), registrationDoc(String(org.id), { productModelId: 'pm-eos-r1' }), registrationDoc(String(org.id), { productModelId: 'pm-eos-r3' })];
      const pushed = await dealer.push('registrations', regs.map((r) => ({ assumedMasterState: null, newDocumentState: r })));
      expect(pushed.body.map((r: { status: string }) => r.status)).toEqual(['points-assigned', 'points-assigned', 'points-assigned']);
      return org;
    }
    /** Pushes a membership request and returns the server's answer. */
    async function signUp(orgId: string, tierId: string) {
      const m = membershipDoc(orgId, tierId);
      const r = await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m }]);
      expect(r.status).toBe(200);
      return { sent: m, answer: r.body[0] as Record<string, unknown> };
    }
    const invoicesOf = async (orgId: string) => (await pullAll(dealer, 'invoices')).filter((i) => i.organisationId === orgId);
    const membershipsOf = async (orgId: string) => (await pullAll(dealer, 'memberships')).filter((m) => m.organisationId === orgId);
    const creditNoteNumbers = async () =>
      (await srv.server.services.db.query<{ n: string }>(`select data->>'number' as n from documents where collection = 'invoices' and data->>'documentType' = 'credit-note' order by 1`)).map((r) => r.n);

    it('Platinum, then Corporate C the same day: the first is replaced and its invoice cancelled by a schema-valid credit note', async () => {
      const org = await corporateOrganisation();
      const today = new Date().toISOString().slice(0, 10);
      const platinum = await signUp(String(org.id), 'tier-platinum');
      expect(platinum.answer).toMatchObject({ status: 'active', validFrom: today });
      const [first] = await invoicesOf(String(org.id));
      expect(first).toMatchObject({ status: 'open', totalCents: 36300 });

      const corporate = await signUp(String(org.id), 'tier-corporate-c');
      expect(corporate.answer).toMatchObject({ status: 'active', validFrom: today, validTo: oneYearFrom(today) });
      const replaced = (await membershipsOf(String(org.id))).find((m) => m.id === platinum.sent.id)!;
      expect(replaced).toMatchObject({ status: 'replaced', replacedByMembershipId: corporate.sent.id, replacedByTierId: 'tier-corporate-c', replacedOn: today, validTo: today, statusReason: `membership.replaced-by-tier?tier=Corporate%20C&date=${today}` });

      const invoices = await invoicesOf(String(org.id));
      expect(invoices).toHaveLength(3);
      const cancelled = invoices.find((i) => i.id === first!.id)!;
      const credit = invoices.find((i) => i.documentType === 'credit-note')!;
      const second = invoices.find((i) => i.membershipId === corporate.sent.id)!;
      expect(credit.number).toMatch(new RegExp(`^CN-${today.slice(0, 4)}-\\d{6}$`));
      expect(cancelled).toMatchObject({ status: 'cancelled', creditNoteId: credit.id, creditNoteNumber: credit.number });
      expect(credit).toMatchObject({
        status: 'settled',
        membershipId: platinum.sent.id,
        precedingInvoiceId: first!.id,
        precedingInvoiceNumber: first!.number,
        precedingInvoiceIssueDate: first!.issueDate,
        issueDate: today,
        lines: first!.lines,
        netCents: 30000,
        vatCents: 6300,
        totalCents: 36300,
        currency: 'EUR',
      });
      expect(second).toMatchObject({ status: 'open', totalCents: 121000 });
      expect(second.documentType ?? 'invoice').toBe('invoice');
      expect(Number(String(second.number).slice(5))).toBe(Number(String(first!.number).slice(5)) + 1); // the invoice series skips nothing for the credit note

      // The credit note as the app exports it: PDF/A-3 with Factur-X type 381 referencing the invoice.
      const organisation = (await pullAll(dealer, 'organisations')).find((o) => o.id === org.id)!;
      const input = parseInvoiceInput({ invoice: credit, organisation, supplier: program.supplier });
      const { xml } = await renderInvoicePdf(input, { lang: 'nl', ...assets, createdAt: new Date() });
      const root = new DOMParser().parseFromString(xml!, 'text/xml').documentElement!;
      expect(root.getElementsByTagName('ram:TypeCode')[0]!.textContent).toBe('381');
      const ref = root.getElementsByTagName('ram:InvoiceReferencedDocument')[0]!;
      expect(ref.getElementsByTagName('ram:IssuerAssignedID')[0]!.textContent).toBe(first!.number);
      if (hasXmllint) {
        const r = xmllintFacturX(xml!);
        expect(r.ok, r.output).toBe(true);
      } else console.warn('tierChange.test: xmllint not installed (Debian libxml2-utils); XSD validation skipped');

      // A retried push of the new membership changes nothing: no second credit note, no third invoice.
      await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: corporate.sent }]);
      expect(await invoicesOf(String(org.id))).toHaveLength(3);
      // Neither the cancelled invoice nor the credit note can be marked paid.
      expect((await office.post(`/admin/invoices/${String(first!.number)}/mark-paid`, {})).body).toMatchObject({ code: 'invoice-cancelled' });
      expect((await office.post(`/admin/invoices/${String(credit.number)}/mark-paid`, {})).status).toBe(409);
      // The customer is e-mailed the credit note, in Dutch for a Dutch organisation.
      const mail = await srv.server.services.db.query<{ subject: string; body: string }>(`select subject, body from outbox where kind = 'credit-note' and recipient = $1`, [org.email]);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe(`Creditnota ${String(credit.number)} bij factuur ${String(first!.number)}`);
      expect(mail[0]!.body).toContain('vervangen door CPS Corporate C');
      // The audit log names the credit note.
      const audit = await srv.server.services.db.query<{ subject: string }>(`select subject from audit_log where action = 'credit-note-issued' and details->>'invoice' = $1`, [first!.number]);
      expect(audit.map((a) => a.subject)).toEqual([`credit note ${String(credit.number)}`]);
    });

    it('numbers credit notes gaplessly under concurrent tier changes, and a refusal draws no number', async () => {
      const orgs = await Promise.all([0, 1, 2, 3].map(() => corporateOrganisation()));
      for (const org of orgs) await signUp(String(org.id), 'tier-gold');
      const before = await creditNoteNumbers();
      const answers = await Promise.all(orgs.map((org) => signUp(String(org.id), 'tier-platinum')));
      expect(answers.map((a) => a.answer.status)).toEqual(['active', 'active', 'active', 'active']);
      // The same tier again is refused, naming the tier; nothing is credited.
      const again = await signUp(String(orgs[0]!.id), 'tier-platinum');
      expect(again.answer).toMatchObject({ status: 'rejected', membershipNumber: null });
      expect(String(again.answer.statusReason)).toMatch(/^membership\.tier-already-held\?tierId=tier-platinum&validTo=\d{4}-\d{2}-\d{2}&tier=Platinum$/);
      const after = await creditNoteNumbers();
      expect(after).toHaveLength(before.length + 4);
      const seqs = after.map((n) => Number(n.slice(-6)));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // 1, 2, … n: no gap, no duplicate
    });

    it('refuses another tier after the 14-day window, and lets an ended membership expire on renewal', async () => {
      const org = await corporateOrganisation();
      const today = new Date().toISOString().slice(0, 10);
      const gold = await signUp(String(org.id), 'tier-gold');
      // The Gold membership started 15 days ago: the window (start + 14 days) has passed.
      const started = addDays(today, -15);
      await srv.server.services.db.query(`update documents set data = jsonb_set(data, '{validFrom}', to_jsonb($2::text)) where collection = 'memberships' and id = $1`, [gold.sent.id, started]);
      const before = await creditNoteNumbers();
      const late = await signUp(String(org.id), 'tier-corporate-c');
      expect(late.answer).toMatchObject({ status: 'rejected', membershipNumber: null });
      expect(late.answer.statusReason).toBe(`membership.tier-change-window-passed?tierId=tier-gold&lastChangeDay=${addDays(started, 14)}&startsFrom=${addDays(String(gold.answer.validTo), 1)}&tier=Gold`);
      expect(await creditNoteNumbers()).toEqual(before);
      expect((await membershipsOf(String(org.id))).find((m) => m.id === gold.sent.id)!.status).toBe('active');
      // Once Gold has ended, Corporate C starts as a renewal: Gold expires, its invoice stays as it was.
      await srv.server.services.db.query(`update documents set data = jsonb_set(data, '{validTo}', to_jsonb($2::text)) where collection = 'memberships' and id = $1`, [gold.sent.id, addDays(today, -1)]);
      const renewal = await signUp(String(org.id), 'tier-corporate-c');
      expect(renewal.answer.status).toBe('active');
      expect((await membershipsOf(String(org.id))).find((m) => m.id === gold.sent.id)!.status).toBe('expired');
      expect((await invoicesOf(String(org.id))).map((i) => i.status).sort()).toEqual(['open', 'open']);
      expect(await creditNoteNumbers()).toEqual(before);
    });

    it('credits a paid invoice as refund-due', async () => {
      const org = await corporateOrganisation();
      await signUp(String(org.id), 'tier-silver');
      const [inv] = await invoicesOf(String(org.id));
      expect((await office.post(`/admin/invoices/${String(inv!.number)}/mark-paid`, {})).status).toBe(200);
      await signUp(String(org.id), 'tier-gold');
      const invoices = await invoicesOf(String(org.id));
      expect(invoices.find((i) => i.id === inv!.id)!.status).toBe('cancelled');
      expect(invoices.find((i) => i.documentType === 'credit-note')).toMatchObject({ status: 'refund-due', totalCents: inv!.totalCents, precedingInvoiceNumber: inv!.number });
    });
  });
}
