/**
 * Local writes that fix or withdraw a registration (docs/program.md#product-registration). Both
 * land in the local database first; the replication pushes them and the server decides again.
 * Allowed only while no points are assigned (shared/program `registrationEditable`); later the
 * server would answer with its own version anyway (shared/sync/conflicts.ts), so the app refuses
 * at once instead.
 */
import { registrationEditable } from '../../shared/program/registration';
import type { Registration } from '../../shared/schemas';
import type { DeskDatabase } from '../db/database';
import { nowIso } from '../app/ids';

/** The client-owned fields a fix sets. */
export type RegistrationFix = Pick<Registration, 'productModelId' | 'serialNumber' | 'purchaseDate' | 'purchaseDateEstimated' | 'purchaseCountry' | 'dealerName'>;

/** Why a fix or withdrawal was refused locally: no such registration, or points already assigned. */
export type RegistrationEditRefusal = 'not-found' | 'locked';

/**
 * Stores `fix` on registration `id` and marks it `draft` again (awaiting the server's decision:
 * status, reason and points are the server's and come back with the next pull; until then the
 * list names what the local check finds). The best-guess flag is cleared with an empty date.
 * @returns null when stored, else why not (nothing is written then).
 */
export async function fixRegistration(db: DeskDatabase, id: string, fix: RegistrationFix): Promise<RegistrationEditRefusal | null> {
  const doc = await db.registrations.findOne(id).exec();
  if (!doc) return 'not-found';
  if (!registrationEditable(doc.status)) return 'locked';
  await doc.incrementalPatch({
    ...fix,
    purchaseDateEstimated: fix.purchaseDate ? fix.purchaseDateEstimated : false,
    status: 'draft',
    statusReason: null,
    points: 0,
    updatedAt: nowIso(),
  });
  return null;
}

/**
 * Withdraws (deletes) registration `id` while no points are assigned; the deletion is pushed and
 * frees its serial on the server.
 * @returns null when deleted, else why not (nothing is written then).
 */
export async function withdrawRegistration(db: DeskDatabase, id: string): Promise<RegistrationEditRefusal | null> {
  const doc = await db.registrations.findOne(id).exec();
  if (!doc) return 'not-found';
  if (!registrationEditable(doc.status)) return 'locked';
  await doc.remove();
  return null;
}
