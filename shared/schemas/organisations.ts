import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, countryField, statusReasonField, createdAtField } from './common';

/** Lifecycle of a business account; only the back office moves it past `pending-validation`. */
export const organisationStatuses = ['draft', 'pending-validation', 'validated', 'rejected'] as const;
export type OrganisationStatus = (typeof organisationStatuses)[number];

/**
 * Business account (docs/program.md#business-account, docs/documents.md `organisations`). Client-owned: the address and identifier
 * fields while the account is a draft or pending. Server-owned: `status`, `statusReason`.
 */
export const organisationSchemaLiteral = {
  title: 'organisations',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', maxLength: 200 },
    legalForm: { type: 'string', maxLength: 60 },
    street: { type: 'string', maxLength: 120 },
    houseNumber: { type: 'string', maxLength: 20 },
    postcode: { type: 'string', maxLength: 16 },
    city: { type: 'string', maxLength: 80 },
    country: countryField,
    vatNumber: { type: 'string', maxLength: 20 },
    chamberNumber: { type: 'string', maxLength: 20 },
    email: { type: 'string', maxLength: 254 },
    legacyEmail: { type: ['string', 'null'], maxLength: 254 },
    dealerId: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: organisationStatuses, maxLength: 20 },
    statusReason: statusReasonField,
    createdAt: createdAtField,
    updatedAt: updatedAtField,
  },
  required: ['id', 'name', 'country', 'dealerId', 'status', 'updatedAt'],
  indexes: ['name', ['updatedAt', 'id']],
  additionalProperties: false,
} as const;

export type Organisation = ExtractDocumentTypeFromTypedRxJsonSchema<typeof organisationSchemaLiteral>;
export const organisationSchema: RxJsonSchema<Organisation> = organisationSchemaLiteral as unknown as RxJsonSchema<Organisation>;
