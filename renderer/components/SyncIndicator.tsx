/**
 * Sync state in the window chrome: connection (online / no network / server not reachable / sign
 * in again / signed out, renderer/app/syncState.ts), when it last synced, the number of local
 * changes waiting for the server, the number the server refused for good, and a link to the Sync
 * screen.
 */
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { usePlatformOnline } from '../app/online';
import { hrefFor } from '../app/route';
import { lastSyncedAt, shownSyncState } from '../app/syncState';
import { useDates } from '../app/dates';

export function SyncIndicator() {
  const { t } = useTranslation();
  const { dateTime } = useDates();
  const { user, status, needsSignIn } = useSession();
  const online = usePlatformOnline();
  const state = shownSyncState(Boolean(user), needsSignIn, online, status);
  const pending = status?.pendingLocalChanges ?? 0;
  const refused = status?.refusedDocuments ?? 0;
  const last = lastSyncedAt(status);
  const lastText = last ? t('syncState.lastSynced', { time: dateTime(last) }) : t('syncState.neverSynced');
  // RxDB keeps live collections 'active' while streaming: show work only while something waits to be sent
  const busy = pending > 0 && (status ? Object.values(status.collections).some((c) => c?.active) : false);
  return (
    <a className={`sync-indicator ${state}`} href={hrefFor('sync')} data-state={state} aria-live="polite" title={user ? lastText : undefined}>
      <span className="dot" aria-hidden="true" />
      {t(`syncState.${state}`)}
      {user && state !== 'online' ? (
        <span className="last-synced" data-last-synced={last ?? ''}>
          {lastText}
        </span>
      ) : null}
      {busy ? <span className="busy">{t('sync.working')}</span> : null}
      {pending > 0 ? <span className="pending">{t('sync.pending', { count: pending })}</span> : null}
      {refused > 0 ? <span className="refused">{t('sync.refusedCount', { count: refused })}</span> : null}
    </a>
  );
}
