/**
 * The clerk's decision on an organisation: validate, request a new evidence document, or reject —
 * the last two with a standard reason (texts in the organisation's language from
 * shared/program/backOffice.ts) and/or free text. What the clerk saw goes with the decision
 * (the organisation's version and the hash of the scan viewed), so a decision on an account
 * another clerk changed or decided meanwhile comes back as a conflict instead of deciding twice.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { standardReasonCodes, standardReasons, type StandardReasonCode } from '../../shared/program/backOffice';
import type { Decision, OrganisationReview } from '../../shared/sync/desk';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { useActions } from '../actions';
import { DeskRequestError } from '../actions/desk';
import { deskErrorMessage } from './errors';

export function DecisionPanel({ review, viewedSha256, onDecided }: { review: OrganisationReview; viewedSha256: Record<string, string>; onDecided(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'nl' ? 'nl' : 'en';
  const { sendDecision } = useActions();
  const [reasonCode, setReasonCode] = useState<StandardReasonCode | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: UiMessage; conflict?: boolean } | null>(null);
  const decided = review.organisation.status !== 'pending-validation';

  const decide = async (kind: Decision['kind']) => {
    if (kind !== 'validate' && !reasonCode && !reason.trim()) {
      setMessage({ ok: false, text: uiMessage('desk.decision.reasonRequired') });
      document.getElementById('desk-reason-code')?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    const decision: Decision = kind === 'validate' ? { kind } : { kind, reasonCode: reasonCode || null, reason };
    try {
      await sendDecision(review.organisation.id, decision, {
        organisationUpdatedAt: review.organisation.updatedAt,
        evidence: review.evidence.map((e) => ({ id: e.id, sha256: viewedSha256[e.id] ?? null })),
      });
      setMessage({ ok: true, text: uiMessage(`desk.decision.done.${kind}`) });
      setReason('');
      setReasonCode('');
      onDecided();
    } catch (e) {
      const conflict = e instanceof DeskRequestError && e.status === 409;
      setMessage({ ok: false, text: deskErrorMessage(e), conflict });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="desk-decision" aria-labelledby="desk-decision-title" onSubmit={(e) => e.preventDefault()}>
      <h2 id="desk-decision-title">{t('desk.decision.title')}</h2>
      {decided ? <p className="notice">{t(`desk.decision.alreadyDecided.${review.organisation.status === 'rejected' ? 'rejected' : 'validated'}`)}</p> : null}
      <div className="field">
        <label htmlFor="desk-reason-code">{t('desk.decision.standardReason')}</label>
        <select id="desk-reason-code" value={reasonCode} onChange={(e) => setReasonCode(e.target.value as StandardReasonCode | '')} disabled={decided}>
          <option value="">{t('desk.decision.noStandardReason')}</option>
          {standardReasonCodes.map((c) => (
            <option key={c} value={c}>
              {standardReasons[c][lang]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="desk-reason">{t('desk.decision.freeText')}</label>
        <textarea id="desk-reason" value={reason} maxLength={350} rows={2} onChange={(e) => setReason(e.target.value)} disabled={decided} />
        <p className="hint">{t('desk.decision.reasonHint')}</p>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy || decided} onClick={() => void decide('validate')}>
          {t('desk.decision.validate')}
        </button>
        <button type="button" disabled={busy || decided} onClick={() => void decide('request-document')}>
          {t('desk.decision.requestDocument')}
        </button>
        <button type="button" className="danger" disabled={busy || decided} onClick={() => void decide('reject')}>
          {t('desk.decision.reject')}
        </button>
      </div>
      {message ? (
        <p className={message.ok ? 'notice ok' : 'error-text'} role={message.ok ? 'status' : 'alert'} data-testid="decision-message">
          {renderMessage(t, message.text)}{' '}
          {message.conflict ? (
            <button type="button" onClick={onDecided}>
              {t('desk.decision.reload')}
            </button>
          ) : null}
        </p>
      ) : null}
    </form>
  );
}
