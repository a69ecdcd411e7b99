import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField } from './common';

export const membershipStatuses = ['requested', 'active', 'rejected', 'expired'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];
export const paymentMethods = ['card', 'bank-transfer'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/**
 * A paid membership (subscription) of an organisation (docs/program.md#sign-up-and-payment, docs/documents.md `memberships`).
 * Client-owned until the server acts: tierId, paymentMethod, purchaseOrderNumber, termsAcceptedAt,
 * termsVersion (the `programTerms` version the customer accepted; the server activates only a
 * membership that accepted the version in force, docs/program.md#terms-and-conditions).
 * Server-owned: status, statusReason, membershipNumber (9 digits), validFrom, validTo.
 *
 * Version history: v0 had no `termsVersion`; v1 adds it (migration: `null`, the version is unknown).
 */
export const membershipSchemaLiteral = {
  title: 'memberships',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    organisationId: { type: 'string', maxLength: 64 },
    tierId: { type: 'string', maxLength: 64 },
    paymentMethod: { type: 'string', enum: paymentMethods, maxLength: 16 },
    purchaseOrderNumber: { type: ['string', 'null'], maxLength: 60 },
    termsAcceptedAt: { type: 'string', maxLength: 40 },
    termsVersion: { type: ['string', 'null'], maxLength: 20 },
    status: { type: 'string', enum: membershipStatuses, maxLength: 12 },
    statusReason: { type: ['string', 'null'], maxLength: 500 },
    membershipNumber: { type: ['string', 'null'], maxLength: 9 },
    validFrom: { type: ['string', 'null'], maxLength: 10 },
    validTo: { type: ['string', 'null'], maxLength: 10 },
    createdAt: { type: 'string', maxLength: 40 },
    updatedAt: updatedAtField,
  },
  required: ['id', 'organisationId', 'tierId', 'paymentMethod', 'termsAcceptedAt', 'status', 'updatedAt'],
  indexes: ['organisationId', ['updatedAt', 'id']],
  additionalProperties: false,
} as const;

export type Membership = ExtractDocumentTypeFromTypedRxJsonSchema<typeof membershipSchemaLiteral>;
export const membershipSchema: RxJsonSchema<Membership> = membershipSchemaLiteral as unknown as RxJsonSchema<Membership>;


/** Migration strategies keyed by target version (RxDB `migrationStrategies`). */
export const membershipMigrations = {
  /** v0 → v1: `termsVersion` did not exist; which version an old membership accepted is unknown. */
  1: (doc: Record<string, unknown>): Record<string, unknown> => ({ ...doc, termsVersion: null }),
};
