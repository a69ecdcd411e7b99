/**
 * Credit notes (EN 16931 type 381, docs/program.md#changing-tier) through the same renderer as
 * invoices: the embedded Factur-X XML says 381, references the cancelled invoice (BG-3: BT-25,
 * BT-26), carries positive amounts and no payment means or due date, and is valid against the
 * Factur-X 1.09 EN 16931 XSD (xmllint); the visible PDF says "Credit note"/"Creditnota" and
 * names the invoice; an input without the invoice it cancels is refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8 } from 'fflate';
import { InvoiceInputError, parseInvoiceInput, renderInvoicePdf, type InvoiceInput } from '../../../shared/invoice';
import { assets, customers, hasXmllint, makeInput, readPdf, xmllintFacturX } from './helpers';

const createdAt = new Date('2026-03-05T09:30:00Z');

/** A credit note cancelling `makeInput`'s invoice 2026-000042 of 2026-03-01. */
function creditNoteOf(invoice: InvoiceInput, status: 'settled' | 'refund-due' = 'settled'): InvoiceInput {
  return parseInvoiceInput({
    ...invoice,
    invoice: {
      ...invoice.invoice,
      number: 'CN-2026-000007',
      issueDate: '2026-03-05',
      dueDate: '2026-03-05',
      status,
      paymentReference: null,
      documentType: 'credit-note',
      precedingInvoiceNumber: invoice.invoice.number,
      precedingInvoiceIssueDate: invoice.invoice.issueDate,
    },
  });
}

/** Text of the first element named `tag` (qualified name) under `root`. */
function first(root: Element, tag: string): string | null {
  const found = root.getElementsByTagName(tag);
  return found.length ? (found[0]!.textContent ?? '') : null;
}

describe('credit note PDF with Factur-X', () => {
  const invoices: Array<[string, InvoiceInput]> = [
    ['domestic NL, bank transfer', makeInput({ name: 'Fotostudio De Lichtkamer', legalForm: 'B.V.', street: 'Prinsengracht', houseNumber: '263', postcode: '1016 GV', city: 'Amsterdam', country: 'NL', vatNumber: 'NL123456782B01' }, { feeCents: 30000, tier: 'Platinum' })],
    ['reverse charge DK, card', makeInput(customers[0]!, { reverseCharge: true, method: 'card', feeCents: 30000 })],
  ];

  for (const [name, invoice] of invoices) {
    it(`is type 381, references the invoice and carries its amounts: ${name}`, async () => {
      const input = creditNoteOf(invoice);
      for (const lang of ['nl', 'en'] as const) {
        const r = await renderInvoicePdf(input, { lang, ...assets, createdAt });
        const read = await readPdf(r.bytes);
        const files = Object.values(read.attachments);
        expect(files.map((f) => f.filename)).toEqual(['factur-x.xml']);
        const xml = strFromU8(files[0]!.content);
        expect(xml).toBe(r.xml);
        const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Element;
        const doc = root.getElementsByTagName('rsm:ExchangedDocument')[0]!;
        expect(first(doc, 'ram:ID')).toBe('CN-2026-000007'); // BT-1
        expect(first(doc, 'ram:TypeCode')).toBe('381'); // BT-3
        const ref = root.getElementsByTagName('ram:InvoiceReferencedDocument');
        expect(ref).toHaveLength(1);
        expect(first(ref[0]!, 'ram:IssuerAssignedID')).toBe('2026-000042'); // BT-25
        expect(first(ref[0]!, 'qdt:DateTimeString')).toBe('20260301'); // BT-26
        // Positive amounts equal to the cancelled invoice's (a credit note is not a negative invoice).
        const sum = root.getElementsByTagName('ram:SpecifiedTradeSettlementHeaderMonetarySummation')[0]!;
        expect(Math.round(Number(first(sum, 'ram:GrandTotalAmount')) * 100)).toBe(invoice.invoice.totalCents);
        expect(Math.round(Number(first(sum, 'ram:DuePayableAmount')) * 100)).toBe(invoice.invoice.totalCents);
        // Nothing to pay on it: no payment means, no due date, no payment reference; BT-20 says why.
        expect(root.getElementsByTagName('ram:SpecifiedTradeSettlementPaymentMeans')).toHaveLength(0);
        expect(root.getElementsByTagName('ram:DueDateDateTime')).toHaveLength(0);
        expect(root.getElementsByTagName('ram:PaymentReference')).toHaveLength(0);
        expect(first(root.getElementsByTagName('ram:SpecifiedTradePaymentTerms')[0]!, 'ram:Description')).toContain('2026-000042');
        // The visible document.
        const text = read.text.replace(/[\s\u00a0]+/g, ' ');
        expect(text).toContain(lang === 'nl' ? 'CREDITNOTA' : 'CREDIT NOTE');
        expect(text).toContain(lang === 'nl' ? 'Crediteert factuur' : 'Credits invoice');
        expect(text).toContain('2026-000042');
        expect(text).not.toContain(lang === 'nl' ? 'FACTUUR' : 'INVOICE');
        expect(text).not.toContain(lang === 'nl' ? 'Betalingskenmerk' : 'Payment reference');
        expect(text).not.toContain(lang === 'nl' ? 'Vervaldatum' : 'Due date');
        expect(read.info.Title).toBe(`${lang === 'nl' ? 'Creditnota' : 'Credit note'} CN-2026-000007`);
      }
    });
  }

  it('says a paid invoice is refunded', async () => {
    const r = await renderInvoicePdf(creditNoteOf(invoices[0]![1], 'refund-due'), { lang: 'en', ...assets, createdAt });
    const text = (await readPdf(r.bytes)).text.replace(/[\s\u00a0]+/g, ' ');
    expect(text).toContain('will be refunded');
    expect(r.xml).toContain('the amount paid is refunded');
  });

  it.skipIf(!hasXmllint)('validates against the Factur-X 1.09 EN 16931 XSD (xmllint)', async () => {
    for (const [name, invoice] of invoices)
      for (const lang of ['nl', 'en'] as const) {
        const { xml } = await renderInvoicePdf(creditNoteOf(invoice), { lang, ...assets, createdAt });
        const result = xmllintFacturX(xml!);
        expect(result.ok, `${name} (${lang}): ${result.output}`).toBe(true);
        // The check can fail: the reference placed before the totals breaks the schema's order.
        const misplaced = xml!.replace(/(<ram:InvoiceReferencedDocument>.*<\/ram:InvoiceReferencedDocument>)/s, '').replace('<ram:SpecifiedTradeSettlementHeaderMonetarySummation>', (m) => /<ram:InvoiceReferencedDocument>.*<\/ram:InvoiceReferencedDocument>/s.exec(xml!)![0] + m);
        expect(xmllintFacturX(misplaced).ok).toBe(false);
      }
  });
  if (!hasXmllint) console.warn('creditNote.test: xmllint not installed (Debian libxml2-utils); XSD validation skipped');

  it('refuses a credit note that does not name the invoice it cancels', () => {
    const invoice = invoices[0]![1];
    const bad = { ...invoice, invoice: { ...invoice.invoice, number: 'CN-2026-000008', documentType: 'credit-note', precedingInvoiceNumber: null, precedingInvoiceIssueDate: null } };
    expect(() => parseInvoiceInput(bad)).toThrow(InvoiceInputError);
    try {
      parseInvoiceInput(bad);
    } catch (e) {
      expect((e as InvoiceInputError).field).toBe('invoice.precedingInvoiceNumber');
    }
    const late = { ...invoice, invoice: { ...invoice.invoice, documentType: 'credit-note', precedingInvoiceNumber: '2026-000042', precedingInvoiceIssueDate: '2026-04-01' } };
    expect(() => parseInvoiceInput(late)).toThrow(/precedingInvoiceIssueDate/);
  });
});
