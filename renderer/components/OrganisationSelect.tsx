/**
 * Organisation chooser shared by the Counter and Membership screens; the selection that persists
 * across screens is renderer/hooks/organisations.ts `useSelectedOrganisation`.
 */
import { useTranslation } from 'react-i18next';
import { useOrganisations } from '../hooks/organisations';

export function OrganisationSelect({ value, onChange }: { value: string; onChange(id: string): void }) {
  const { t } = useTranslation();
  const { docs, loading } = useOrganisations();
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
