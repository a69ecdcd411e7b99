/**
 * Registering a customer's product (docs/program.md#product-registration): builds the
 * registration document with its server-owned fields at their defaults (status `draft`, no
 * points, not migrated) and writes it to the local replica; sync pushes it and the server decides
 * the status and points. Fixing and withdrawing one: allowed only while no points are assigned
 * (shared/program `registrationEditable`, the rule the replication's conflict handler and the
 * server apply too); later the server would answer with its own version anyway, so the app
 * refuses at once.
 */
import { normaliseSerial, organisationActions, registrationEditable } from '../../shared/program';
import type { Registration } from '../../shared/schemas';
import { newId, nowIso } from '../app/ids';
import type { DeskDatabase } from '../db/database';
import { ActionRefused } from './errors';

/** The client-owned fields of a new registration, as the counter form holds them. */
export interface RegisterProductInput {
  organisationId: string;
  productModelId: string;
  /** As typed or scanned; normalised here (shared/program `normaliseSerial`). */
  serialNumber: string;
  /** ISO date (YYYY-MM-DD); '' for none (the server then calls the registration incomplete). */
  purchaseDate: string;
  purchaseDateEstimated: boolean;
  /** ISO 3166 alpha-2. */
  purchaseCountry: string;
  /** Trimmed here. */
  dealerName: string;
}

/**
 * Writes a new `draft` registration and returns it. A registration may be saved incomplete (the
 * server says what is missing), but never without organisation, product model and serial number.
 * @throws ActionRefused with problems `organisationId` / `productModelId` / `serialNumber` when one is empty, or
 *   `organisation-rejected` for a rejected organisation (it registers no gear until submitted again); the storage's error otherwise.
 */
export async function registerProduct(db: DeskDatabase, input: RegisterProductInput): Promise<Registration> {
  const serialNumber = normaliseSerial(input.serialNumber);
  const missing = [!input.organisationId && 'organisationId', !input.productModelId && 'productModelId', !serialNumber && 'serialNumber'].filter((p): p is string => Boolean(p));
  if (missing.length > 0) throw new ActionRefused('registerProduct', missing);
  // a rejected account registers no gear until it is submitted again (shared/program/organisation.ts)
  const organisation = await db.organisations.findOne(input.organisationId).exec();
  if (organisation && !organisationActions(organisation.status).registerGear) throw new ActionRefused('registerProduct', ['organisation-rejected']);
  const now = nowIso();
  const registration: Registration = {
    id: newId(),
    organisationId: input.organisationId,
    productModelId: input.productModelId,
    serialNumber,
    purchaseDate: input.purchaseDate || null,
    purchaseDateEstimated: input.purchaseDateEstimated,
    purchaseCountry: input.purchaseCountry,
    dealerName: input.dealerName.trim(),
    status: 'draft',
    statusReason: null,
    points: 0,
    migratedFrom: null,
    createdAt: now,
    updatedAt: now,
  };
  await db.registrations.insert(registration);
  return registration;
}

/** The client-owned fields a fix sets. */
export type RegistrationFix = Pick<Registration, 'productModelId' | 'serialNumber' | 'purchaseDate' | 'purchaseDateEstimated' | 'purchaseCountry' | 'dealerName'>;

/** The registration `id`, if the client may still change it. @throws ActionRefused `not-found` / `locked` (points assigned, or rejected by the back office). */
async function editableRegistration(db: DeskDatabase, action: string, id: string) {
  const doc = await db.registrations.findOne(id).exec();
  if (!doc) throw new ActionRefused(action, ['not-found']);
  if (!registrationEditable(doc.status)) throw new ActionRefused(action, ['locked']);
  return doc;
}

/**
 * Stores `fix` on registration `id` and marks it `draft` again, awaiting the server's decision
 * (status, reason and points are the server's and come back with the next pull; until then the
 * list names what the local check finds). The serial is normalised and the dealer trimmed; an
 * empty date clears the best-guess flag with it.
 * @throws ActionRefused `not-found` / `locked`, or `productModelId` / `serialNumber` when empty — nothing is written then.
 */
export async function fixRegistration(db: DeskDatabase, id: string, fix: RegistrationFix): Promise<void> {
  const serialNumber = normaliseSerial(fix.serialNumber);
  const missing = [!fix.productModelId && 'productModelId', !serialNumber && 'serialNumber'].filter((p): p is string => Boolean(p));
  if (missing.length > 0) throw new ActionRefused('fixRegistration', missing);
  const doc = await editableRegistration(db, 'fixRegistration', id);
  await doc.incrementalPatch({
    productModelId: fix.productModelId,
    serialNumber,
    purchaseDate: fix.purchaseDate || null,
    purchaseDateEstimated: fix.purchaseDate ? fix.purchaseDateEstimated : false,
    purchaseCountry: fix.purchaseCountry,
    dealerName: (fix.dealerName ?? '').trim(),
    status: 'draft',
    statusReason: null,
    points: 0,
    updatedAt: nowIso(),
  });
}

/**
 * Withdraws (deletes) registration `id` while no points are assigned; sync pushes the deletion,
 * which frees its serial on the server (a registration the server never saw just disappears).
 * @throws ActionRefused `not-found` / `locked` — nothing is deleted then.
 */
export async function withdrawRegistration(db: DeskDatabase, id: string): Promise<void> {
  const doc = await editableRegistration(db, 'withdrawRegistration', id);
  await doc.remove();
}
