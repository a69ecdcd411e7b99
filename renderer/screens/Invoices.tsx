/**
 * Invoices (server-made, pull-only): list with status (open, paid, overdue; cancelled by a credit
 * note), filter by organisation and period (issue date), export one or many as PDF. Credit notes
 * (docs/program.md#changing-tier) are listed among them, marked as such with the invoice they
 * credit, their amount shown as a credit, and export the same way.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../shared/program';
import { isCreditNote, type Invoice } from '../../shared/schemas';
import { useApp } from '../app/context';
import { useInvoices } from '../hooks/memberships';
import { useOrganisations } from '../hooks/organisations';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { invoiceExportFailure } from '../app/failures';
import { hrefFor } from '../app/route';
import { exportInvoice, exportInvoices } from '../invoice/export';
import { StatusBadge } from '../components/StatusBadge';
import { DateField } from '../components/DateField';
import { useDates } from '../app/dates';

export function InvoicesScreen() {
  const { t, i18n } = useTranslation();
  const { platform } = useApp();
  const { docs: invoices, loading } = useInvoices();
  const { docs: orgs } = useOrganisations();
  const [organisationId, setOrganisationId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const abort = useRef<AbortController | null>(null);
  const locale = i18n.language === 'nl' ? 'nl-NL' : 'en-GB';
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const shown = invoices
    .filter((i) => (!organisationId || i.organisationId === organisationId) && (!from || i.issueDate >= from) && (!to || i.issueDate <= to))
    .sort((a, b) => b.issueDate.localeCompare(a.issueDate) || b.number.localeCompare(a.number));
  const { date } = useDates();

  async function run(list: Invoice[]) {
    setMessage(null);
    const items = list.flatMap((invoice) => {
      const organisation = orgById.get(invoice.organisationId);
      return organisation ? [{ invoice, organisation }] : [];
    });
    if (items.length === 0) return;
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ done: 0, total: items.length });
    try {
      // each document in its own language (the organisation's), whatever the app's language
      const result =
        items.length === 1
          ? await exportInvoice(platform, items[0]!.invoice, items[0]!.organisation)
          : await exportInvoices(platform, items, {
              signal: controller.signal,
              onProgress: (done, total) => setProgress({ done, total }),
              zipName: `${t('invoices.zipName', { date: new Date().toISOString().slice(0, 10) })}.zip`,
            });
      setMessage(result.saved ? uiMessage('invoices.saved', { path: result.path }) : uiMessage('invoices.cancelled'));
    } catch (e) {
      setMessage(controller.signal.aborted ? uiMessage('invoices.cancelled') : invoiceExportFailure(e));
    } finally {
      setProgress(null);
    }
  }

  const toggle = (id: string) =>
    setPicked((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const pickedShown = shown.filter((i) => picked.has(i.id));

  return (
    <section aria-labelledby="invoices-title" className="screen invoices">
      <h1 id="invoices-title">{t('invoices.title')}</h1>
      <div className="panel filters" role="search" aria-label={t('invoices.filters')}>
        <div className="field">
          <label htmlFor="invoice-org">{t('counter.organisation')}</label>
          <select id="invoice-org" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
            <option value="">{t('invoices.allOrganisations')}</option>
            {[...orgs]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="invoice-from">{t('invoices.from')}</label>
          <DateField id="invoice-from" value={from} onChange={setFrom} max={to || undefined} />
        </div>
        <div className="field">
          <label htmlFor="invoice-to">{t('invoices.to')}</label>
          <DateField id="invoice-to" value={to} onChange={setTo} min={from || undefined} />
        </div>
      </div>
      <div className="actions">
        <button type="button" disabled={progress !== null || pickedShown.length === 0} onClick={() => void run(pickedShown)}>
          {t('invoices.exportSelected', { count: pickedShown.length })}
        </button>
        <button type="button" disabled={progress !== null || shown.length === 0} onClick={() => void run(shown)}>
          {t('invoices.exportAll', { count: shown.length })}
        </button>
        {progress ? (
          <>
            <progress max={progress.total} value={progress.done} aria-label={t('invoices.exporting')} />
            <span>{t('invoices.progress', progress)}</span>
            <button type="button" onClick={() => abort.current?.abort()}>
              {t('common.cancel')}
            </button>
          </>
        ) : null}
        <span role="status" className="export-status">
          {renderMessage(t, message)}
        </span>
      </div>
      {loading ? (
        <p className="hint">{t('app.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="hint">{t('invoices.empty')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('invoices.title')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('invoices.select')}</span>
              </th>
              <th scope="col">{t('invoices.number')}</th>
              <th scope="col">{t('counter.organisation')}</th>
              <th scope="col">{t('invoices.issueDate')}</th>
              <th scope="col">{t('invoices.dueDate')}</th>
              <th scope="col" className="num">
                {t('invoices.total')}
              </th>
              <th scope="col">{t('organisations.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('invoices.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i.id} data-invoice={i.number} data-due={i.dueDate}>
                <td>
                  <input type="checkbox" checked={picked.has(i.id)} onChange={() => toggle(i.id)} aria-label={t('invoices.selectOne', { number: i.number })} />
                </td>
                <td className="mono">
                  {i.number}
                  {isCreditNote(i) ? (
                    <span className="hint" data-testid="credit-note-of">
                      {' '}
                      {t('tierChange.creditNoteType')} · {t('tierChange.credits', { number: i.precedingInvoiceNumber ?? '—' })}
                    </span>
                  ) : null}
                </td>
                <td>
                  <a href={hrefFor('organisations', i.organisationId)}>{orgById.get(i.organisationId)?.name ?? '—'}</a>
                </td>
                <td>{date(i.issueDate)}</td>
                <td>{isCreditNote(i) ? '—' : date(i.dueDate)}</td>
                <td className="num">{formatMoney(isCreditNote(i) ? -i.totalCents : i.totalCents, i.currency, locale)}</td>
                <td>
                  <StatusBadge status={i.status} />
                </td>
                <td>
                  <button type="button" disabled={progress !== null} onClick={() => void run([i])} aria-label={t(isCreditNote(i) ? 'tierChange.exportOne' : 'invoices.exportOne', { number: i.number })}>
                    {t('invoices.export')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
