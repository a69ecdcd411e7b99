/**
 * Building blocks shared by the collection schemas (docs/documents.md).
 *
 * Every replicated document carries `updatedAt` (ISO 8601, set by the server; a client writes its
 * own clock only as a placeholder until the server answers) and RxDB's own `_deleted` flag.
 */

/** Id of a document: a UUID v7 made by the client, or by the server for server-made documents. */
export const idField = { type: 'string', maxLength: 64 } as const;

/** ISO 8601 timestamp set by the server; ordered together with `id` it forms the pull checkpoint. */
export const updatedAtField = { type: 'string', maxLength: 40 } as const;

/** Id of the organisation a document belongs to (the server checks every request's right to it by this field). */
export const organisationIdField = { type: 'string', maxLength: 64 } as const;

/** Why the server gave a document its status (several lines allowed, see {@link multilineFields}); null when it needs no reason. */
export const statusReasonField = { type: ['string', 'null'], maxLength: 500 } as const;

/** ISO 8601 timestamp of the document's creation. */
export const createdAtField = { type: 'string', maxLength: 40 } as const;

/** ISO 8601 calendar date `YYYY-MM-DD`. */
export const dateField = { type: 'string', maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** ISO 4217 currency code, e.g. `EUR`. */
export const currencyField = { type: 'string', minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$' } as const;

/** ISO 3166-1 alpha-2 country code, e.g. `NL`. */
export const countryField = { type: 'string', maxLength: 2, pattern: '^([A-Z]{2})?$' } as const;

/** Names of every replicated collection, in the order the client creates them. */
export const collectionNames = [
  'productModels',
  'programTiers',
  'programTerms',
  'organisations',
  'evidenceDocuments',
  'registrations',
  'memberships',
  'invoices',
] as const;

/** A replicated collection's name. */
export type CollectionName = (typeof collectionNames)[number];

/**
 * Text fields that may hold several lines (tab and line feed allowed; shared/text). Every other
 * string of a replicated document is one line.
 */
export const multilineFields: readonly string[] = ['statusReason'];
