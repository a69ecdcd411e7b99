/**
 * Points of registrations and organisations (docs/program.md#product-registration).
 *
 * - Confirmed points: registrations the server has given `points-assigned`, at the points the
 *   server set or, given the catalog, at the catalog's current value; duplicates
 *   (`rejected-duplicate`) and rejected ones count 0.
 * - Provisional points: what the organisation's local, not yet confirmed (`draft`, or
 *   `incomplete` and since completed) registrations would add once confirmed, at the catalog's
 *   current value; retired models count 0, and a serial already counted (confirmed, or an
 *   earlier local registration of the same model) counts 0, as the server would reject it as a
 *   duplicate.
 * - Lapsing points: announced catalog drops (`pointsFrom`) that will lower what counts now.
 */
import type { ProductModel, Registration, RegistrationStatus } from '../schemas';
import { lookupModel, modelPointsOn, type CatalogById } from './catalog';
import { checkRegistration, normaliseSerial, type RegistrationInput } from './registration';
import { assertIsoDate } from './dates';

/** The registration fields points are computed from. `_deleted` rows never count. */
export type PointsRegistration = RegistrationInput &
  Partial<Pick<Registration, 'status' | 'points'>> & { id?: string; _deleted?: boolean };

/** Statuses that never earn points. */
export const zeroPointStatuses: readonly RegistrationStatus[] = ['rejected-duplicate', 'rejected'];

/** Statuses of a registration the server has not (yet) confirmed. */
export const unconfirmedStatuses: readonly RegistrationStatus[] = ['draft', 'incomplete'];

/**
 * Points one registration is worth by the catalog (integer points): 0 when it is deleted, a
 * duplicate or rejected, when `model` is missing, is not the registration's model, or is retired;
 * else the model's value on `opts.today` (see `modelPointsOn`; without `today`, its `points`).
 * Completeness is not checked here (see `checkRegistration`).
 */
export function registrationPoints(reg: PointsRegistration, model: ProductModel | undefined, opts: { today?: string } = {}): number {
  if (reg._deleted) return 0;
  if (reg.status && zeroPointStatuses.includes(reg.status)) return 0;
  if (!model || model.id !== reg.productModelId) return 0;
  return modelPointsOn(model, opts.today);
}

/**
 * Confirmed points of an organisation: the sum over its `points-assigned`, not deleted
 * registrations (integer points, never below 0). Pass only the organisation's own registrations.
 *
 * Without `opts.catalog` each counts the `points` the server set when it confirmed it. With
 * `opts.catalog` and `opts.today`, each counts its model's value on `today` instead
 * (`modelPointsOn`: retired models 0, announced drops from their date), so that "retired models
 * and lowered values follow the catalog's current value" even before the server has
 * re-stamped old registrations; a model missing from the catalog falls back to the server's points.
 * @throws RangeError when `opts.catalog` is given without a valid `opts.today`.
 */
export function confirmedPoints(registrations: Iterable<PointsRegistration>, opts: { catalog?: CatalogById; today?: string } = {}): number {
  if (opts.catalog) assertIsoDate(opts.today, 'confirmedPoints: opts.today (required with opts.catalog)');
  let sum = 0;
  for (const r of registrations) {
    if (r._deleted || r.status !== 'points-assigned') continue;
    const model = opts.catalog ? lookupModel(opts.catalog, r.productModelId) : undefined;
    const p = model ? modelPointsOn(model, opts.today) : (r.points ?? 0);
    if (Number.isInteger(p) && p > 0) sum += p;
  }
  return sum;
}

const serialKey = (r: PointsRegistration): string => `${r.productModelId ?? ''}\u0000${normaliseSerial(r.serialNumber)}`;

/** One registration's share of the provisional points. */
export interface ProvisionalItem {
  registrationId: string | undefined;
  productModelId: string;
  points: number;
}

/**
 * Provisional points with the registrations that make them up (see `provisionalPoints`).
 * @throws RangeError when `today` is not a real `YYYY-MM-DD` date.
 */
export function provisionalItems(registrations: Iterable<PointsRegistration>, catalog: CatalogById, today: string): ProvisionalItem[] {
  assertIsoDate(today, 'provisionalPoints: today');
  const all = [...registrations].filter((r) => !r._deleted);
  const counted = new Set(all.filter((r) => r.status === 'points-assigned').map(serialKey));
  const items: ProvisionalItem[] = [];
  for (const r of all) {
    if (!r.status || !unconfirmedStatuses.includes(r.status)) continue;
    const model = lookupModel(catalog, r.productModelId);
    if (!model || !checkRegistration(r, model, { today }).complete) continue;
    const key = serialKey(r);
    if (counted.has(key)) continue;
    counted.add(key);
    items.push({ registrationId: r.id, productModelId: model.id, points: modelPointsOn(model, today) });
  }
  return items;
}

/**
 * Provisional points (integer): what the local, unconfirmed but complete registrations would add
 * at the catalog's value on `today`. Retired models add 0; a serial already confirmed or already
 * counted for the same model adds 0.
 * @param catalog product models by id; a registration whose model is not in it adds 0.
 * @throws RangeError when `today` is not a real `YYYY-MM-DD` date.
 */
export function provisionalPoints(registrations: Iterable<PointsRegistration>, catalog: CatalogById, today: string): number {
  return provisionalItems(registrations, catalog, today).reduce((s, i) => s + i.points, 0);
}

/** Points that an announced catalog change will take away on one date. */
export interface LapsingPoints {
  /** The day the lower value takes effect, `YYYY-MM-DD`. */
  effectiveOn: string;
  /** Points lost on that day (positive integer). */
  points: number;
  /** Product models whose value drops on that day. */
  productModelIds: string[];
}

/**
 * Announced value drops (`pointsFrom` with `effectiveOn` after `today` and fewer points) that
 * will lower the organisation's points: per date, the points lost over its confirmed
 * registrations (at the model's current value) and, with `opts.includeProvisional`, its
 * provisional ones. Sorted by date. Raises are not listed.
 * @throws RangeError when `today` is not a real `YYYY-MM-DD` date.
 */
export function lapsingPoints(
  registrations: Iterable<PointsRegistration>,
  catalog: CatalogById,
  today: string,
  opts: { includeProvisional?: boolean } = {},
): LapsingPoints[] {
  assertIsoDate(today, 'lapsingPoints: today');
  const all = [...registrations];
  const modelIds: string[] = all.filter((r) => !r._deleted && r.status === 'points-assigned').map((r) => r.productModelId ?? '');
  if (opts.includeProvisional) modelIds.push(...provisionalItems(all, catalog, today).map((i) => i.productModelId));
  const byDate = new Map<string, LapsingPoints>();
  for (const id of modelIds) {
    const model = lookupModel(catalog, id);
    const next = model?.pointsFrom;
    if (!model || model.retired || !next || next.effectiveOn <= today) continue;
    const lost = model.points - next.points;
    if (lost <= 0) continue;
    const entry = byDate.get(next.effectiveOn) ?? { effectiveOn: next.effectiveOn, points: 0, productModelIds: [] };
    entry.points += lost;
    if (!entry.productModelIds.includes(model.id)) entry.productModelIds.push(model.id);
    byDate.set(next.effectiveOn, entry);
  }
  return [...byDate.values()].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : 1));
}
