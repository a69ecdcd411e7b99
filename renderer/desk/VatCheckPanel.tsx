/**
 * The VIES check of the organisation's VAT number, run by the server (the EU VAT service is never
 * called from the app): the stored result (valid / invalid / unknown with why), the registered
 * name and address where the member state returns them, the consultation number and when.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VatCheck } from '../../shared/sync/desk';
import { renderMessage, type UiMessage } from '../app/message';
import { useActions } from '../actions';
import { deskErrorMessage } from './errors';
import { useDates } from '../app/dates';

export function VatCheckPanel({ organisationId, vatNumber, initial }: { organisationId: string; vatNumber: string; initial: VatCheck | null }) {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  const { runVatCheck } = useActions();
  const [check, setCheck] = useState<VatCheck | null>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiMessage | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setCheck(await runVatCheck(organisationId));
    } catch (e) {
      setError(deskErrorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="desk-vies" data-testid="vies" data-result={check?.result ?? 'none'}>
      <h2>{t('desk.vies.title')}</h2>
      {!vatNumber ? (
        <p className="hint">{t('desk.vies.noVatNumber')}</p>
      ) : (
        <>
          {check ? (
            <dl className="desk-vies-result">
              <dt>{t('desk.vies.result')}</dt>
              <dd>
                <span className={`badge ${check.result === 'valid' ? 'ok' : check.result === 'invalid' ? 'bad' : 'warn'}`}>{t(`desk.vies.${check.result}`)}</span>
                {check.result === 'unknown' && check.error ? ` ${t('desk.vies.why', { error: check.error })}` : ''}
              </dd>
              <dt>{t('org.vatNumber')}</dt>
              <dd className="mono">{check.vatNumber}</dd>
              {check.name ? (
                <>
                  <dt>{t('desk.vies.name')}</dt>
                  <dd>{check.name}</dd>
                </>
              ) : null}
              {check.address ? (
                <>
                  <dt>{t('desk.vies.address')}</dt>
                  <dd style={{ whiteSpace: 'pre-line' }}>{check.address}</dd>
                </>
              ) : null}
              <dt>{t('desk.vies.consultation')}</dt>
              <dd className="mono">{check.consultationNumber ?? '—'}</dd>
              <dt>{t('desk.vies.checkedAt')}</dt>
              <dd>{dateTime(check.checkedAt)}</dd>
            </dl>
          ) : (
            <p className="hint">{t('desk.vies.notChecked')}</p>
          )}
          <button type="button" onClick={() => void run()} disabled={busy}>
            {busy ? t('desk.vies.checking') : check ? t('desk.vies.again') : t('desk.vies.check')}
          </button>
          {error ? (
            <p className="error-text" role="alert">
              {renderMessage(t, error)}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
