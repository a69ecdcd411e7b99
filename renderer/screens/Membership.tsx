/**
 * Membership sign-up (docs/program.md#sign-up-and-payment): review the organisation, pick an eligible tier (from its
 * confirmed points), an optional purchase-order number, accept the terms, pick credit card or
 * bank transfer (wording of the program terms, docs/program.md#sign-up-and-payment), confirm. The request is written locally (`requested`) and
 * shown as awaiting the server until the server answers with the membership number and invoice;
 * the "saved; awaiting the server" message disappears as soon as the server has answered.
 * The terms shown are the version in force (TermsPanel: scrollable, printable), and the membership
 * records that version; when it is newer than the one the organisation accepted last, it says so.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkMembershipRequest, formatMoney, organisationActions, termsAcceptanceNeeded } from '../../shared/program';
import { paymentMethods, type PaymentMethod, type ProgramTier } from '../../shared/schemas';
import { cleanText } from '../../shared/text';
import { useCatalog } from '../app/catalog';
import { useActions } from '../actions';
import { hrefFor, navigate } from '../app/route';
import { MembershipList } from '../components/MembershipList';
import { OrganisationSelect } from '../components/OrganisationSelect';
import { PointsPanel } from '../components/PointsPanel';
import { useMemberships } from '../hooks/memberships';
import { useOrganisation, useSelectedOrganisation } from '../hooks/organisations';
import { usePoints } from '../hooks/points';
import { useRegistrations } from '../hooks/registrations';
import { StatusBadge } from '../components/StatusBadge';
import { TierChangeNotice, tierChangeFor } from '../components/TierChangeNotice';
import { TermsPanel } from '../components/TermsPanel';
import { useTermsInForce } from '../hooks/terms';
import { useDates } from '../app/dates';
import { ProblemList } from '../components/ProblemList';

export function MembershipScreen({ organisationId: routeId }: { organisationId: string | null }) {
  const { t, i18n } = useTranslation();
  const actions = useActions();
  const { tiers } = useCatalog();
  const [selected, setSelected] = useSelectedOrganisation();
  const organisationId = routeId ?? selected;
  useEffect(() => {
    if (routeId && routeId !== selected) setSelected(routeId);
  }, [routeId, selected, setSelected]);
  const organisation = useOrganisation(organisationId);
  const { docs: registrations } = useRegistrations(organisationId);
  const { confirmed } = usePoints(registrations);
  const memberships = useMemberships(organisationId);
  const [tier, setTier] = useState<ProgramTier | null>(null);
  const [po, setPo] = useState('');
  const [method, setMethod] = useState<PaymentMethod | null>(null);
  const [terms, setTerms] = useState(false);
  const [tried, setTried] = useState(false);
  /** The sign-up just saved here: its "awaiting the server" message shows only while it is `requested`. */
  const [queued, setQueued] = useState<{ id: string; tier: string } | null>(null);
  const locale = i18n.language === 'nl' ? 'nl-NL' : 'en-GB';
  const pending = memberships.find((m) => m.status === 'requested');
  const current = memberships.find((m) => m.status === 'active');
  const [renew, setRenew] = useState(false);
  // Sign-up needs a validated account (shared/program/organisation.ts); the form waits until then.
  const mayApply = organisation ? organisationActions(organisation.status).signUp : false;
  const showForm = mayApply && !pending && (!current || renew);
  // once the server has answered (active, rejected, …) the card says it all: the message goes
  const queuedAwaiting = queued !== null && memberships.some((m) => m.id === queued.id && m.status === 'requested');

  const { terms: termsInForce } = useTermsInForce();
  const { date: formatDay } = useDates();
  // The version the organisation accepted last: a newer one in force is accepted again (docs/program.md#terms-and-conditions).
  const lastAccepted = memberships.find((m) => m.termsVersion)?.termsVersion ?? null;
  const request = { organisationId: organisation?.id ?? '', tierId: tier?.id ?? null, paymentMethod: method, purchaseOrderNumber: po, termsAccepted: terms && termsInForce !== null, termsVersion: termsInForce?.version ?? null, confirmedPoints: confirmed };
  // Changing tier (docs/program.md#changing-tier): announced, or explained when the server would refuse it.
  const change = tierChangeFor(memberships, tier?.id ?? null);
  const problemCodes = checkMembershipRequest(request, tiers);
  if (change?.kind === 'refused' && !problemCodes.includes('tier')) problemCodes.unshift('tier');
  const problems = problemCodes.map((p) => t(`signUp.problem.${p}`));

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0 || !tier || !method || !organisation) return;
    const membership = await actions.requestMembership(request);
    setQueued({ id: membership.id, tier: tier.name });
    setTier(null);
    setTerms(false);
    setMethod(null);
    setPo('');
    setTried(false);
    setRenew(false);
  }

  return (
    <section aria-labelledby="membership-title" className="screen membership">
      <h1 id="membership-title">{t('membership.title')}</h1>
      <OrganisationSelect value={organisationId} onChange={(id) => (routeId ? navigate('membership', id) : setSelected(id))} />
      {!organisation ? (
        <p className="hint">{t('membership.placeholder')}</p>
      ) : (
        <>
          <p role="status" className="saved-message">
            {queuedAwaiting ? t('signUp.queued', { tier: queued!.tier }) : ''}
          </p>
          <MembershipList organisationId={organisation.id} />
          {pending ? <p className="hint">{t('signUp.pendingExists')}</p> : null}
          {current && !renew && !pending ? (
            <div className="actions">
              <button type="button" onClick={() => setRenew(true)}>
                {t('signUp.again')}
              </button>
              <span className="hint">{t('tierChange.againHint')}</span>
            </div>
          ) : null}
          {organisation && !mayApply ? (
            <p className="notice warn" data-testid="sign-up-after-validation">
              {organisation.status === 'rejected' ? (
                <>
                  {t('resubmit.signUpAfterResubmit')} <a href={hrefFor('organisations', organisation.id)}>{t('counter.correctAccount')}</a>
                </>
              ) : (
                t('resubmit.signUpAfterValidation')
              )}
            </p>
          ) : null}
          {showForm ? (
          <form className="sign-up" onSubmit={confirm} aria-labelledby="sign-up-title" noValidate>
            <h2 id="sign-up-title">{t('signUp.title')}</h2>
            <section className="panel review" aria-labelledby="review-title">
              <h3 id="review-title">{t('signUp.review')}</h3>
              <p>
                <strong>{organisation.name}</strong> <StatusBadge status={organisation.status} />
              </p>
              <p>{[[organisation.street, organisation.houseNumber].filter(Boolean).join(' '), [organisation.postcode, organisation.city].filter(Boolean).join(' '), organisation.country].filter(Boolean).join(', ')}</p>
              <p className="mono">{[organisation.vatNumber, organisation.chamberNumber].filter(Boolean).join(' · ')}</p>
              <a href={hrefFor('organisations', organisation.id)}>{t('signUp.details')}</a>
            </section>
            <PointsPanel registrations={registrations} selectedTierId={tier?.id ?? null} onSelectTier={setTier} />
            <div className="panel">
              <div className="field po-field">
                <label htmlFor="po-number">{t('signUp.po')}</label>
                <input id="po-number" value={po} maxLength={60} onChange={(e) => setPo(cleanText(e.target.value))} aria-describedby="po-hint" />
                <p id="po-hint" className="hint">
                  {t('signUp.poHint')}
                </p>
              </div>
              <fieldset className="payment">
                <legend>{t('signUp.method')}</legend>
                {paymentMethods.map((m) => (
                  <label key={m} className="payment-option">
                    <input type="radio" name="payment-method" value={m} checked={method === m} onChange={() => setMethod(m)} />
                    <span>
                      <strong>{t(`payment.${m}`)}</strong>
                      <span className="hint">{t(`payment.${m}_terms`)}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
              <TermsPanel terms={termsInForce} formatDate={formatDay} />
              {termsInForce && lastAccepted && termsAcceptanceNeeded(lastAccepted, termsInForce) ? (
                <p className="notice warn" data-testid="terms-changed">
                  {t('terms.newVersion', { accepted: lastAccepted, version: termsInForce.version })}
                </p>
              ) : null}
              <label className="inline terms">
                <input type="checkbox" checked={terms} disabled={!termsInForce} onChange={(e) => setTerms(e.target.checked)} /> {t('signUp.terms', { version: termsInForce?.version ?? '—' })}
              </label>
            </div>
            <TierChangeNotice decision={change} tiers={tiers} newTier={tier} />
            {tier && method ? (
              <p className="summary" data-testid="sign-up-summary">
                {t('signUp.summary', { tier: tier.name, fee: formatMoney(tier.annualFeeCents, tier.currency, locale), method: t(`payment.${method}`) })}
              </p>
            ) : null}
            <div aria-live="polite">
              {tried ? <ProblemList problems={problems} /> : null}
            </div>
            <div className="actions">
              <button type="submit" className="primary">
                {t('signUp.confirm')}
              </button>
            </div>
          </form>
          ) : null}
        </>
      )}
    </section>
  );
}
