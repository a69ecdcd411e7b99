import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, dateField, sameDocument } from './common';

/**
 * Product model of the catalog (docs/documents.md `productModels`). Replicates down only.
 * `points` is the current points value (may be lowered over time); `serialPattern` is the source
 * of a regular expression a serial number of this model must match in full.
 *
 * Version history: v1 drops the local `code` and `['updatedAt', 'id']` indexes no local query used
 * (the catalog is read whole; migration: unchanged, see `sameDocument`); v2 keeps the same
 * document, its local store drops RxDB's `_meta.lwt` index entry, which only the storage's cleanup
 * used (renderer/db/dexieStorage.ts; migration: unchanged).
 */
export const productModelSchemaLiteral = {
  title: 'productModels',
  description: 'Eligible product models and their points values',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    code: { type: 'string', maxLength: 40 },
    name: { type: 'string', maxLength: 120 },
    category: {
      type: 'string',
      maxLength: 20,
      enum: ['body', 'lens', 'cine', 'speedlite', 'printer', 'accessory'],
    },
    points: { type: 'integer', minimum: 0, maximum: 100000, multipleOf: 1 },
    /** Points value after an announced catalog change, with the date it takes effect. */
    pointsFrom: {
      type: ['object', 'null'],
      properties: { points: { type: 'integer', minimum: 0 }, effectiveOn: dateField },
      required: ['points', 'effectiveOn'],
    },
    serialPattern: { type: 'string', maxLength: 200 },
    releasedOn: dateField,
    retired: { type: 'boolean' },
    updatedAt: updatedAtField,
  },
  required: ['id', 'code', 'name', 'category', 'points', 'serialPattern', 'releasedOn', 'retired', 'updatedAt'],
  indexes: [],
  additionalProperties: false,
} as const;

export type ProductModel = ExtractDocumentTypeFromTypedRxJsonSchema<typeof productModelSchemaLiteral>;
export const productModelSchema: RxJsonSchema<ProductModel> = productModelSchemaLiteral as unknown as RxJsonSchema<ProductModel>;

/** Migration strategies keyed by target version (RxDB `migrationStrategies`). */
export const productModelMigrations = {
  /** v0 → v1: only the local indexes changed. */
  1: sameDocument,
  /** v1 → v2: only the local store's index set changed (renderer/db/dexieStorage.ts). */
  2: sameDocument,
};
