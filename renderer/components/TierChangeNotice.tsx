/**
 * What signing up for a tier will do to the organisation's current membership, said before the
 * user confirms (docs/program.md#changing-tier): the same rule the server applies
 * (shared/program `decideTierChange`), so a change within 14 days is announced as a replacement
 * with a credit note, and a sign-up the server would refuse is explained instead of sent.
 */
import { useTranslation } from 'react-i18next';
import { decideTierChange, type TierChangeDecision } from '../../shared/program';
import type { Membership, ProgramTier } from '../../shared/schemas';
import { useDates } from '../app/dates';

/** Today as the server's rules see it: the UTC calendar date `YYYY-MM-DD`. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The tier-change decision for signing up `organisation`'s memberships to `tierId` today, or null
 * when no tier is picked. Requests still awaiting the server are not memberships yet.
 */
export function tierChangeFor(memberships: readonly Membership[], tierId: string | null): TierChangeDecision | null {
  if (!tierId) return null;
  return decideTierChange(
    memberships.filter((m) => m.status !== 'requested'),
    tierId,
    todayUtc(),
  );
}

/** The notice for `decision` (nothing for a plain first sign-up or renewal). */
export function TierChangeNotice({ decision, tiers, newTier }: { decision: TierChangeDecision | null; tiers: readonly ProgramTier[]; newTier: ProgramTier | null }) {
  const { t } = useTranslation();
  const { date } = useDates(); // the program's one date format per language
  if (!decision || decision.kind === 'start') return null;
  const current = decision.kind === 'replace' ? decision.replaced : decision.current;
  const tier = tiers.find((x) => x.id === current.tierId)?.name ?? current.tierId;
  if (decision.kind === 'replace')
    return (
      <p className="notice" data-testid="tier-change-notice" data-kind="replace">
        {t('tierChange.willReplace', { tier, newTier: newTier?.name ?? '' })}
      </p>
    );
  return (
    <p className="error-text" data-testid="tier-change-notice" data-kind={decision.code}>
      {decision.code === 'tier-already-held'
        ? t('tierChange.alreadyHeld', { tier, date: date(decision.validTo) })
        : t('tierChange.windowPassed', { tier, date: date(decision.lastChangeDay), startsFrom: date(decision.startsFrom) })}
    </p>
  );
}
