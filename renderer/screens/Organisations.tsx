/** Organisations: list and search the business accounts this user serves; open one or (a role that may) start a new one. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayCreateOrganisation } from '../../shared/program/roles';
import { useSession } from '../app/session';
import { hrefFor } from '../app/route';
import { StatusBadge } from '../components/StatusBadge';
import { useOrganisations } from '../hooks/organisations';

export function Organisations() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [query, setQuery] = useState('');
  const { docs, loading } = useOrganisations();
  const q = query.trim().toLowerCase();
  const shown = docs
    .filter((o) => !q || [o.name, o.city, o.vatNumber, o.chamberNumber, o.postcode].some((v) => v?.toLowerCase().includes(q)))
    .sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section aria-labelledby="orgs-title" className="screen">
      <div className="screen-head">
        <h1 id="orgs-title">{t('organisations.title')}</h1>
        {mayCreateOrganisation(user?.role ?? null) ? (
          <a className="button primary" href={hrefFor('organisations', 'new')}>
            {t('organisations.new')}
          </a>
        ) : null}
      </div>
      <div className="field search-field">
        <label htmlFor="org-search">{t('organisations.search')}</label>
        <input id="org-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('organisations.searchPlaceholder')} />
      </div>
      {loading ? (
        <p className="hint">{t('app.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="hint">{docs.length === 0 ? t('organisations.empty') : t('organisations.noMatch', { query })}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('organisations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('org.city')}</th>
              <th scope="col">{t('org.vatNumber')}</th>
              <th scope="col">{t('org.chamberNumber')}</th>
              <th scope="col">{t('organisations.status')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={o.id} data-organisation={o.name}>
                <td>
                  <a href={hrefFor('organisations', o.id)}>{o.name}</a>
                </td>
                <td>{o.city}</td>
                <td className="mono">{o.vatNumber}</td>
                <td className="mono">{o.chamberNumber}</td>
                <td>
                  <StatusBadge status={o.status} reason={o.statusReason} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
