/**
 * Building the invoice documents the server issues (docs/documents.md `invoices`), as pure
 * functions: the caller draws the number (server/store/numbers.ts), picks the date and the id, and
 * stores the result; nothing here reads a database or a clock.
 * - {@link buildMembershipInvoice}: the invoice of an activated membership — one line for the
 *   membership year at the tier's annual fee, VAT by the customer's country and VAT number
 *   (shared/program/money `customerVatTreatment`, the same rule `parseInvoiceInput` checks),
 *   due after the supplier's payment term, payable with the ISO 11649 RF creditor reference of its
 *   number;
 * - {@link buildCreditNote}: the credit note that cancels an invoice in full (EN 16931 type code 381,
 *   positive amounts, BT-25/BT-26 naming the preceding invoice; docs/program.md#changing-tier).
 * Imports only shared/program and shared/identifiers (no pdf-lib: the server loads this file alone).
 */
import { customerVatTreatment, dueDate, invoiceLine, invoiceTotals, type InvoiceLine } from '../program/money';
import { creditorReference } from '../identifiers/creditorReference';

/** What a membership invoice needs of the program's supplier: country (ISO 3166-1 alpha-2), domestic VAT rate in percent, payment term in days. */
export interface InvoiceSupplierTerms {
  country: string;
  vatRate: number;
  paymentTermDays: number;
}

/** The input of {@link buildMembershipInvoice}. Dates are `YYYY-MM-DD`, amounts integer cents of `tier.currency`. */
export interface MembershipInvoiceInput {
  /** The new document's id (a UUID). */
  id: string;
  /** The invoice number drawn for it: `YYYY-NNNNNN`. */
  number: string;
  issueDate: string;
  /** The activated membership document: `id`, `validFrom`/`validTo` (the invoiced period), `paymentMethod`, `purchaseOrderNumber`. */
  membership: Record<string, unknown>;
  /** The organisation invoiced: its id, country and VAT number (reverse charge when valid in another member state). */
  organisation: { id: string; country: string; vatNumber: string };
  /** The tier's annual fee and its currency (ISO 4217). */
  tier: { annualFeeCents: number; currency: string };
  supplier: InvoiceSupplierTerms;
  /** The line's text in the invoice language (server/mailTexts.ts `membershipLineText`). */
  lineDescription: string;
}

/** An issued membership invoice (docs/documents.md `invoices`), before the store adds `updatedAt`. */
export type MembershipInvoice = {
  id: string;
  number: string;
  organisationId: string;
  membershipId: string;
  issueDate: string;
  dueDate: string;
  periodStart: unknown;
  periodEnd: unknown;
  currency: string;
  lines: InvoiceLine[];
  netCents: number;
  vatCents: number;
  totalCents: number;
  reverseCharge: boolean;
  paymentMethod: unknown;
  paymentReference: string;
  status: 'open';
  purchaseOrderNumber: unknown;
};

/**
 * The VAT of a membership invoice: the customer's treatment (rate, reverse charge) by its country
 * and VAT number; an empty country is the supplier's own; an unknown country is charged the
 * supplier's domestic rate (never refused: the organisation was validated by the back office).
 */
export function membershipInvoiceVat(supplier: InvoiceSupplierTerms, organisation: { country: string; vatNumber: string }): { vatRate: number; reverseCharge: boolean } {
  const country = organisation.country || supplier.country;
  try {
    const t = customerVatTreatment(supplier, { country, vatNumber: organisation.vatNumber });
    return { vatRate: t.vatRate, reverseCharge: t.reverseCharge };
  } catch {
    // Unknown customer country: charge the supplier's domestic rate.
    return { vatRate: supplier.vatRate, reverseCharge: false };
  }
}

/**
 * The invoice of an activated membership (see module doc): status `open`, due `issueDate` +
 * `supplier.paymentTermDays`, period = the membership's validity, one line of quantity 1.
 * @throws Error from shared/program/money when the fee is not whole cents.
 */
export function buildMembershipInvoice(input: MembershipInvoiceInput): MembershipInvoice {
  const { membership, organisation, tier, supplier } = input;
  const vat = membershipInvoiceVat(supplier, organisation);
  const line = invoiceLine({ description: input.lineDescription, quantity: 1, unitPriceCents: tier.annualFeeCents, vatRate: vat.vatRate });
  const totals = invoiceTotals([line]);
  return {
    id: input.id,
    number: input.number,
    organisationId: organisation.id,
    membershipId: String(membership.id),
    issueDate: input.issueDate,
    dueDate: dueDate(input.issueDate, supplier.paymentTermDays),
    periodStart: membership.validFrom ?? null,
    periodEnd: membership.validTo ?? null,
    currency: tier.currency,
    lines: [line],
    netCents: totals.netCents,
    vatCents: totals.vatCents,
    totalCents: totals.totalCents,
    reverseCharge: vat.reverseCharge,
    paymentMethod: membership.paymentMethod,
    // ISO 11649 RF creditor reference of the invoice number: printed on the invoice, carried by
    // its EPC QR code, and matched when the bank statement is imported (server/payments/bank).
    paymentReference: creditorReference(input.number),
    status: 'open',
    purchaseOrderNumber: membership.purchaseOrderNumber ?? null,
  };
}

/**
 * The credit note cancelling `invoice` (the stored invoice's data; `invoiceId` its id) in full,
 * issued on `issueDate` with `number` (`CN-YYYY-NNNNNN`): the same lines, amounts, VAT treatment,
 * period and purchase order; `refund-due` when the invoice was paid, else `settled`; nothing is
 * payable on it, so its due date is its issue date and it has no payment reference.
 */
export function buildCreditNote(invoice: Record<string, unknown>, invoiceId: string, note: { id: string; number: string; issueDate: string }): Record<string, unknown> {
  return {
    id: note.id,
    number: note.number,
    organisationId: invoice.organisationId,
    membershipId: invoice.membershipId,
    issueDate: note.issueDate,
    // Nothing is payable on a credit note; the schema's due date is its issue date.
    dueDate: note.issueDate,
    periodStart: invoice.periodStart ?? null,
    periodEnd: invoice.periodEnd ?? null,
    currency: invoice.currency,
    lines: invoice.lines,
    netCents: invoice.netCents,
    vatCents: invoice.vatCents,
    totalCents: invoice.totalCents,
    reverseCharge: invoice.reverseCharge ?? false,
    paymentMethod: invoice.paymentMethod,
    paymentReference: null,
    status: invoice.status === 'paid' ? 'refund-due' : 'settled',
    purchaseOrderNumber: invoice.purchaseOrderNumber ?? null,
    documentType: 'credit-note',
    precedingInvoiceId: invoiceId,
    precedingInvoiceNumber: invoice.number,
    precedingInvoiceIssueDate: invoice.issueDate,
  };
}
