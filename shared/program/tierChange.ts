/**
 * Changing tier (docs/program.md#changing-tier): what a new membership request does to the
 * organisation's current membership. Pure; the server applies the decision
 * (server/authority/tierChange.ts), the desktop uses it to say beforehand what will happen.
 *
 * The rule:
 * 1. No current membership (none active, or the active one's validity ended before today): the
 *    new membership simply starts; an ended one becomes `expired` (a renewal).
 * 2. A current membership of ANOTHER tier that started at most {@link TIER_CHANGE_WINDOW_DAYS}
 *    days ago (start day + 14 days, inclusive — the length and counting of the EU's withdrawal
 *    period, Directive 2011/83/EU art. 9(1)–(2)): the new membership REPLACES it. The replaced
 *    membership ends today with status `replaced`, its invoice is cancelled in full by a credit
 *    note (EN 16931 type 381) and the new membership is invoiced for a full year.
 * 3. A current membership of the SAME tier: refused (nothing would change but the number).
 * 4. A current membership of another tier past that window: refused; the new tier can start the
 *    day after the current membership's `validTo` (no pro-rata change mid-term).
 */
import { addDays, assertIsoDate } from './dates';

/** Days after a membership's first day in which it can still be replaced by another tier. */
export const TIER_CHANGE_WINDOW_DAYS = 14;

/** The fields of a membership this rule reads (docs/documents.md `memberships`). */
export interface TierChangeMembership {
  id: string;
  tierId: string;
  status: string;
  /** First day, `YYYY-MM-DD`; null until the server activated it. */
  validFrom?: string | null;
  /** Last day, `YYYY-MM-DD`. */
  validTo?: string | null;
}

/** What a new membership request does (see the module doc). Reasons carry a code and parameters. */
export type TierChangeDecision =
  /** Rule 1: start the new membership; `expire` are the ended memberships to mark `expired`. */
  | { kind: 'start'; expire: TierChangeMembership[] }
  /** Rule 2: replace `replaced` (its invoice is credited); `expire` as in `start`. */
  | { kind: 'replace'; replaced: TierChangeMembership; expire: TierChangeMembership[] }
  /** Rule 3: the organisation already holds this tier until `validTo`. */
  | { kind: 'refused'; code: 'tier-already-held'; current: TierChangeMembership; validTo: string }
  /** Rule 4: the window ended on `lastChangeDay`; the new tier can start on `startsFrom`. */
  | { kind: 'refused'; code: 'tier-change-window-passed'; current: TierChangeMembership; lastChangeDay: string; startsFrom: string };

/** The last day on which a membership starting `validFrom` can be replaced by another tier. */
export function lastTierChangeDay(validFrom: string, windowDays: number = TIER_CHANGE_WINDOW_DAYS): string {
  return addDays(validFrom, windowDays);
}

/**
 * Decides what a request for `newTierId` on `today` does, given the organisation's other
 * memberships (any status; the request itself must not be among them).
 * @param today `YYYY-MM-DD` (the server's UTC date).
 * @returns the decision; see {@link TierChangeDecision}.
 * @throws RangeError when `today` or an active membership's dates are not ISO dates.
 */
export function decideTierChange(
  others: readonly TierChangeMembership[],
  newTierId: string,
  today: string,
  windowDays: number = TIER_CHANGE_WINDOW_DAYS,
): TierChangeDecision {
  assertIsoDate(today, 'decideTierChange: today');
  const active = others.filter((m) => m.status === 'active' && m.validFrom);
  const expire: TierChangeMembership[] = [];
  const running: TierChangeMembership[] = [];
  for (const m of active) {
    assertIsoDate(m.validFrom, `membership ${m.id} validFrom`);
    if (m.validTo && m.validTo < today) expire.push(m);
    else running.push(m);
  }
  // The current membership: the running one that started last (normally the only one).
  const current = running.sort((a, b) => String(b.validFrom).localeCompare(String(a.validFrom)))[0];
  if (!current) return { kind: 'start', expire };
  const validTo = current.validTo ?? '';
  if (current.tierId === newTierId) return { kind: 'refused', code: 'tier-already-held', current, validTo };
  const lastChangeDay = lastTierChangeDay(current.validFrom!, windowDays);
  if (today > lastChangeDay) return { kind: 'refused', code: 'tier-change-window-passed', current, lastChangeDay, startsFrom: validTo ? addDays(validTo, 1) : lastChangeDay };
  // Older running memberships (should not exist: each replacement ends the previous) end too.
  return { kind: 'replace', replaced: current, expire: [...expire, ...running.filter((m) => m !== current)] };
}
