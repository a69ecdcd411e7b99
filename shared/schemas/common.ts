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

/**
 * Secondary indexes of the local database: only those a local query uses. Every index costs each
 * write (the Dexie storage keeps it as `[_deleted+field+id]` next to RxDB's own `[_deleted+id]`,
 * `[_meta.lwt+id]` and `_meta.lwt`, of which the desk's storage leaves out those no query of
 * registrations and product models uses, renderer/db/dexieStorage.ts), and the initial pull writes every document once
 * (docs/performance.md#local-indexes). The pull checkpoint (`updatedAt`, `id`) is the server's
 * order, not a local query: the two large collections (registrations, product models) no longer
 * index it locally; the small ones (a few documents per organisation) still do, as a schema
 * version of theirs costs a migration for little gain.
 *
 * Migration strategy of a schema version that changed the local indexes only: the document is kept
 * as it is (RxDB copies it into the new storage, with its `_meta`, so the replication's
 * checkpoints and its record of what the server has, i.e. every unsent change, stay valid).
 */
export const sameDocument = (doc: Record<string, unknown>): Record<string, unknown> => doc;

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
