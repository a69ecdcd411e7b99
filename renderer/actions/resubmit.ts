/**
 * Submitting a rejected business account again (docs/program.md#business-account): the corrected
 * details and `status: 'pending-validation'` in one local write. Sync pushes it; the server takes
 * it as a resubmission of the same organisation (server/authority/organisations.ts) and the back
 * office sees it in the queue again. A new scan is attached beforehand through the evidence list
 * (the evidence document's file is replaced and uploads on its own, renderer/sync/uploads.ts).
 */
import type { Organisation } from '../../shared/schemas';
import { nowIso } from '../app/ids';
import type { DeskDatabase } from '../db/database';

/** The client-owned details a correction sets (trimmed, identifiers normalised by the form). */
export type OrganisationCorrectionFields = Pick<Organisation, 'name' | 'legalForm' | 'street' | 'houseNumber' | 'postcode' | 'city' | 'country' | 'vatNumber' | 'chamberNumber' | 'email' | 'legacyEmail'>;

/**
 * Writes the correction and the request to validate again. Does nothing when the account is no
 * longer rejected (already submitted again, or decided meanwhile).
 * @returns true when it was written. @throws Error when the organisation is not in the local database.
 */
export async function resubmitBusinessAccount(db: DeskDatabase, organisationId: string, fields: OrganisationCorrectionFields): Promise<boolean> {
  const org = await db.organisations.findOne(organisationId).exec();
  if (!org) throw new Error(`organisation ${organisationId} is not on this computer`);
  if (org.status !== 'rejected') return false;
  await org.incrementalPatch({ ...fields, status: 'pending-validation', updatedAt: nowIso() });
  return true;
}
