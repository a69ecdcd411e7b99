/** Organisations: list and search the business accounts this user serves, and open a new one. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../shared/schemas';
import { useApp, useLiveQuery } from '../app/context';
import { newId, nowIso } from '../app/ids';
import { CountrySelect } from '../components/CountrySelect';
import { StatusBadge } from '../components/StatusBadge';

export function Organisations() {
  const { t } = useTranslation();
  const { db, settings } = useApp();
  const [query, setQuery] = useState('');
  const [name, setName] = useState('');
  const [city, setCity] = useState('');
  const [country, setCountry] = useState(settings.defaultCountry);
  const [message, setMessage] = useState('');
  const { docs } = useLiveQuery(db.organisations, { selector: {} }, 'orgs:all');
  const q = query.trim().toLowerCase();
  const shown = docs
    .filter((o) => !q || [o.name, o.city, o.vatNumber, o.chamberNumber].some((v) => v?.toLowerCase().includes(q)))
    .sort((a, b) => a.name.localeCompare(b.name));

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    const organisation: Organisation = {
      id: newId(),
      name: name.trim(),
      city: city.trim(),
      country,
      dealerId: '',
      status: 'draft',
      statusReason: null,
      legacyEmail: null,
      createdAt: nowIso(),
      updatedAt: nowIso(),
    };
    await db.organisations.insert(organisation);
    sessionStorage.setItem('cps-desk.selectedOrganisation', organisation.id);
    setMessage(t('organisations.created', { name: organisation.name }));
    setName('');
    setCity('');
  }

  return (
    <section aria-labelledby="orgs-title" className="screen">
      <h1 id="orgs-title">{t('organisations.title')}</h1>
      <form className="inline-form" onSubmit={create} aria-labelledby="new-org-title">
        <h2 id="new-org-title">{t('organisations.new')}</h2>
        <div className="field">
          <label htmlFor="org-name">{t('organisations.name')}</label>
          <input id="org-name" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="organization" />
        </div>
        <div className="field">
          <label htmlFor="org-city">{t('organisations.city')}</label>
          <input id="org-city" value={city} onChange={(e) => setCity(e.target.value)} />
        </div>
        <CountrySelect id="org-country" label={t('organisations.country')} value={country} onChange={setCountry} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('organisations.create')}
          </button>
          <span role="status">{message}</span>
        </div>
      </form>
      <div className="field">
        <label htmlFor="org-search">{t('organisations.search')}</label>
        <input id="org-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {shown.length === 0 ? (
        <p className="hint">{t('organisations.empty')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('organisations.name')}</th>
              <th scope="col">{t('organisations.city')}</th>
              <th scope="col">{t('organisations.vatNumber')}</th>
              <th scope="col">{t('organisations.status')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{o.city}</td>
                <td className="mono">{o.vatNumber}</td>
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
