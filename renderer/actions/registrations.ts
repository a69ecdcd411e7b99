/**
 * Registering a customer's product (docs/program.md#product-registration): builds the
 * registration document with its server-owned fields at their defaults (status `draft`, no
 * points, not migrated) and writes it to the local replica; sync pushes it and the server decides
 * the status and points.
 */
import { normaliseSerial } from '../../shared/program';
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
 * @throws ActionRefused with problems `organisationId` / `productModelId` / `serialNumber` when one is empty; the storage's error otherwise.
 */
export async function registerProduct(db: DeskDatabase, input: RegisterProductInput): Promise<Registration> {
  const serialNumber = normaliseSerial(input.serialNumber);
  const missing = [!input.organisationId && 'organisationId', !input.productModelId && 'productModelId', !serialNumber && 'serialNumber'].filter((p): p is string => Boolean(p));
  if (missing.length > 0) throw new ActionRefused('registerProduct', missing);
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
