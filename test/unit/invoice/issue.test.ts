/**
 * The invoice documents the server issues, built without a database (shared/invoice/issue.ts):
 * a membership invoice's VAT by the customer's country and VAT number, its due date, period and
 * RF payment reference, and that it is a complete invoice input (parseInvoiceInput); a credit
 * note copies the amounts, names the invoice and is `refund-due` only for a paid invoice.
 */
import { describe, expect, it } from 'vitest';
import { buildCreditNote, buildMembershipInvoice, membershipInvoiceVat, type MembershipInvoiceInput } from '../../../shared/invoice/issue';
import { parseInvoiceInput } from '../../../shared/invoice';
import { customers, program } from './helpers';

const supplier = program.supplier;

function input(over: Partial<MembershipInvoiceInput> = {}): MembershipInvoiceInput {
  return {
    id: 'inv-1',
    number: '2026-000042',
    issueDate: '2026-03-01',
    membership: { id: 'mem-1', validFrom: '2026-03-01', validTo: '2027-02-28', paymentMethod: 'bank-transfer', purchaseOrderNumber: 'PO-7' },
    organisation: { id: 'org-1', country: 'NL', vatNumber: '' },
    tier: { annualFeeCents: 49_900, currency: 'EUR' },
    supplier,
    lineDescription: 'CPS Gold membership 1 Mar 2026 – 28 Feb 2027 (membership number 100000009)',
    ...over,
  };
}

describe('buildMembershipInvoice', () => {
  it('charges a Dutch customer the supplier rate, due after the payment term, with the RF reference of its number', () => {
    const inv = buildMembershipInvoice(input());
    expect(supplier.country).toBe('NL');
    expect(inv).toMatchObject({
      id: 'inv-1',
      number: '2026-000042',
      organisationId: 'org-1',
      membershipId: 'mem-1',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      periodStart: '2026-03-01',
      periodEnd: '2027-02-28',
      currency: 'EUR',
      netCents: 49_900,
      vatCents: 10_479,
      totalCents: 60_379,
      reverseCharge: false,
      paymentMethod: 'bank-transfer',
      paymentReference: 'RF022026000042',
      status: 'open',
      purchaseOrderNumber: 'PO-7',
    });
    expect(inv.lines).toEqual([{ description: input().lineDescription, quantity: 1, unitPriceCents: 49_900, vatRate: 21, netCents: 49_900, vatCents: 10_479 }]);
  });

  it('reverse-charges a business in another member state with a valid VAT number, and is a complete invoice input', () => {
    const dk = customers[0]!;
    const inv = buildMembershipInvoice(input({ organisation: { id: 'org-dk', country: dk.country, vatNumber: dk.vatNumber } }));
    expect(inv).toMatchObject({ reverseCharge: true, vatCents: 0, totalCents: 49_900 });
    expect(inv.lines[0]!.vatRate).toBe(0);
    const parsed = parseInvoiceInput({ invoice: inv, organisation: { id: 'org-dk', ...dk }, supplier });
    expect(parsed.invoice.reverseCharge).toBe(true);
  });

  it('takes the supplier rate without a valid VAT number, for an empty country, and for a country code it cannot read', () => {
    expect(membershipInvoiceVat(supplier, { country: 'BE', vatNumber: 'BE0000000000' })).toEqual({ vatRate: 21, reverseCharge: false });
    expect(membershipInvoiceVat(supplier, { country: '', vatNumber: '' })).toEqual({ vatRate: 21, reverseCharge: false });
    expect(membershipInvoiceVat(supplier, { country: 'NLD', vatNumber: '' })).toEqual({ vatRate: 21, reverseCharge: false });
    expect(membershipInvoiceVat(supplier, { country: 'CH', vatNumber: '' })).toEqual({ vatRate: 0, reverseCharge: false });
  });
});

describe('buildCreditNote', () => {
  it('cancels the invoice in full, names it, and is refund-due only when the invoice was paid', () => {
    const inv = buildMembershipInvoice(input());
    const note = buildCreditNote(inv, inv.id, { id: 'cn-1', number: 'CN-2026-000001', issueDate: '2026-03-05' });
    expect(note).toMatchObject({
      id: 'cn-1',
      number: 'CN-2026-000001',
      documentType: 'credit-note',
      issueDate: '2026-03-05',
      dueDate: '2026-03-05',
      lines: inv.lines,
      netCents: inv.netCents,
      vatCents: inv.vatCents,
      totalCents: inv.totalCents,
      paymentReference: null,
      status: 'settled',
      precedingInvoiceId: 'inv-1',
      precedingInvoiceNumber: '2026-000042',
      precedingInvoiceIssueDate: '2026-03-01',
    });
    expect(buildCreditNote({ ...inv, status: 'paid' }, inv.id, { id: 'cn-2', number: 'CN-2026-000002', issueDate: '2026-03-05' }).status).toBe('refund-due');
  });
});
