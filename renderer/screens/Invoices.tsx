/**
 * Invoices (server-made, pull-only): list with status (open, paid, overdue), filter by
 * organisation and period (issue date), export one or many as PDF.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../shared/program';
import type { Invoice } from '../../shared/schemas';
import { useApp } from '../app/context';
import { useInvoices } from '../hooks/memberships';
import { useOrganisations } from '../hooks/organisations';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { hrefFor } from '../app/route';
import { exportInvoice, exportInvoices } from '../invoice/export';
import { StatusBadge } from '../components/StatusBadge';

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
  const lang = i18n.language === 'nl' ? 'nl' : 'en';
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const shown = invoices
    .filter((i) => (!organisationId || i.organisationId === organisationId) && (!from || i.issueDate >= from) && (!to || i.issueDate <= to))
    .sort((a, b) => b.issueDate.localeCompare(a.issueDate) || b.number.localeCompare(a.number));
  const date = (d: string) => new Date(`${d}T12:00:00`).toLocaleDateString(locale);

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
      const result =
        items.length === 1
          ? await exportInvoice(platform, items[0]!.invoice, items[0]!.organisation, lang)
          : await exportInvoices(platform, items, lang, { signal: controller.signal, onProgress: (done, total) => setProgress({ done, total }) });
      setMessage(result.saved ? uiMessage('invoices.saved', { path: result.path }) : uiMessage('invoices.cancelled'));
    } catch (e) {
      setMessage(controller.signal.aborted ? uiMessage('invoices.cancelled') : uiMessage('invoices.failed', { message: e instanceof Error ? e.message : String(e) }));
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
          <input id="invoice-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invoice-to">{t('invoices.to')}</label>
          <input id="invoice-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
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
                <td className="mono">{i.number}</td>
                <td>
                  <a href={hrefFor('organisations', i.organisationId)}>{orgById.get(i.organisationId)?.name ?? '—'}</a>
                </td>
                <td>{date(i.issueDate)}</td>
                <td>{date(i.dueDate)}</td>
                <td className="num">{formatMoney(i.totalCents, i.currency, locale)}</td>
                <td>
                  <StatusBadge status={i.status} />
                </td>
                <td>
                  <button type="button" disabled={progress !== null} onClick={() => void run([i])} aria-label={t('invoices.exportOne', { number: i.number })}>
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
