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
 * Names of the fields an evidence document's `extracted` may hold (the `organisations` fields
 * OCR reads, plus `rsin` and `documentDate`); shared/ocr's `evidenceFieldNames` must stay within it.
 */
export const extractedFieldNames = ['name', 'legalForm', 'street', 'houseNumber', 'postcode', 'city', 'country', 'vatNumber', 'chamberNumber', 'rsin', 'documentDate'] as const;

/** Longest `value` (and `read`) of an extracted field, in UTF-16 code units. */
export const extractedValueMaxLength = 500;

/**
 * One extracted field as the server accepts it: exactly {@link extractedFieldSchema}'s keys (plus
 * `repaired` and `read`, which OCR sets when it repaired a misread identifier), every size bounded:
 * `value`/`read` at most {@link extractedValueMaxLength} characters, `page` 1..10,000, `bbox`
 * four finite coordinates within ±100,000 PDF points.
 */
export const closedExtractedFieldSchema = {
  type: 'object',
  properties: {
    value: { type: 'string', maxLength: extractedValueMaxLength },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    page: { type: 'integer', minimum: 1, maximum: 10_000 },
    bbox: { type: 'array', items: { type: 'number', minimum: -100_000, maximum: 100_000 }, minItems: 4, maxItems: 4 },
    invalid: { type: 'boolean' },
    repaired: { type: 'boolean' },
    read: { type: 'string', maxLength: extractedValueMaxLength },
  },
  required: ['value', 'confidence', 'page', 'bbox'],
  additionalProperties: false,
} as const;

/**
 * `extracted` as the server accepts it: only {@link extractedFieldNames}, each a
 * {@link closedExtractedFieldSchema}; anything else (unknown names, other keys, nesting, oversized
 * values) is refused with 400. The client's stored schema below keeps its open shape because
 * changing a stored RxDB schema needs a schema version and migration of every local database.
 */
export const closedExtractedSchema = {
  type: 'object',
  properties: Object.fromEntries(extractedFieldNames.map((n) => [n, closedExtractedFieldSchema])) as Record<(typeof extractedFieldNames)[number], typeof closedExtractedFieldSchema>,
  additionalProperties: false,
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

/** The document schema the server validates pushes with: {@link evidenceDocumentSchemaLiteral} with a closed `extracted`. */
export const evidenceDocumentPushSchema = {
  ...evidenceDocumentSchemaLiteral,
  properties: { ...evidenceDocumentSchemaLiteral.properties, extracted: closedExtractedSchema },
} as const;

export type EvidenceDocument = ExtractDocumentTypeFromTypedRxJsonSchema<typeof evidenceDocumentSchemaLiteral>;
export const evidenceDocumentSchema: RxJsonSchema<EvidenceDocument> = evidenceDocumentSchemaLiteral as unknown as RxJsonSchema<EvidenceDocument>;
