import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, organisationIdField, statusReasonField, createdAtField } from './common';

/**
 * `replaced`: ended early by a membership of another tier within the tier-change window
 * (docs/program.md#changing-tier); its validity ends on `replacedOn` and its invoice is credited.
 */
export const membershipStatuses = ['requested', 'active', 'rejected', 'expired', 'replaced'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];
export const paymentMethods = ['card', 'bank-transfer'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
/**
 * The card's zero-amount authorisation on the payment provider's hosted page (card sign-ups only):
 * `pending` until the provider confirms, `authorised` (the card is saved for the due-date charge),
 * `declined` (the provider's reason in `cardAuthorisationReason`), `abandoned` (the hosted page was
 * left or expired). Null for bank transfer.
 */
export const cardAuthorisationStates = ['pending', 'authorised', 'declined', 'abandoned'] as const;
export type CardAuthorisationState = (typeof cardAuthorisationStates)[number];

/**
 * A paid membership (subscription) of an organisation (docs/program.md#sign-up-and-payment, docs/documents.md `memberships`).
 * Client-owned until the server acts: tierId, paymentMethod, purchaseOrderNumber, termsAcceptedAt,
 * termsVersion (the `programTerms` version the customer accepted; the server activates only a
 * membership that accepted the version in force, docs/program.md#terms-and-conditions).
 * Server-owned: status, statusReason, membershipNumber (9 digits), validFrom, validTo,
 * replacedByMembershipId, replacedByTierId, replacedOn, cardAuthorisation, cardAuthorisationReason
 * (the provider's words for a decline).
 *
 * Version history: v0 had none of the following; v1 adds `termsVersion` (null: the version an old
 * membership accepted is unknown), the `replaced` status with `replacedByMembershipId`,
 * `replacedByTierId` and `replacedOn` (`YYYY-MM-DD`), and `cardAuthorisation` /
 * `cardAuthorisationReason` (null: nothing authorised yet).
 */
export const membershipSchemaLiteral = {
  title: 'memberships',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    organisationId: organisationIdField,
    tierId: { type: 'string', maxLength: 64 },
    paymentMethod: { type: 'string', enum: paymentMethods, maxLength: 16 },
    purchaseOrderNumber: { type: ['string', 'null'], maxLength: 60 },
    termsAcceptedAt: { type: 'string', maxLength: 40 },
    termsVersion: { type: ['string', 'null'], maxLength: 20 },
    status: { type: 'string', enum: membershipStatuses, maxLength: 12 },
    statusReason: statusReasonField,
    membershipNumber: { type: ['string', 'null'], maxLength: 9 },
    validFrom: { type: ['string', 'null'], maxLength: 10 },
    validTo: { type: ['string', 'null'], maxLength: 10 },
    replacedByMembershipId: { type: ['string', 'null'], maxLength: 64 },
    replacedByTierId: { type: ['string', 'null'], maxLength: 64 },
    replacedOn: { type: ['string', 'null'], maxLength: 10 },
    cardAuthorisation: { type: ['string', 'null'], enum: [...cardAuthorisationStates, null], maxLength: 12 },
    cardAuthorisationReason: { type: ['string', 'null'], maxLength: 500 },
    createdAt: createdAtField,
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
  /** v0 → v1: only additions — `termsVersion` (unknown: null), the `replaced` status and its fields, and the card authorisation fields (null: nothing was authorised yet). */
  1: (doc: Record<string, unknown>): Record<string, unknown> => ({ ...doc, termsVersion: null, cardAuthorisation: null, cardAuthorisationReason: null }),
};
