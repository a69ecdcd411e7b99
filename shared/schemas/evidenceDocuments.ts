import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField } from './common';

/** Kinds of proof an organisation may give (DESIGN §1.1). */
export const evidenceKinds = ['vat-certificate', 'company-invoice', 'professional-licence', 'chamber-extract'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/**
 * One field read from an evidence document: `value` as read (after identifier normalisation),
 * `confidence` 0..1, 1-based `page`, `bbox` `[x0, y0, x1, y1]` in PDF points (1/72 inch, origin top
 * left of the page), and `invalid` when an identifier failed its checksum.
 */
export const extractedFieldSchema = {
  type: 'object',
  properties: {
    value: { type: 'string' },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    page: { type: 'integer', minimum: 1 },
    bbox: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 },
    invalid: { type: 'boolean' },
  },
  required: ['value', 'confidence', 'page', 'bbox'],
} as const;

/**
 * Scanned proof of identity attached to an organisation (DESIGN §6 `evidenceDocuments`).
 * The file itself is an RxDB attachment named `file`.
 */
export const evidenceDocumentSchemaLiteral = {
  title: 'evidenceDocuments',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    organisationId: { type: 'string', maxLength: 64 },
    kind: { type: 'string', enum: evidenceKinds, maxLength: 24 },
    fileName: { type: 'string', maxLength: 255 },
    mimeType: { type: 'string', maxLength: 100 },
    extracted: { type: 'object', additionalProperties: extractedFieldSchema },
    updatedAt: updatedAtField,
  },
  required: ['id', 'organisationId', 'kind', 'fileName', 'mimeType', 'updatedAt'],
  indexes: ['organisationId', ['updatedAt', 'id']],
  attachments: { encrypted: false },
  additionalProperties: false,
} as const;

export type EvidenceDocument = ExtractDocumentTypeFromTypedRxJsonSchema<typeof evidenceDocumentSchemaLiteral>;
export const evidenceDocumentSchema: RxJsonSchema<EvidenceDocument> = evidenceDocumentSchemaLiteral as unknown as RxJsonSchema<EvidenceDocument>;
