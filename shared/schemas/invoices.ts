import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, dateField, currencyField } from './common';

export const invoiceStatuses = ['open', 'paid', 'overdue'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

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
 */
export const invoiceSchemaLiteral = {
  title: 'invoices',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    number: { type: 'string', maxLength: 20 },
    organisationId: { type: 'string', maxLength: 64 },
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
    status: { type: 'string', enum: invoiceStatuses, maxLength: 8 },
    purchaseOrderNumber: { type: ['string', 'null'], maxLength: 60 },
    updatedAt: updatedAtField,
  },
  required: ['id', 'number', 'organisationId', 'membershipId', 'issueDate', 'dueDate', 'currency', 'lines', 'netCents', 'vatCents', 'totalCents', 'paymentMethod', 'status', 'updatedAt'],
  indexes: ['organisationId', 'issueDate', ['updatedAt', 'id']],
  additionalProperties: false,
} as const;

export type Invoice = ExtractDocumentTypeFromTypedRxJsonSchema<typeof invoiceSchemaLiteral>;
export const invoiceSchema: RxJsonSchema<Invoice> = invoiceSchemaLiteral as unknown as RxJsonSchema<Invoice>;
