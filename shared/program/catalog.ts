/** Looking up product models and their points value on a given day (docs/program.md#product-registration, docs/documents.md). */
import type { ProductModel } from '../schemas';
import { assertIsoDate } from './dates';

/** The catalog by product model id: a Map or a plain object, as the caller has it. */
export type CatalogById = ReadonlyMap<string, ProductModel> | Readonly<Record<string, ProductModel | undefined>>;

/** The product model with `id` in `catalog`, or undefined. */
export function lookupModel(catalog: CatalogById, id: string | null | undefined): ProductModel | undefined {
  if (typeof id !== 'string' || id === '') return undefined;
  if (catalog instanceof Map) return catalog.get(id);
  const rec = catalog as Readonly<Record<string, ProductModel | undefined>>;
  return Object.prototype.hasOwnProperty.call(rec, id) ? rec[id] : undefined;
}

/** Builds a `CatalogById` Map from a list of product models. */
export function catalogById(models: Iterable<ProductModel>): Map<string, ProductModel> {
  const map = new Map<string, ProductModel>();
  for (const m of models) map.set(m.id, m);
  return map;
}

/**
 * The points a product model is worth on `today` (integer points): 0 when retired; the announced
 * `pointsFrom.points` once `pointsFrom.effectiveOn` ≤ `today`; otherwise `points`.
 * Without `today`, the catalog's `points` as it stands (retired still 0).
 * @throws RangeError when `today` is given and is not a real `YYYY-MM-DD` date.
 */
export function modelPointsOn(model: ProductModel, today?: string): number {
  if (model.retired) return 0;
  if (today !== undefined) {
    assertIsoDate(today, 'modelPointsOn: today');
    const next = model.pointsFrom;
    if (next && next.effectiveOn <= today) return next.points;
  }
  return model.points;
}
