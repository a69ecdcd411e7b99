/**
 * Sign in / sign out against the program server (Settings screen). The password is sent once to
 * the server and never stored; the token goes to the platform's secret store (see app/session).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInError, useSession } from '../app/session';
import { useApp } from '../app/context';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { cleanText } from '../../shared/text';

export function SignInPanel() {
  const { t } = useTranslation();
  const { settings } = useApp();
  const { user, needsSignIn, tokenStorage, signIn, signOut } = useSession();
  const [email, setEmail] = useState(settings.userEmail);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<UiMessage | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const u = await signIn(email.trim(), password);
      setPassword('');
      setMessage(uiMessage('signIn.done', { name: u.name }));
    } catch (e) {
      setMessage(e instanceof SignInError ? uiMessage(`signIn.error_${e.reason}`, { message: e.message }) : uiMessage('signIn.error_server', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  if (user && !needsSignIn) {
    return (
      <div className="panel sign-in">
        <p data-testid="signed-in-as">{t('sync.signedInAs', { name: user.name, email: user.email })}</p>
        {tokenStorage === 'memory' ? <p className="hint warning">{t('signIn.insecure')}</p> : null}
        <div className="actions">
          <button type="button" onClick={() => void signOut()}>
            {t('signIn.signOut')}
          </button>
          <span role="status">{renderMessage(t, message)}</span>
        </div>
      </div>
    );
  }
  return (
    <form className="panel sign-in settings-form" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{needsSignIn ? t('signIn.again') : t('signIn.title')}</h2>
      <div className="field">
        <label htmlFor="sign-in-email">{t('signIn.email')}</label>
        <input id="sign-in-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(cleanText(e.target.value))} required />
      </div>
      <div className="field">
        <label htmlFor="sign-in-password">{t('signIn.password')}</label>
        <input id="sign-in-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
        <span role="status">{renderMessage(t, message)}</span>
      </div>
    </form>
  );
}
