/** Country picker with names in the UI language (ISO 3166-1 alpha-2 codes as values). */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countryList } from '../../shared/identifiers';

/** `placeholder`, when given, is an empty first option (for a country not chosen yet). */
export function CountrySelect({ id, label, value, onChange, placeholder }: { id: string; label: string; value: string; onChange(code: string): void; placeholder?: string }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'nl' ? 'nl' : 'en';
  const countries = useMemo(() => countryList(lang), [lang]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
