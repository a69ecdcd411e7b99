/**
 * The offline catalog snapshot (`resources/catalog.json`) and program data (`resources/program.json`)
 * loaded into a fresh local database, so a new install works with no network. Replication later
 * replaces these documents with the server's (newer `updatedAt` wins on pull; these are down-only).
 */
import type { ProductModel, ProgramTerms, ProgramTier } from '../../shared/schemas';
import type { DeskDatabase } from './database';

/** Shape of `resources/catalog.json`. */
export interface CatalogSnapshot {
  version: string;
  productModels: ProductModel[];
}

/** Shape of the `programTiers` and `programTerms` parts of `resources/program.json`. */
export interface ProgramSnapshot {
  programTiers: ProgramTier[];
  /** Terms versions shipped with the app, so sign-up shows and records them offline (docs/program.md#terms-and-conditions). */
  programTerms: ProgramTerms[];
}

/**
 * Inserts the snapshot's product models and tiers when the local collections are empty, and the
 * snapshot's terms versions the local database does not hold yet (an app update may ship a newer
 * version before the first pull).
 * @returns the number of documents inserted per collection (0 when the database already had data).
 */
export async function loadSnapshotIfEmpty(
  db: DeskDatabase,
  catalog: CatalogSnapshot,
  program: ProgramSnapshot,
): Promise<{ productModels: number; programTiers: number; programTerms: number }> {
  const result = { productModels: 0, programTiers: 0, programTerms: 0 };
  if ((await db.productModels.count().exec()) === 0) {
    const r = await db.productModels.bulkInsert(catalog.productModels);
    result.productModels = r.success.length;
  }
  if ((await db.programTiers.count().exec()) === 0) {
    const r = await db.programTiers.bulkInsert(program.programTiers);
    result.programTiers = r.success.length;
  }
  const known = new Set((await db.programTerms.find().exec()).map((d) => d.id));
  const missing = program.programTerms.filter((t) => !known.has(t.id));
  if (missing.length) result.programTerms = (await db.programTerms.bulkInsert(missing)).success.length;
  return result;
}
