/**
 * The settings that belong to the computer, not to a user: language and program server URL. Shown
 * on the signed-out screen and in Settings; the caller keeps the draft and saves it.
 */
import { useTranslation } from 'react-i18next';
import { languages } from '../i18n';

/** The computer's settings being edited. */
export interface ComputerSettingsDraft {
  language: (typeof languages)[number];
  serverUrl: string;
}

/** The language select and the server URL input; `onChange` receives the changed field only. */
export function ComputerSettingsFields({ draft, onChange }: { draft: ComputerSettingsDraft; onChange(change: Partial<ComputerSettingsDraft>): void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor="language">{t('settings.language')}</label>
        <select id="language" value={draft.language} onChange={(e) => onChange({ language: e.target.value as (typeof languages)[number] })}>
          {languages.map((l) => (
            <option key={l} value={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="server-url">{t('settings.serverUrl')}</label>
        <input id="server-url" type="url" value={draft.serverUrl} onChange={(e) => onChange({ serverUrl: e.target.value })} spellCheck={false} />
      </div>
    </>
  );
}
