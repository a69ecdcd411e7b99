/**
 * The desk's bank-transfer panel: import a camt.053 statement (the server matches its credits to
 * open invoices by payment reference and amount), see what it did, and resolve the credits that
 * wait for a person — partial and over-payments, unknown references, payments of paid invoices,
 * other currencies — by marking an invoice paid or setting the credit aside with a note.
 * Reads through renderer/hooks/desk.ts `useBankReview`, writes through `useActions()`.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../shared/program';
import type { BankCredit, StatementImport } from '../../shared/sync/bank';
import { renderMessage, type UiMessage } from '../app/message';
import { useActions } from '../actions';
import { useBankReview } from '../hooks/desk';
import { bankErrorMessage } from './errors';
import { useDates } from '../app/dates';

export function BankPanel() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'nl' ? 'nl-NL' : 'en-GB';
  const { importBankStatement } = useActions();
  const review = useBankReview();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<StatementImport | null>(null);
  const [error, setError] = useState<UiMessage | null>(null);

  async function onFile(file: File | undefined, input: HTMLInputElement) {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await importBankStatement(file));
      review.reload();
    } catch (err) {
      setError(bankErrorMessage(err));
    } finally {
      setBusy(false);
      input.value = '';
    }
  }

  const rows = review.value ?? [];
  return (
    <section aria-labelledby="bank-title" className="screen-section bank-panel">
      <h2 id="bank-title">{t('bank.title')}</h2>
      <p className="hint">{t('bank.intro')}</p>
      <div className="field">
        <label htmlFor="bank-statement">{t('bank.importLabel')}</label>
        <input id="bank-statement" type="file" accept=".xml,application/xml,text/xml" disabled={busy} onChange={(e) => void onFile(e.target.files?.[0], e.target)} />
      </div>
      {busy ? <p className="hint">{t('bank.importing')}</p> : null}
      {error ? (
        <p className="error-text" role="alert" data-testid="bank-error">
          {renderMessage(t, error)}
        </p>
      ) : null}
      {result ? (
        <div role="status" data-testid="bank-result">
          {result.statements.map((s) => (
            <p key={`${s.iban}/${s.statementId}`}>
              {s.alreadyImported ? t('bank.alreadyImported', { statement: s.statementId }) : t('bank.imported', { statement: s.statementId, ...s })}
            </p>
          ))}
          {result.paidInvoices.length ? <p>{t('bank.paidInvoices', { numbers: result.paidInvoices.join(', ') })}</p> : null}
        </div>
      ) : null}
      <h3>{t('bank.reviewTitle')}</h3>
      {review.error ? (
        <p className="error-text" role="alert">
          {renderMessage(t, bankErrorMessage(review.error))}
        </p>
      ) : review.loading && !review.value ? (
        <p className="hint">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="hint">{t('bank.reviewEmpty')}</p>
      ) : (
        <table className="data-table bank-review">
          <caption className="visually-hidden">{t('bank.reviewTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bank.booked')}</th>
              <th scope="col">{t('bank.amount')}</th>
              <th scope="col">{t('bank.from')}</th>
              <th scope="col">{t('bank.reference')}</th>
              <th scope="col">{t('bank.outcomeLabel')}</th>
              <th scope="col">{t('bank.invoice')}</th>
              <th scope="col">{t('bank.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <ReviewRow key={c.id} credit={c} locale={locale} onResolved={review.reload} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ReviewRow({ credit: c, locale, onResolved }: { credit: BankCredit; locale: string; onResolved(): void }) {
  const { t } = useTranslation();
  const { date } = useDates();
  const { resolveBankCredit } = useActions();
  const [invoiceNumber, setInvoiceNumber] = useState(c.invoiceNumber ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<UiMessage | null>(null);
  const [busy, setBusy] = useState(false);

  async function resolve(action: 'mark-paid' | 'dismiss') {
    setBusy(true);
    setError(null);
    try {
      await resolveBankCredit(c.id, { action, ...(invoiceNumber.trim() ? { invoiceNumber: invoiceNumber.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      onResolved();
    } catch (err) {
      setError(bankErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-credit={c.id} data-outcome={c.outcome}>
      <td>{date(c.bookingDate)}</td>
      <td>{formatMoney(c.amountCents, c.currency, locale)}</td>
      <td>{c.debtorName ?? '—'}</td>
      <td>{c.remittance ?? '—'}</td>
      <td>
        <span className={`badge ${c.outcome}`}>{t(`bank.outcome.${c.outcome}`)}</span>
      </td>
      <td>
        {c.invoiceNumber ? (
          <>
            {c.invoiceNumber}{' '}
            <span className="hint">{t('bank.invoiceTotal', { total: formatMoney(c.invoiceTotalCents ?? 0, c.invoiceCurrency ?? c.currency, locale), status: t(`status.${c.invoiceStatus ?? 'open'}`) })}</span>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        <label>
          {t('bank.invoiceNumber')} <input value={invoiceNumber} onChange={(e) => setInvoiceNumber(e.target.value)} size={12} />
        </label>
        <label>
          {t('bank.note')} <input value={note} onChange={(e) => setNote(e.target.value)} size={16} />
        </label>
        <button type="button" disabled={busy} onClick={() => void resolve('mark-paid')}>
          {t('bank.markPaid')}
        </button>
        <button type="button" disabled={busy} onClick={() => void resolve('dismiss')}>
          {t('bank.dismiss')}
        </button>
        {error ? (
          <span className="error-text" role="alert">
            {renderMessage(t, error)}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
