/**
 * Points of one organisation: confirmed (server-set) and provisional (local, not yet confirmed),
 * a progress bar to the next tier, the eligible tiers (with the individual/corporate toggle once a
 * corporate tier is reached) and points that will lapse when announced catalog values drop.
 * Rules from shared/program (confirmedPoints, provisionalPoints, eligibleTiers, lapsingPoints);
 * tiers come from the replicated programTiers collection, never from constants.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../shared/program';
import type { ProgramTier, Registration } from '../../shared/schemas';
import { useCatalog } from '../app/catalog';
import { usePoints } from '../hooks/points';

export interface PointsPanelProps {
  registrations: Registration[];
  /** When given, the eligible tiers are selectable radio buttons (sign-up). */
  selectedTierId?: string | null;
  onSelectTier?(tier: ProgramTier): void;
}

export function PointsPanel({ registrations, selectedTierId, onSelectTier }: PointsPanelProps) {
  const { t, i18n } = useTranslation();
  const { byId } = useCatalog();
  const { confirmed, provisional, eligibility, lapsing } = usePoints(registrations);
  const [kind, setKind] = useState<'individual' | 'corporate'>('individual');
  const next = eligibility.nextTier;
  const prevMin = [...eligibility.individual, ...eligibility.corporate].reduce((m, tier) => Math.max(m, tier.minPoints), 0);
  const shownKind = eligibility.corporateAvailable ? kind : 'individual';
  const tiers = shownKind === 'corporate' ? eligibility.corporate : eligibility.individual;
  const locale = i18n.language === 'nl' ? 'nl-NL' : 'en-GB';
  const n = (x: number) => x.toLocaleString(locale);

  return (
    <section className="panel points-panel" aria-labelledby="points-title">
      <h2 id="points-title">{t('points.title')}</h2>
      <dl className="points-figures">
        <div>
          <dt>{t('points.confirmed')}</dt>
          <dd data-testid="confirmed-points">{n(confirmed)}</dd>
        </div>
        <div>
          <dt>{t('points.provisional')}</dt>
          <dd data-testid="provisional-points">{n(provisional)}</dd>
        </div>
      </dl>
      {next ? (
        <div className="tier-progress">
          <label htmlFor="tier-progress">{t('points.toNext', { points: n(eligibility.pointsToNextTier ?? 0), tier: next.name })}</label>
          <progress id="tier-progress" max={next.minPoints - prevMin} value={Math.max(0, confirmed - prevMin)} />
        </div>
      ) : (
        <p>{t('points.top')}</p>
      )}
      {lapsing.length > 0 ? (
        <ul className="lapsing" aria-label={t('points.lapsingTitle')}>
          {lapsing.map((l) => (
            <li key={l.effectiveOn} className="hint warning">
              {t('points.lapsing', {
                points: n(l.points),
                date: new Date(`${l.effectiveOn}T12:00:00`).toLocaleDateString(locale),
                models: l.productModelIds.map((id) => byId.get(id)?.code ?? id).join(', '),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{t('points.eligible')}</h3>
      {eligibility.corporateAvailable ? (
        <div className="segmented" role="radiogroup" aria-label={t('points.tierKind')}>
          {(['individual', 'corporate'] as const).map((k) => (
            <label key={k} className="inline">
              <input type="radio" name="tier-kind" checked={kind === k} onChange={() => setKind(k)} /> {t(`points.kind_${k}`)}
            </label>
          ))}
        </div>
      ) : null}
      {tiers.length === 0 ? (
        <p className="hint">{t('points.noneEligible', { points: n(eligibility.nextTier?.minPoints ?? 0) })}</p>
      ) : onSelectTier ? (
        <fieldset className="tiers">
          <legend className="visually-hidden">{t('points.eligible')}</legend>
          {tiers.map((tier) => (
            <label key={tier.id} className={`tier-card${selectedTierId === tier.id ? ' selected' : ''}`}>
              <input type="radio" name="tier" value={tier.id} checked={selectedTierId === tier.id} onChange={() => onSelectTier(tier)} />
              <span className="tier-name">{tier.name}</span>
              <span className="tier-fee">{t('points.fee', { fee: formatMoney(tier.annualFeeCents, tier.currency, locale) })}</span>
            </label>
          ))}
        </fieldset>
      ) : (
        <ul className="tier-list" data-testid="eligible-tiers">
          {tiers.map((tier) => (
            <li key={tier.id}>
              <strong>{tier.name}</strong> — {t('points.fee', { fee: formatMoney(tier.annualFeeCents, tier.currency, locale) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
