/**
 * Tier eligibility (docs/program.md#tiers). Tiers, bounds and fees are program data (the
 * `programTiers` collection, seeded from resources/program.json), never constants here.
 *
 * Rules: every tier whose `minPoints` is reached is selectable — reaching a higher tier does not
 * take the lower ones away (`maxPoints` only describes the band, it does not cap selection);
 * corporate tiers are offered only from the lowest corporate minimum (2,500 points in the
 * seed), which is when the UI shows the individual/corporate toggle. Below the lowest minimum
 * (500) nothing is selectable.
 */
import type { ProgramTier } from '../schemas';

/** The tier fields eligibility needs. */
export type TierLike = Pick<ProgramTier, 'id' | 'kind' | 'minPoints'> & Partial<ProgramTier>;

/** What an organisation with some points may choose, for the sign-up screen. */
export interface TierEligibility<T extends TierLike = ProgramTier> {
  /** Selectable individual tiers, lowest minimum first. */
  individual: T[];
  /** Selectable corporate tiers, lowest minimum first (empty below the corporate minimum). */
  corporate: T[];
  /** True from the lowest corporate minimum on: show the individual/corporate toggle. */
  corporateAvailable: boolean;
  /** The not-yet-reached tier with the lowest minimum (either kind), or null at the top. */
  nextTier: T | null;
  /** `nextTier.minPoints − points`, or null when there is no next tier. */
  pointsToNextTier: number | null;
}

const byMin = <T extends TierLike>(a: T, b: T): number => a.minPoints - b.minPoints || (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'individual' ? -1 : 1);

/**
 * The tiers an organisation with `points` may choose.
 * @param points integer points (confirmed points; negative counts as none).
 * @param tiers  the program's tiers in any order; `_deleted` ones are ignored.
 * @throws RangeError when `points` is not a finite number.
 */
export function eligibleTiers<T extends TierLike = ProgramTier>(points: number, tiers: readonly T[]): TierEligibility<T> {
  if (!Number.isFinite(points)) throw new RangeError(`eligibleTiers: points must be a finite number, got ${points}`);
  const live = tiers.filter((t) => !(t as { _deleted?: boolean })._deleted).slice().sort(byMin);
  const reached = live.filter((t) => t.minPoints <= points);
  const individual = reached.filter((t) => t.kind === 'individual');
  const corporate = reached.filter((t) => t.kind === 'corporate');
  const nextTier = live.find((t) => t.minPoints > points) ?? null;
  return {
    individual,
    corporate,
    corporateAvailable: corporate.length > 0,
    nextTier,
    pointsToNextTier: nextTier ? nextTier.minPoints - points : null,
  };
}

/**
 * The tier whose band [minPoints, maxPoints] contains `points` for the given kind (the highest
 * one reached when bands overlap or have gaps), or null when none is reached. For labels such as
 * "your level: Gold"; selection uses `eligibleTiers`.
 */
export function tierForPoints<T extends TierLike>(points: number, tiers: readonly T[], kind: ProgramTier['kind'] = 'individual'): T | null {
  const reached = tiers.filter((t) => t.kind === kind && t.minPoints <= points).sort(byMin);
  return reached[reached.length - 1] ?? null;
}

/**
 * True when `tierId` is selectable with `points` (what the server checks on a membership request).
 */
export function isTierSelectable(points: number, tierId: string, tiers: readonly TierLike[]): boolean {
  const e = eligibleTiers(points, tiers);
  return [...e.individual, ...e.corporate].some((t) => t.id === tierId);
}
