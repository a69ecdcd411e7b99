import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, dateField, currencyField, organisationIdField } from './common';

/**
 * `open` / `paid` / `overdue`: an invoice awaiting or having received payment; `cancelled`: an
 * invoice cancelled in full by a credit note (docs/program.md#changing-tier). A credit note is
 * `settled` (it cancels an unpaid invoice: nothing is paid either way) or `refund-due` (the
 * cancelled invoice had been paid: the program owes the amount back).
 */
export const invoiceStatuses = ['open', 'paid', 'overdue', 'cancelled', 'settled', 'refund-due'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/**
 * What a document of the `invoices` collection is, by EN 16931 BT-3 (UNTDID 1001): `invoice`
 * (380, commercial invoice; the default when absent) or `credit-note` (381).
 */
export const invoiceDocumentTypes = ['invoice', 'credit-note'] as const;
export type InvoiceDocumentType = (typeof invoiceDocumentTypes)[number];

/** One invoice line; amounts in integer cents, `vatRate` in percent (e.g. 21). */
export const invoiceLineSchema = {
  type: 'object',
  properties: {
    description: { type: 'string', maxLength: 300 },
    quantity: { type: 'integer', minimum: 1 },
    unitPriceCents: { type: 'integer' },
    vatRate: { type: 'number', minimum: 0, maximum: 100 },
    netCents: { type: 'integer' },
    vatCents: { type: 'integer' },
  },
  required: ['description', 'quantity', 'unitPriceCents', 'vatRate', 'netCents', 'vatCents'],
} as const;

/**
 * Invoice issued by the server for a membership (docs/documents.md `invoices`); pull-only for clients.
 * `number` is the gapless per-year sequence, e.g. `2026-000123`. Amounts are integer cents.
 * A credit note (`documentType: 'credit-note'`) lives in the same collection with its own gapless
 * series (`CN-2026-000001`), positive amounts (EN 16931: a credit note's amounts are positive),
 * and the invoice it cancels in `precedingInvoice*` (BT-25, BT-26); the cancelled invoice names
 * it in `creditNoteId` / `creditNoteNumber`.
 *
 * Version history: v0 had only invoices (`open` | `paid` | `overdue`); v1 adds credit notes
 * (`documentType`, `precedingInvoice*`, `creditNote*`, statuses `cancelled`, `settled`,
 * `refund-due`). Every v0 document is a valid v1 document (migration: unchanged).
 */
export const invoiceSchemaLiteral = {
  title: 'invoices',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    number: { type: 'string', maxLength: 20 },
    organisationId: organisationIdField,
    membershipId: { type: 'string', maxLength: 64 },
    issueDate: dateField,
    dueDate: dateField,
    periodStart: { type: ['string', 'null'], maxLength: 10 },
    periodEnd: { type: ['string', 'null'], maxLength: 10 },
    currency: currencyField,
    lines: { type: 'array', items: invoiceLineSchema },
    netCents: { type: 'integer' },
    vatCents: { type: 'integer' },
    totalCents: { type: 'integer' },
    reverseCharge: { type: 'boolean' },
    paymentMethod: { type: 'string', enum: ['card', 'bank-transfer'], maxLength: 16 },
    paymentReference: { type: ['string', 'null'], maxLength: 40 },
    status: { type: 'string', enum: invoiceStatuses, maxLength: 12 },
    purchaseOrderNumber: { type: ['string', 'null'], maxLength: 60 },
    documentType: { type: 'string', enum: invoiceDocumentTypes, maxLength: 12 },
    precedingInvoiceId: { type: ['string', 'null'], maxLength: 64 },
    precedingInvoiceNumber: { type: ['string', 'null'], maxLength: 20 },
    precedingInvoiceIssueDate: { type: ['string', 'null'], maxLength: 10 },
    creditNoteId: { type: ['string', 'null'], maxLength: 64 },
    creditNoteNumber: { type: ['string', 'null'], maxLength: 20 },
    updatedAt: updatedAtField,
  },
  required: ['id', 'number', 'organisationId', 'membershipId', 'issueDate', 'dueDate', 'currency', 'lines', 'netCents', 'vatCents', 'totalCents', 'paymentMethod', 'status', 'updatedAt'],
  indexes: ['organisationId', 'issueDate', ['updatedAt', 'id']],
  additionalProperties: false,
} as const;

export type Invoice = ExtractDocumentTypeFromTypedRxJsonSchema<typeof invoiceSchemaLiteral>;
export const invoiceSchema: RxJsonSchema<Invoice> = invoiceSchemaLiteral as unknown as RxJsonSchema<Invoice>;

/** Migration strategies keyed by target version (RxDB `migrationStrategies`). */
export const invoiceMigrations = {
  /** v0 → v1: only additions (optional fields, statuses); a v0 invoice is kept as it is. */
  1: (doc: Record<string, unknown>): Record<string, unknown> => doc,
};

/** True when `doc` is a credit note (EN 16931 type 381) rather than an invoice. */
export function isCreditNote(doc: { documentType?: string | null }): boolean {
  return doc.documentType === 'credit-note';
}
