/**
 * The one set of document builders of the tests (not a test file): documents as a client writes
 * them, in their replication form (`updatedAt` of the client's choosing, `_deleted: false`), with
 * every field of shared/schemas filled with valid values; `over` replaces any of them.
 * {@link localDoc} turns one into what a client inserts into its local database. Used by the
 * Node tests and by the e2e seeds alike.
 */
import { readFileSync } from 'node:fs';
import { currentTerms } from '../../shared/program/terms';
import type { ProgramTerms } from '../../shared/schemas/programTerms';
import { uid, uniqueSerial } from './ids';

// Read with fs, not imported: Playwright's loader refuses a JSON import without an import
// attribute, and the e2e seeds (e2e/support/seed.ts) build their documents here too.
const program = JSON.parse(readFileSync(new URL('../../resources/program.json', import.meta.url), 'utf8')) as { programTerms: ProgramTerms[] };

/** The terms version the shipped program data puts in force today (what the sign-up screen shows and a membership records). */
export const termsVersionInForce = currentTerms(program.programTerms, new Date().toISOString().slice(0, 10))!.version;

/** A new organisation document as the client writes it. */
export function organisationDoc(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uid('org'),
    name: 'Fotostudio Test B.V.',
    legalForm: 'B.V.',
    street: 'Damrak',
    houseNumber: '1',
    postcode: '1012 LG',
    city: 'Amsterdam',
    country: 'NL',
    vatNumber: 'NL004495445B01',
    chamberNumber: '33283281',
    email: `studio-${crypto.randomUUID().slice(0, 8)}@example.test`,
    legacyEmail: null,
    dealerId: 'dealer-demo-1',
    status: 'draft',
    statusReason: null,
    updatedAt: '2000-01-01T00:00:00.000Z',
    _deleted: false,
    ...over,
  };
}

/** A complete, valid registration of an EOS R5 (500 points) with a random 12-digit serial. */
export function registrationDoc(organisationId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uid('reg'),
    organisationId,
    productModelId: 'pm-eos-r5',
    serialNumber: uniqueSerial(),
    purchaseDate: '2025-03-01',
    purchaseDateEstimated: false,
    purchaseCountry: 'NL',
    dealerName: 'Foto Demo',
    status: 'draft',
    statusReason: null,
    points: 0,
    migratedFrom: null,
    updatedAt: '2000-01-01T00:00:00.000Z',
    _deleted: false,
    ...over,
  };
}

/** A membership request. */
export function membershipDoc(organisationId: string, tierId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uid('mem'),
    organisationId,
    tierId,
    paymentMethod: 'bank-transfer',
    purchaseOrderNumber: 'PO-1',
    termsAcceptedAt: new Date().toISOString(),
    termsVersion: termsVersionInForce,
    status: 'requested',
    statusReason: null,
    membershipNumber: null,
    validFrom: null,
    validTo: null,
    updatedAt: '2000-01-01T00:00:00.000Z',
    _deleted: false,
    ...over,
  };
}

/**
 * `doc` as a client inserts it into its local RxDB database: without the replication field
 * `_deleted`, with `createdAt` and `updatedAt` now.
 */
export function localDoc(doc: Record<string, unknown>): Record<string, unknown> {
  const { _deleted: _d, ...rest } = doc;
  const now = new Date().toISOString();
  return { ...rest, createdAt: now, updatedAt: now };
}
