/**
 * The sign-in screen shown when nobody is signed in and others have data on this computer: the
 * computer's settings (language, program server), the people who have data here (e-mail only:
 * picking one fills the sign-in form, "switch user"), and the sign-in form. No one's data is
 * opened until the server has said who signs in.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalAccount, Settings, UserSettings } from '../../shared/platform/settings';
import type { LoginResponse } from '../../shared/sync/protocol';
import { SignInForm } from '../components/SignInForm';
import { ComputerSettingsFields } from '../components/ComputerSettingsFields';
import { serverOrigin } from './accounts';
import { login } from '../actions/auth';

function originOf(url: string): string | null {
  try {
    return serverOrigin(url);
  } catch {
    return null;
  }
}

export function SignedOutScreen({
  accounts,
  closing,
  settings,
  updateSettings,
  startSession,
}: {
  /** Who has data on this computer. */
  accounts: LocalAccount[];
  /** True while the previous user's replica is being closed (or removed). */
  closing: boolean;
  settings: Settings;
  updateSettings(patch: Partial<Settings & UserSettings>): Promise<unknown>;
  startSession(serverUrl: string, res: LoginResponse): Promise<void>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ language: settings.language, serverUrl: settings.serverUrl });
  const [saved, setSaved] = useState<{ key: string; values?: Record<string, string> } | null>(null);
  const [email, setEmail] = useState('');
  useEffect(() => {
    document.title = `${t('account.signInTitle')} — ${t('app.title')}`;
  }, [t]);

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      await updateSettings({ language: draft.language, serverUrl: draft.serverUrl.trim() });
      setSaved({ key: 'settings.saved' });
    } catch (error) {
      console.warn('settings.invalid:', error); // the validation's English detail, for the log
      setSaved({ key: 'settings.invalid' });
    }
  }

  const origin = originOf(settings.serverUrl);
  const here = accounts.filter((a) => a.serverOrigin === origin);

  return (
    <main id="main" className="shell signed-out" tabIndex={-1}>
      <section aria-labelledby="signed-out-title" className="screen">
        <h1 id="signed-out-title">{t('account.signInTitle')}</h1>
        <p className="hint">{t('account.perUser')}</p>
        {closing ? <p role="status">{t('account.signingOut')}</p> : null}
        <form className="settings-form" onSubmit={save}>
          <ComputerSettingsFields draft={draft} onChange={(change) => setDraft({ ...draft, ...change })} />
          <div className="actions">
            <button type="submit" className="primary">
              {t('common.save')}
            </button>
            <span role="status">{saved ? t(saved.key, saved.values) : ''}</span>
          </div>
        </form>
        {here.length > 0 ? (
          <div className="panel switch-user" data-testid="switch-user">
            <h2>{t('account.switchUser')}</h2>
            <p className="hint">{t('account.switchUserHint')}</p>
            <ul>
              {here.map((a) => (
                <li key={a.key}>
                  <button type="button" onClick={() => (setEmail(a.email), document.getElementById('sign-in-password')?.focus())}>
                    {a.email}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <SignInForm
          title={t('signIn.title')}
          email={email}
          onEmail={setEmail}
          signIn={async (e, password) => {
            const res = await login(settings.serverUrl, e, password);
            await startSession(settings.serverUrl, res);
            return res.user;
          }}
        />
      </section>
    </main>
  );
}
