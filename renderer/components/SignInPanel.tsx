/**
 * Sign in / sign out against the program server (Settings screen).
 *
 * Sign-out tells the truth: it shows how many changes the server has not confirmed yet and offers
 * "Sign out (keep them on this computer)" — they are sent when this user signs in again, under
 * their own token only — or "Remove my data from this computer", which asks a second time and
 * then deletes this user's local replica, token and settings (app/session, renderer/accounts).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActions } from '../actions';
import { useSession } from '../app/session';
import { SignInForm } from './SignInForm';
import { failureMessage } from '../app/failures';
import { renderMessage, type UiMessage } from '../app/message';

type Step = { kind: 'idle' } | { kind: 'ask'; unsynced: number } | { kind: 'confirm-remove'; unsynced: number } | { kind: 'busy' };

export function SignInPanel() {
  const { t } = useTranslation();
  const { user, needsSignIn, tokenStorage } = useSession();
  const { signIn, signOut, countUnsyncedChanges } = useActions();
  const [email, setEmail] = useState(user?.email ?? '');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [failure, setFailure] = useState<UiMessage | null>(null);

  async function ask() {
    setFailure(null);
    const unsynced = await countUnsyncedChanges();
    setStep({ kind: 'ask', unsynced });
  }

  async function finish(removeData: boolean) {
    setStep({ kind: 'busy' });
    try {
      await signOut({ removeData });
    } catch (e) {
      setFailure(failureMessage('account.signOutFailed', e));
      setStep({ kind: 'idle' });
    }
  }

  const signOutFlow = (
    <div className="sign-out" data-testid="sign-out">
      {step.kind === 'idle' ? (
        <div className="actions">
          <button type="button" onClick={() => void ask()}>
            {t('signIn.signOut')}
          </button>
        </div>
      ) : step.kind === 'busy' ? (
        <p role="status">{t('account.signingOut')}</p>
      ) : (
        <div role="group" aria-labelledby="sign-out-question" className="panel">
          <p id="sign-out-question" data-testid="unsynced-count">
            {step.unsynced > 0 ? t('account.unsynced', { count: step.unsynced }) : t('account.allSynced')}
          </p>
          {step.kind === 'ask' ? (
            <div className="actions">
              <button type="button" className="primary" onClick={() => void finish(false)}>
                {t('account.keep')}
              </button>
              <button type="button" className="danger" onClick={() => setStep({ kind: 'confirm-remove', unsynced: step.unsynced })}>
                {t('account.remove')}
              </button>
              <button type="button" onClick={() => setStep({ kind: 'idle' })}>
                {t('common.cancel')}
              </button>
            </div>
          ) : (
            <div role="alertdialog" aria-labelledby="remove-warning" className="actions">
              <p id="remove-warning" className="warning">
                {step.unsynced > 0 ? t('account.removeWarningUnsynced', { count: step.unsynced }) : t('account.removeWarning')}
              </p>
              <button type="button" className="danger" onClick={() => void finish(true)}>
                {t('account.removeConfirm')}
              </button>
              <button type="button" onClick={() => setStep({ kind: 'idle' })}>
                {t('common.cancel')}
              </button>
            </div>
          )}
        </div>
      )}
      {failure ? <p className="error-text">{renderMessage(t, failure)}</p> : null}
    </div>
  );

  if (user && !needsSignIn) {
    return (
      <div className="panel sign-in">
        <p data-testid="signed-in-as">{t('sync.signedInAs', { name: user.name, email: user.email })}</p>
        {tokenStorage === 'memory' ? <p className="hint warning">{t('signIn.insecure')}</p> : null}
        {signOutFlow}
      </div>
    );
  }
  return (
    <>
      <SignInForm title={needsSignIn ? t('signIn.again') : t('signIn.title')} email={email} onEmail={setEmail} signIn={signIn} />
      {user ? <div className="panel sign-in">{signOutFlow}</div> : null}
    </>
  );
}
