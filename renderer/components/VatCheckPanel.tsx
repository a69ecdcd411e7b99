/**
 * The VIES result beside the new-account form's VAT number: checking, valid (with the registered
 * name and address the EU VAT service returns, when the member state discloses them), not
 * registered, or the service unavailable — saving is never held up by it. Where the scan was unsure
 * or found nothing, one button each takes the registered name or address into the form
 * (renderer/organisations/vatCheck.ts decides what is offered). Renders nothing while `off`.
 */
import { useTranslation } from 'react-i18next';
import type { RegisteredOffer, VatCheckState } from '../organisations/vatCheck';

export interface VatCheckPanelProps {
  state: VatCheckState;
  offer: RegisteredOffer;
  /** Takes the registered name or address into the form. */
  onTake(part: 'name' | 'address'): void;
}

export function VatCheckPanel({ state, offer, onTake }: VatCheckPanelProps) {
  const { t } = useTranslation();
  if (state.kind === 'off') return null;
  const result = state.kind === 'checking' ? 'checking' : state.kind === 'failed' ? 'unknown' : state.check.result;
  const vatNumber = state.kind === 'done' ? state.check.vatNumber : state.vatNumber;
  const check = state.kind === 'done' ? state.check : null;
  return (
    <section className={`vat-check ${result}`} data-testid="vat-check" data-result={result} aria-live="polite" aria-label={t('vatCheck.title')}>
      <h2>{t('vatCheck.title')}</h2>
      <p className="vat-check-result">{t(`vatCheck.${result}`, { vatNumber })}</p>
      {check?.result === 'valid' ? (
        check.name || check.address ? (
          <dl className="vat-check-details">
            {check.name ? (
              <>
                <dt>{t('vatCheck.registeredName')}</dt>
                <dd data-testid="vat-check-name">{check.name}</dd>
              </>
            ) : null}
            {check.address ? (
              <>
                <dt>{t('vatCheck.registeredAddress')}</dt>
                <dd data-testid="vat-check-address">{check.address}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="hint">{t('vatCheck.notDisclosed')}</p>
        )
      ) : null}
      {offer.name || offer.address ? (
        <div className="actions">
          {offer.name ? (
            <button type="button" data-testid="vat-check-use-name" onClick={() => onTake('name')}>
              {t('vatCheck.useName')}
            </button>
          ) : null}
          {offer.address ? (
            <button type="button" data-testid="vat-check-use-address" onClick={() => onTake('address')}>
              {t('vatCheck.useAddress', { address: [`${offer.address.street} ${offer.address.houseNumber}`, `${offer.address.postcode} ${offer.address.city}`].join(', ') })}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
