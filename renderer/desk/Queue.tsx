/**
 * The back office's queue: organisations awaiting validation, oldest first, with their age in
 * business days against the 2-business-day promise (what is overdue or due today stands out),
 * filtered by country and evidence kind. An account submitted again after a rejection is marked
 * (the rejection's reason in its tooltip; the review shows it in full).
 */
import { useDates } from '../app/dates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evidenceKinds } from '../../shared/schemas/evidenceDocuments';
import { countryName } from '../../shared/identifiers';
import { renderMessage } from '../app/message';
import { deskHref } from '../app/route';
import { deskErrorMessage } from './errors';
import { useQueue } from '../hooks/desk';
import { BankPanel } from './BankPanel';

export function DeskQueue() {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const lang = i18n.language === 'nl' ? 'nl' : 'en';
  const [country, setCountry] = useState('');
  const [kind, setKind] = useState('');
  const all = useQueue('', '');
  const queue = useQueue(country, kind);
  const countries = [...new Set((all.value ?? []).map((o) => o.country))].sort();
  const rows = queue.value ?? [];
  const dueToday = rows.filter((r) => r.due === 'today').length;
  const overdue = rows.filter((r) => r.due === 'overdue').length;

  return (
    <section aria-labelledby="desk-title" className="screen desk">
      <div className="screen-head">
        <h1 id="desk-title">{t('desk.title')}</h1>
        <button type="button" onClick={() => (all.reload(), queue.reload())}>
          {t('desk.refresh')}
        </button>
      </div>
      <p className="hint" data-testid="desk-summary">
        {t('desk.summary', { count: rows.length })} {t('desk.dueToday', { count: dueToday })} {overdue ? t('desk.overdueCount', { count: overdue }) : ''}
      </p>
      <div className="desk-filters">
        <div className="field">
          <label htmlFor="desk-country">{t('desk.filterCountry')}</label>
          <select id="desk-country" value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('desk.all')}</option>
            {countries.map((c) => (
              <option key={c} value={c}>
                {countryName(c, lang) ?? c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="desk-kind">{t('desk.filterKind')}</label>
          <select id="desk-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('desk.all')}</option>
            {evidenceKinds.map((k) => (
              <option key={k} value={k}>
                {t(`evidenceKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {queue.error ? (
        <p className="error-text" role="alert">
          {renderMessage(t, deskErrorMessage(queue.error))}
        </p>
      ) : queue.loading && !queue.value ? (
        <p className="hint">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="hint">{t('desk.empty')}</p>
      ) : (
        <table className="data-table desk-queue">
          <caption className="visually-hidden">{t('desk.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('org.country')}</th>
              <th scope="col">{t('desk.evidence')}</th>
              <th scope="col">{t('desk.submitted')}</th>
              <th scope="col">{t('desk.age')}</th>
              <th scope="col">{t('desk.due')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id} data-organisation={o.name} className={`due-${o.due}`}>
                <td>
                  <a href={deskHref(o.id)}>{o.name}</a>
                  {o.documentRequest ? <span className="badge warn">{t('desk.waitingForDocument')}</span> : null}
                  {o.resubmission ? (
                    <span className="badge warn" data-testid="resubmitted" title={o.resubmission.previousRejection?.reason ?? undefined}>
                      {t('desk.resubmitted')}
                    </span>
                  ) : null}
                </td>
                <td>{countryName(o.country, lang) ?? o.country}</td>
                <td>{o.evidence.map((e) => t(`evidenceKind.${e.kind}`)).join(', ')}</td>
                <td>{dates.dateTime(o.submittedAt)}</td>
                <td>{t('desk.businessDays', { count: o.ageBusinessDays })}</td>
                <td>
                  <span className={`badge due ${o.due}`}>{t(`desk.dueState.${o.due}`, { date: dates.date(o.dueOn) })}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <BankPanel />
    </section>
  );
}
