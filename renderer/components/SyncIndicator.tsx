/**
 * Sync state in the window chrome: connection (online / offline / sign in again / signed out),
 * the number of local changes waiting for the server, the number the server refused for good, and
 * a link to the Sync screen.
 */
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { usePlatformOnline } from '../app/online';
import { hrefFor } from '../app/route';

export function SyncIndicator() {
  const { t } = useTranslation();
  const { user, status, needsSignIn } = useSession();
  const online = usePlatformOnline();
  const state = !user ? 'signed-out' : needsSignIn ? 'unauthorized' : !online ? 'offline' : (status?.connection ?? 'connecting');
  const pending = status?.pendingLocalChanges ?? 0;
  const refused = status?.refusedDocuments ?? 0;
  // RxDB keeps live collections 'active' while streaming: show work only while something waits to be sent
  const busy = pending > 0 && (status ? Object.values(status.collections).some((c) => c?.active) : false);
  return (
    <a className={`sync-indicator ${state}`} href={hrefFor('sync')} data-state={state} aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {t(`syncState.${state}`)}
      {busy ? <span className="busy">{t('sync.working')}</span> : null}
      {pending > 0 ? <span className="pending">{t('sync.pending', { count: pending })}</span> : null}
      {refused > 0 ? <span className="refused">{t('sync.refusedCount', { count: refused })}</span> : null}
    </a>
  );
}
