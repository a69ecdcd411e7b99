import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, organisationIdField } from './common';

/** Kinds of proof an organisation may give (docs/program.md#business-account). */
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
 * Scanned proof of identity attached to an organisation (docs/documents.md `evidenceDocuments`).
 * The file itself is an RxDB attachment named `file`; its bytes never travel in the replication but
 * upload separately (tus 1.0, `renderer/sync/uploads.ts`). `mimeType` is sniffed from the bytes
 * (`shared/ocr/sniff.ts`); `sha256` (lower-case hex) and `fileSize` (bytes) describe the attached
 * file, so the server can tell the upload of this version of the file from an older one.
 *
 * Version history: v0 had no `sha256`/`fileSize`; v1 adds them, optional (migration: unchanged —
 * the upload queue fills them in from the attachment).
 */
export const evidenceDocumentSchemaLiteral = {
  title: 'evidenceDocuments',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    organisationId: organisationIdField,
    kind: { type: 'string', enum: evidenceKinds, maxLength: 24 },
    fileName: { type: 'string', maxLength: 255 },
    mimeType: { type: 'string', maxLength: 100 },
    extracted: { type: 'object', additionalProperties: extractedFieldSchema },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', maxLength: 64 },
    fileSize: { type: 'integer', minimum: 0 },
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

/** Migration strategies keyed by target version (RxDB `migrationStrategies`). */
export const evidenceDocumentMigrations = {
  /** v0 → v1: `sha256` and `fileSize` are new and optional; the upload queue computes them from the attachment. */
  1: (doc: Record<string, unknown>): Record<string, unknown> => doc,
};

/** True for a lower-case hex SHA-256 digest (64 characters). */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
