/**
 * Settings: language and program server (this computer), dealer identity and default country of
 * purchase (the signed-in user's own, renderer/accounts), sign-in and sign-out.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/platform/api';
import { cleanText } from '../../shared/text';
import { useApp } from '../app/context';
import { CountrySelect } from '../components/CountrySelect';
import { SignInPanel } from '../components/SignInPanel';
import { ComputerSettingsFields } from '../components/ComputerSettingsFields';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings, updateSettings, platform } = useApp();
  const [draft, setDraft] = useState(settings);
  const [message, setMessage] = useState<{ key: string; values?: Record<string, string> } | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => setDraft(settings), [settings]);
  useEffect(() => {
    void platform.appInfo().then(setInfo);
  }, [platform]);

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      await updateSettings({ language: draft.language, serverUrl: draft.serverUrl.trim(), dealerName: draft.dealerName.trim(), defaultCountry: draft.defaultCountry });
      setMessage({ key: 'settings.saved' });
    } catch (error) {
      console.warn('settings.invalid:', error); // the validation's English detail, for the log
      setMessage({ key: 'settings.invalid' });
    }
  }

  return (
    <section aria-labelledby="settings-title" className="screen">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <h2 className="visually-hidden">{t('settings.preferences')}</h2>
      <p className="hint">{t('account.userSettings')}</p>
      <form className="settings-form" onSubmit={save}>
        <ComputerSettingsFields draft={draft} onChange={(change) => setDraft({ ...draft, ...change })} />
        <div className="field">
          <label htmlFor="dealer-name">{t('settings.dealerName')}</label>
          <input id="dealer-name" value={draft.dealerName} onChange={(e) => setDraft({ ...draft, dealerName: cleanText(e.target.value) })} />
        </div>
        <CountrySelect id="default-country" label={t('settings.defaultCountry')} value={draft.defaultCountry} onChange={(c) => setDraft({ ...draft, defaultCountry: c })} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
          <span role="status">{message ? t(message.key, message.values) : ''}</span>
        </div>
      </form>
      <SignInPanel />
      <h2>{t('settings.about')}</h2>
      <p>{info ? t('settings.version', { version: info.version, platform: info.platform }) : ''}</p>
    </section>
  );
}
