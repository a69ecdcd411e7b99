/**
 * Organisation chooser shared by the Counter and Membership screens, and the selection that
 * persists across screens (sessionStorage: the counter keeps serving the same customer).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../shared/schemas';
import { useApp, useLiveQuery } from '../app/context';

const key = 'cps-desk.selectedOrganisation';

/** The selected organisation id (or '') and its setter, shared through sessionStorage. */
export function useSelectedOrganisation(): [string, (id: string) => void] {
  const [id, setId] = useState(() => sessionStorage.getItem(key) ?? '');
  const set = useCallback((next: string) => {
    sessionStorage.setItem(key, next);
    setId(next);
  }, []);
  return [id, set];
}

/** One organisation by id, live; `null` while none is selected or found. */
export function useOrganisation(id: string): Organisation | null {
  const { db } = useApp();
  const { docs } = useLiveQuery(db.organisations, id ? { selector: { id } } : null, `org:${id}`);
  return docs[0] ?? null;
}

export function OrganisationSelect({ value, onChange }: { value: string; onChange(id: string): void }) {
  const { t } = useTranslation();
  const { db } = useApp();
  const { docs, loading } = useLiveQuery(db.organisations, { selector: {} }, 'orgs:all');
  const sorted = [...docs].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="field organisation-select">
      <label htmlFor="organisation">{t('counter.organisation')}</label>
      <select id="organisation" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('counter.chooseOrganisation')}</option>
        {sorted.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
            {o.city ? ` — ${o.city}` : ''}
          </option>
        ))}
      </select>
      {!loading && docs.length === 0 && <p className="hint">{t('counter.noOrganisations')}</p>}
    </div>
  );
}
