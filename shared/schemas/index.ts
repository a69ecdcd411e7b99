/**
 * The collection schemas of the local database and the server (docs/documents.md). One file per
 * collection; the TypeScript document types are derived from the schema literals.
 */
import { productModelSchema, productModelMigrations } from './productModels';
import { programTierSchema } from './programTiers';
import { programTermsSchema } from './programTerms';
import { organisationSchema } from './organisations';
import { evidenceDocumentSchema, evidenceDocumentMigrations } from './evidenceDocuments';
import { registrationSchema, registrationMigrations } from './registrations';
import { membershipSchema, membershipMigrations } from './memberships';
import { invoiceSchema, invoiceMigrations } from './invoices';

export * from './common';
export * from './productModels';
export * from './programTiers';
export * from './programTerms';
export * from './organisations';
export * from './evidenceDocuments';
export * from './registrations';
export * from './memberships';
export * from './invoices';

/** Schema and migration strategies of every collection, keyed by collection name. */
export const collectionSchemas = {
  productModels: { schema: productModelSchema, migrationStrategies: productModelMigrations },
  programTiers: { schema: programTierSchema, migrationStrategies: {} },
  programTerms: { schema: programTermsSchema, migrationStrategies: {} },
  organisations: { schema: organisationSchema, migrationStrategies: {} },
  evidenceDocuments: { schema: evidenceDocumentSchema, migrationStrategies: evidenceDocumentMigrations },
  registrations: { schema: registrationSchema, migrationStrategies: registrationMigrations },
  memberships: { schema: membershipSchema, migrationStrategies: membershipMigrations },
  invoices: { schema: invoiceSchema, migrationStrategies: invoiceMigrations },
} as const;
