/**
 * The offline catalog snapshot (`resources/catalog.json`) and program data (`resources/program.json`)
 * loaded into a fresh local database, so a new install works with no network. Replication later
 * replaces these documents with the server's (newer `updatedAt` wins on pull; these are down-only).
 */
import type { ProductModel, ProgramTier } from '../../shared/schemas';
import type { DeskDatabase } from './database';

/** Shape of `resources/catalog.json`. */
export interface CatalogSnapshot {
  version: string;
  productModels: ProductModel[];
}

/** Shape of the `programTiers` part of `resources/program.json`. */
export interface ProgramSnapshot {
  programTiers: ProgramTier[];
}

/**
 * Inserts the snapshot's product models and tiers when the local collections are empty.
 * @returns the number of documents inserted per collection (0 when the database already had data).
 */
export async function loadSnapshotIfEmpty(
  db: DeskDatabase,
  catalog: CatalogSnapshot,
  program: ProgramSnapshot,
): Promise<{ productModels: number; programTiers: number }> {
  const result = { productModels: 0, programTiers: 0 };
  if ((await db.productModels.count().exec()) === 0) {
    const r = await db.productModels.bulkInsert(catalog.productModels);
    result.productModels = r.success.length;
  }
  if ((await db.programTiers.count().exec()) === 0) {
    const r = await db.programTiers.bulkInsert(program.programTiers);
    result.programTiers = r.success.length;
  }
  return result;
}
