/**
 * Bank-transfer reconciliation on real databases (PGlite, and PostgreSQL with DATABASE_URL): the
 * hand-written camt.053 statements of test/fixtures/camt053 imported through the back office's
 * HTTP route, against invoices with RF payment references. Checks the invoice states the desktop
 * pulls and the review list: an exact match (paid), a partial payment, an over-payment, unknown
 * references, a batch entry, debits / pending entries / reversals left alone, a second payment of
 * a paid invoice, another currency, a credit repeated with the same bank reference, and the same
 * statement imported twice (nothing changes). Then a person resolves review items; refused files
 * get their specific error codes.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../../server/store';
import { creditorReference, validateCreditorReference } from '../../../shared/identifiers';
import type { BankCredit, StatementImport } from '../../../shared/sync/bank';
import { engines, membershipDoc, organisationDoc, pullAll, registrationDoc, useTestServer, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/camt053/${name}`, import.meta.url), 'utf8');
const day1 = fixture('abn-2026-04-02.camt053.001.02.xml');
const day2 = fixture('abn-2026-04-03.camt053.001.08.xml');

/** Invoices the statements pay: number → total in cents (Gold 170 + 21 % = 205.70, Platinum 300 + 21 % = 363.00). */
const invoices: Record<string, number> = { '2026-100001': 20570, '2026-100002': 20570, '2026-100003': 36300, '2026-100004': 20570, '2026-100005': 20570, '2026-100006': 36300 };

for (const engine of engines) {
  describe.skipIf(engine.skip)(`camt.053 import and reconciliation on ${engine.name}`, () => {
    const { srv, clients: [office, dealer] } = useTestServer(engine.options, 'office@demo.test', 'dealer@demo.test');
    beforeAll(async () => {
      // Bank-transfer invoices of the demo organisation (served by dealer-demo-1), as the server issues them.
      await writeTransaction(srv.server.services.db, 'test', async (w) => {
        for (const [number, total] of Object.entries(invoices)) {
          const net = Math.round(total / 1.21);
          await w.put(
            'invoices',
            {
              id: `inv-${number}`,
              number,
              organisationId: 'org-demo-studio',
              membershipId: `m-${number}`,
              issueDate: '2026-03-20',
              dueDate: '2026-04-19',
              currency: 'EUR',
              lines: [{ description: 'CPS membership', quantity: 1, unitPriceCents: net, vatRate: 21, netCents: net, vatCents: total - net }],
              netCents: net,
              vatCents: total - net,
              totalCents: total,
              paymentMethod: 'bank-transfer',
              paymentReference: creditorReference(number),
              status: 'open',
              purchaseOrderNumber: null,
            },
            { organisationId: 'org-demo-studio', dealerId: 'dealer-demo-1' },
          );
        }
      });
    });

    const importXml = (xml: string, as = office) => as.post('/admin/bank/statements', xml, 'application/xml');
    const states = async () => Object.fromEntries((await pullAll(dealer, 'invoices')).filter((i) => String(i.number) in invoices).map((i) => [i.number, i.status]));
    const review = async () => ((await office.get('/admin/bank/review')).body as BankCredit[]).map((c) => [c.outcome, c.invoiceNumber, c.amountCents, c.reference]);

    it('marks exact matches paid and lists partial, over- and unmatched payments for review; a second import of the statement changes nothing', async () => {
      const r = await importXml(day1);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const result = r.body as StatementImport;
      expect(result.statements).toEqual([{ statementId: '0417164300-2026-04-01', iban: 'NL91ABNA0417164300', alreadyImported: false, credits: 6, paid: 2, review: 4, duplicates: 0, skipped: 2 }]);
      expect(result.paidInvoices.sort()).toEqual(['2026-100001', '2026-100004']);
      expect(await states()).toEqual({ '2026-100001': 'paid', '2026-100002': 'open', '2026-100003': 'open', '2026-100004': 'paid', '2026-100005': 'open', '2026-100006': 'open' });
      const expectedReview = [
        ['partial', '2026-100002', 10000, 'RF102026100002'],
        ['over-payment', '2026-100003', 40000, '2026-100003'],
        ['unmatched', null, 5000, null],
        ['unmatched', null, 40140, 'RF18539007547034'],
      ];
      expect(await review()).toEqual(expectedReview);
      expect(result.review.map((c) => c.debtorName)).toEqual(['Fotostudio Zuid V.O.F.', 'Studio Noord B.V.', 'J. de Vries', 'Łódź Studio sp. z o.o.']);
      expect(result.review[1]!.remittance).toBe('Factuur 2026-100003 CPS Platinum lidmaatschap');

      // The same file again: found by its statement id; no invoice written, the review list as it was.
      const before = await dealer.pull('invoices');
      const again = await importXml(day1);
      expect(again.status).toBe(200);
      expect((again.body as StatementImport).statements[0]).toMatchObject({ alreadyImported: true, paid: 0, review: 0 });
      expect((again.body as StatementImport).paidInvoices).toEqual([]);
      expect((await dealer.pull('invoices')).body.checkpoint).toEqual(before.body.checkpoint);
      expect(await review()).toEqual(expectedReview);
    });

    it('next day (camt.053.001.08): the booked credit pays its invoice, a second payment and another currency go to review, a repeated bank reference is skipped', async () => {
      const r = await importXml(day2);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect((r.body as StatementImport).statements).toEqual([{ statementId: '0417164300-2026-04-02', iban: 'NL91ABNA0417164300', alreadyImported: false, credits: 4, paid: 1, review: 2, duplicates: 1, skipped: 1 }]);
      expect((r.body as StatementImport).paidInvoices).toEqual(['2026-100005']);
      expect((r.body as StatementImport).review.map((c) => [c.outcome, c.invoiceNumber, c.currency])).toEqual([
        ['already-paid', '2026-100001', 'EUR'],
        ['currency-mismatch', '2026-100006', 'USD'],
      ]);
      expect(await states()).toMatchObject({ '2026-100005': 'paid', '2026-100006': 'open', '2026-100002': 'open' });
      expect((await review()).length).toBe(6);
    });

    it('a person resolves review items: mark paid (the invoice replicates as paid) or dismiss with a note; each once', async () => {
      const items = (await office.get('/admin/bank/review')).body as BankCredit[];
      const partial = items.find((c) => c.outcome === 'partial')!;
      const unknown = items.find((c) => c.outcome === 'unmatched' && c.reference === null)!;
      const stray = items.find((c) => c.reference === 'RF18539007547034')!;
      expect((await office.post(`/admin/bank/credits/${partial.id}/resolve`, { action: 'dismiss' })).body.code).toBe('note-required');
      expect((await office.post(`/admin/bank/credits/${unknown.id}/resolve`, { action: 'mark-paid' })).body.code).toBe('invoice-required');
      expect((await office.post(`/admin/bank/credits/${unknown.id}/resolve`, { action: 'mark-paid', invoiceNumber: '2099-000001' })).status).toBe(404);
      const accepted = await office.post(`/admin/bank/credits/${partial.id}/resolve`, { action: 'mark-paid', note: 'rest paid in cash at the counter' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ resolution: 'marked-paid', resolvedBy: 'office@demo.test', invoiceNumber: '2026-100002', invoiceStatus: 'paid' });
      expect((await office.post(`/admin/bank/credits/${partial.id}/resolve`, { action: 'dismiss', note: 'x' })).body.code).toBe('already-resolved');
      expect((await office.post(`/admin/bank/credits/${stray.id}/resolve`, { action: 'mark-paid', invoiceNumber: '2026-100003' })).body).toMatchObject({ invoiceNumber: '2026-100003', resolution: 'marked-paid' });
      expect((await office.post(`/admin/bank/credits/${unknown.id}/resolve`, { action: 'dismiss', note: 'fotoclub, refunded' })).body).toMatchObject({ resolution: 'dismissed', note: 'fotoclub, refunded' });
      expect(await states()).toMatchObject({ '2026-100002': 'paid', '2026-100003': 'paid' });
      expect((await review()).map((r) => r[0])).toEqual(['over-payment', 'already-paid', 'currency-mismatch']);
      const audit = (await office.get('/admin/audit?limit=50')).body as Array<{ action: string }>;
      expect(audit.filter((a) => a.action === 'resolve-bank-credit')).toHaveLength(3);
      expect(audit.filter((a) => a.action === 'import-bank-statement')).toHaveLength(2);
    });

    it('refuses files that are not a camt.053 statement of our account, by name, and writes nothing', async () => {
      const notCamt = await importXml(fixture('not-a-statement.pain001.xml'));
      expect([notCamt.status, notCamt.body.code]).toEqual([400, 'statement-not-camt053']);
      expect(notCamt.body.message).toContain('pain.001.001.03');
      const notXml = await office.post('/admin/bank/statements', 'Datum;Bedrag;Omschrijving\n2026-04-01;205,70;RF372026100001\n', 'text/xml');
      expect([notXml.status, notXml.body.code]).toEqual([400, 'statement-not-xml']);
      const broken = await importXml(day1.replace('</Stmt>', ''));
      expect([broken.status, broken.body.code]).toEqual([400, 'statement-not-xml']);
      expect(broken.body.message).toMatch(/line \d+/);
      const other = await importXml(day1.replace('NL91ABNA0417164300', 'NL20INGB0001234567').replace('0417164300-2026-04-01', 'other-1'));
      expect([other.status, other.body.code]).toEqual([400, 'statement-other-account']);
      const badAmount = await importXml(day1.replace('0417164300-2026-04-01', 'bad-1').replace('<Amt Ccy="EUR">50.00</Amt>', '<Amt Ccy="EUR">50,00</Amt>'));
      expect([badAmount.status, badAmount.body.code]).toEqual([400, 'statement-invalid']);
      expect(badAmount.body.message).toContain('entry 4');
      // All or nothing: the refused statement left no credit behind.
      expect((await review()).length).toBe(3);
      expect((await importXml(day1, dealer)).status).toBe(403);
      expect((await dealer.get('/admin/bank/review')).status).toBe(403);
    });

    it('an invoice issued at sign-up carries the RF reference of its number, and a statement paying it marks it paid', async () => {
      const org = organisationDoc({ status: 'pending-validation' });
      await dealer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
      await dealer.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: { id: crypto.randomUUID(), organisationId: org.id, kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf', updatedAt: 'x', _deleted: false } }]);
      expect((await office.post(`/admin/organisations/${String(org.id)}/validate`, {})).status).toBe(200);
      await dealer.push('registrations', [{ assumedMasterState: null, newDocumentState: registrationDoc(String(org.id)) }]);
      const m = membershipDoc(String(org.id), 'tier-silver', { paymentMethod: 'bank-transfer' });
      expect((await dealer.push('memberships', [{ assumedMasterState: null, newDocumentState: m }])).status).toBe(200);
      const inv = (await pullAll(dealer, 'invoices')).find((i) => i.membershipId === m.id)!;
      const ref = String(inv.paymentReference);
      expect(ref).toBe(creditorReference(String(inv.number)));
      expect(validateCreditorReference(ref).valid).toBe(true);
      const amount = (Number(inv.totalCents) / 100).toFixed(2);
      const xml = day1
        .replace('0417164300-2026-04-01', 'signup-1')
        .replace(/0401A/g, '0405S')
        .replace('RF372026100001', ref)
        .replace(/<Amt Ccy="EUR">205.70<\/Amt>/g, `<Amt Ccy="EUR">${amount}</Amt>`);
      const r = await importXml(xml);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect((r.body as StatementImport).paidInvoices).toContain(inv.number);
      expect((await pullAll(dealer, 'invoices')).find((i) => i.id === inv.id)!.status).toBe('paid');
    });
  });
}
