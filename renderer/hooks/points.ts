/**
 * Points of one organisation: confirmed (server-set) and provisional (local, not yet confirmed),
 * the eligible tiers and points that will lapse when announced catalog values drop. Rules from
 * shared/program; tiers from the replicated programTiers collection, never from constants.
 */
import { confirmedPoints, eligibleTiers, lapsingPoints, provisionalPoints } from '../../shared/program';
import type { Registration } from '../../shared/schemas';
import { useCatalog } from '../app/catalog';
import { todayIso } from '../app/ids';

/** Points summary of an organisation's registrations (see the module comment). */
export function usePoints(registrations: Registration[]) {
  const { byId, tiers } = useCatalog();
  const today = todayIso();
  const confirmed = confirmedPoints(registrations);
  const provisional = provisionalPoints(registrations, byId, today);
  const eligibility = eligibleTiers(confirmed, tiers);
  const lapsing = lapsingPoints(registrations, byId, today);
  return { confirmed, provisional, eligibility, lapsing, tiers };
}
