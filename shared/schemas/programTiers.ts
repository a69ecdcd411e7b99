import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, currencyField } from './common';

/**
 * Membership tier of the program (docs/program.md#tiers, docs/documents.md `programTiers`). Program data served by the
 * server; replicates down only. `maxPoints` is null for the open-ended top tier;
 * `annualFeeCents` is the yearly fee in integer cents of `currency`.
 */
export const programTierSchemaLiteral = {
  title: 'programTiers',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', maxLength: 60 },
    kind: { type: 'string', enum: ['individual', 'corporate'], maxLength: 12 },
    minPoints: { type: 'integer', minimum: 0 },
    maxPoints: { type: ['integer', 'null'], minimum: 0 },
    annualFeeCents: { type: 'integer', minimum: 0 },
    currency: currencyField,
    updatedAt: updatedAtField,
  },
  required: ['id', 'name', 'kind', 'minPoints', 'maxPoints', 'annualFeeCents', 'currency', 'updatedAt'],
  additionalProperties: false,
} as const;

export type ProgramTier = ExtractDocumentTypeFromTypedRxJsonSchema<typeof programTierSchemaLiteral>;
export const programTierSchema: RxJsonSchema<ProgramTier> = programTierSchemaLiteral as unknown as RxJsonSchema<ProgramTier>;
