/**
 * The sign-in form (e-mail and password), used on the sign-in screen and, when a session ended,
 * in Settings. The password is sent once to the server and never stored.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInError } from '../actions/auth';
import type { SessionUser } from '../accounts/replica';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { failureMessage } from '../app/failures';
import { cleanText } from '../../shared/text';

/** `signIn` resolves with the signed-in user or throws (SignInError for the known reasons). */
export function SignInForm({ title, email, onEmail, signIn }: { title: string; email: string; onEmail(email: string): void; signIn(email: string, password: string): Promise<SessionUser> }) {
  const { t } = useTranslation();
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
      // no network and a wrong password have their own words; anything else is worded by its cause
      // (the server's code), its English detail goes to the log
      const plain = e instanceof SignInError && (e.reason === 'network' || (e.reason === 'credentials' && (e.code === null || e.code === 'invalid-credentials')));
      setMessage(plain ? uiMessage(`signIn.error_${(e as SignInError).reason}`) : failureMessage('signIn.error_server', e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel sign-in settings-form" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{title}</h2>
      <div className="field">
        <label htmlFor="sign-in-email">{t('signIn.email')}</label>
        <input id="sign-in-email" type="email" autoComplete="username" value={email} onChange={(e) => onEmail(cleanText(e.target.value))} required />
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
