import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, updatedAtField, dateField } from './common';

/** Languages the terms are published in (the program's two languages). */
export const termsLanguages = ['nl', 'en'] as const;
export type TermsLanguage = (typeof termsLanguages)[number];

const sectionsField = {
  type: 'array',
  maxItems: 40,
  items: {
    type: 'object',
    properties: {
      heading: { type: 'string', maxLength: 200 },
      paragraphs: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 2000 } },
    },
    required: ['heading', 'paragraphs'],
    additionalProperties: false,
  },
} as const;

const textField = {
  type: 'object',
  properties: {
    title: { type: 'string', maxLength: 200 },
    sections: sectionsField,
  },
  required: ['title', 'sections'],
  additionalProperties: false,
} as const;

/**
 * One published version of the program's terms and conditions (docs/program.md#terms-and-conditions),
 * with its text in every program language. Program data served by the server; replicates down
 * only, and ships in the offline snapshot (resources/program.json `programTerms`) so sign-up works
 * offline. A version is never edited once published: a change is a new version (new `id`) with a
 * later `effectiveOn`. `version` is the short label a membership records (`termsVersion`), e.g.
 * `2026-1`; `effectiveOn` is the first day (`YYYY-MM-DD`, UTC) it applies.
 */
export const programTermsSchemaLiteral = {
  title: 'programTerms',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    version: { type: 'string', maxLength: 20 },
    effectiveOn: dateField,
    texts: {
      type: 'object',
      properties: { nl: textField, en: textField },
      required: ['nl', 'en'],
      additionalProperties: false,
    },
    updatedAt: updatedAtField,
  },
  required: ['id', 'version', 'effectiveOn', 'texts', 'updatedAt'],
  additionalProperties: false,
} as const;

export type ProgramTerms = ExtractDocumentTypeFromTypedRxJsonSchema<typeof programTermsSchemaLiteral>;
export const programTermsSchema: RxJsonSchema<ProgramTerms> = programTermsSchemaLiteral as unknown as RxJsonSchema<ProgramTerms>;
