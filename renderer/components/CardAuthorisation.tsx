/**
 * The card step on a membership card (card sign-ups the server has not activated yet): "the card
 * step follows once the server has accepted the sign-up" while queued, then "card authorisation
 * pending" with **Authorise card**, or why the card was declined (a reason code worded from the
 * catalogs, shared/text/cardDeclines.ts) / that the page was left unfinished, with **Try again**.
 * The button opens the provider's hosted page through the `authoriseCard` action.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Membership } from '../../shared/schemas';
import { useActions } from '../actions';
import { cardStepOf } from '../actions/cards';
import { SignInError } from '../actions/auth';
import { statusReasonMessage } from '../app/reasons';
import { failureMessage } from '../app/failures';
import { renderMessage } from '../app/message';

export function CardAuthorisation({ membership: m }: { membership: Membership }) {
  const { t } = useTranslation();
  const { authoriseCard } = useActions();
  const [state, setState] = useState<{ kind: 'idle' | 'opening' | 'opened' } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const step = cardStepOf(m);
  // The provider's answer arrived: "the payment page is open" no longer holds.
  useEffect(() => {
    if (step === 'declined' || step === 'abandoned') setState({ kind: 'idle' });
  }, [step]);
  if (step === 'none') return null;
  async function open() {
    setState({ kind: 'opening' });
    try {
      await authoriseCard(m.id);
      setState({ kind: 'opened' });
    } catch (e) {
      const offline = e instanceof SignInError && e.reason === 'network';
      setState({ kind: 'failed', message: offline ? t('cardAuthorisation.offline') : renderMessage(t, failureMessage('cardAuthorisation.failed', e)) });
    }
  }
  const text =
    step === 'queued'
      ? t('cardAuthorisation.queued')
      : step === 'pending'
        ? t('cardAuthorisation.pending')
        : step === 'declined'
          ? t('cardAuthorisation.declined', { reason: renderMessage(t, statusReasonMessage(m.cardAuthorisationReason)) })
          : t('cardAuthorisation.abandoned');
  return (
    <div className={`card-authorisation ${step}`} data-testid="card-authorisation" data-step={step}>
      <p className={step === 'declined' || step === 'abandoned' ? 'error-text' : undefined}>
        <strong>{text}</strong>
      </p>
      {step === 'pending' ? <p className="hint">{t('cardAuthorisation.pendingHint')}</p> : null}
      {step !== 'queued' ? (
        <button type="button" onClick={() => void open()} disabled={state.kind === 'opening'}>
          {step === 'pending' ? t('cardAuthorisation.authorise') : t('cardAuthorisation.tryAgain')}
        </button>
      ) : null}
      <p role="status" className="hint">
        {state.kind === 'opening' ? t('cardAuthorisation.opening') : state.kind === 'opened' ? t('cardAuthorisation.opened') : state.kind === 'failed' ? state.message : ''}
      </p>
    </div>
  );
}
