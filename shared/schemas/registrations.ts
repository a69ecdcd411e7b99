import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, countryField, organisationIdField, statusReasonField, createdAtField, sameDocument } from './common';

/** Status of a registration; everything but `draft` is set by the server (docs/program.md#product-registration). */
export const registrationStatuses = ['draft', 'incomplete', 'points-assigned', 'rejected-duplicate', 'rejected'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/**
 * A registered serial number (docs/program.md#product-registration, docs/documents.md `registrations`).
 * Client-owned: productModelId, serialNumber, purchaseDate, purchaseDateEstimated, purchaseCountry,
 * dealerName. Server-owned: status, statusReason, points (integer points), migratedFrom.
 *
 * Version history: v0 had no `purchaseDateEstimated`; v1 adds it (migration: `false`); v2 drops the
 * local `['updatedAt', 'id']` index no local query used (migration: unchanged, see `sameDocument`);
 * v3 keeps the same document and indexes, its local store drops two index entries of RxDB's Dexie
 * storage that no query of this collection uses (renderer/db/dexieStorage.ts; migration: unchanged).
 */
export const registrationSchemaLiteral = {
  title: 'registrations',
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    organisationId: organisationIdField,
    productModelId: { type: 'string', maxLength: 64 },
    serialNumber: { type: 'string', maxLength: 40 },
    purchaseDate: { type: ['string', 'null'], maxLength: 10 },
    purchaseDateEstimated: { type: 'boolean' },
    purchaseCountry: countryField,
    dealerName: { type: 'string', maxLength: 120 },
    status: { type: 'string', enum: registrationStatuses, maxLength: 20 },
    statusReason: statusReasonField,
    points: { type: 'integer', minimum: 0 },
    migratedFrom: { type: ['string', 'null'], maxLength: 254 },
    createdAt: createdAtField,
    updatedAt: updatedAtField,
  },
  required: ['id', 'organisationId', 'productModelId', 'serialNumber', 'purchaseDateEstimated', 'status', 'points', 'updatedAt'],
  indexes: ['organisationId', 'serialNumber'],
  additionalProperties: false,
} as const;

export type Registration = ExtractDocumentTypeFromTypedRxJsonSchema<typeof registrationSchemaLiteral>;
export const registrationSchema: RxJsonSchema<Registration> = registrationSchemaLiteral as unknown as RxJsonSchema<Registration>;

/** Migration strategies keyed by target version (RxDB `migrationStrategies`). */
export const registrationMigrations = {
  /** v0 → v1: `purchaseDateEstimated` did not exist; an old registration's date was given as exact. */
  1: (doc: Record<string, unknown>): Record<string, unknown> => ({ ...doc, purchaseDateEstimated: false }),
  /** v1 → v2: only the local indexes changed. */
  2: sameDocument,
  /** v2 → v3: only the local store's index set changed (renderer/db/dexieStorage.ts). */
  3: sameDocument,
};

