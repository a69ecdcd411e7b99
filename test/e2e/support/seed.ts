/**
 * Data a spec file puts on its server before the browser opens (not a test file): documents
 * pushed as a dealer's client pushes them (`/sync/<collection>/push`), built with the tests' one
 * set of document builders (test/support/documents.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registrationDoc } from '../../support/documents';
import { newId, type E2eServer } from './server';

/** An organisation seeded for a dealer: its id, and the dealer's bearer token and dealer id. */
export interface SeededOrganisation {
  id: string;
  token: string;
  dealerId: string | null;
}

/**
 * Pushes an organisation as `dealerEmail`'s client: a draft in the Netherlands served by that
 * dealer, with `fields` (at least a name; any default may be replaced). Only the fields given are
 * sent (an organisation from a dealer's quick entry, without address or identifiers).
 * @throws Error when the login or the push fails.
 */
export async function seedOrganisation(server: E2eServer, dealerEmail: string, fields: { name: string } & Record<string, unknown>): Promise<SeededOrganisation> {
  const { token, user } = await server.login(dealerEmail);
  const doc = { id: newId(), country: 'NL', dealerId: user.dealerId, status: 'draft', statusReason: null, legacyEmail: null, ...fields };
  await server.push(token, 'organisations', [doc]);
  return { id: doc.id as string, token, dealerId: user.dealerId };
}

/** Pushes an evidence document record (no file) of `organisationId`. */
export async function seedEvidenceDocument(server: E2eServer, token: string, organisationId: string, fileName: string, kind = 'chamber-extract'): Promise<void> {
  await server.push(token, 'evidenceDocuments', [{ id: newId(), organisationId, kind, fileName, mimeType: 'application/pdf' }]);
}

/**
 * Pushes complete registrations of `organisationId` (bought in the Netherlands on 1 May 2025 at
 * Foto Demo unless `over` says otherwise) for each `[productModelId, serialNumber]`;
 * returns the server's answers (the decided documents, in order).
 */
export async function seedRegistrations(server: E2eServer, token: string, organisationId: string, gear: Array<[productModelId: string, serialNumber: string]>, over: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const docs = gear.map(([productModelId, serialNumber]) => registrationDoc(organisationId, { id: newId(), productModelId, serialNumber, purchaseDate: '2025-05-01', ...over }));
  return server.push(token, 'registrations', docs);
}

/** SHA-256 (hex) of the file at `path` (to compare with {@link E2eServer.storedSha256}). */
export const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
