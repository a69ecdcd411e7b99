/**
 * Sync screen: the connection, "retry now", and per collection the outbox (local changes not yet
 * confirmed by the server), last pull and push, and the last error in words.
 */
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { usePlatformOnline } from '../app/online';
import { hrefFor } from '../app/route';

export function SyncScreen() {
  const { t, i18n } = useTranslation();
  const { user, status, sync, needsSignIn } = useSession();
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(i18n.language) : '—');
  const online = usePlatformOnline();
  const state = !user ? 'signed-out' : needsSignIn ? 'unauthorized' : !online ? 'offline' : (status?.connection ?? 'connecting');
  return (
    <section aria-labelledby="sync-title" className="screen">
      <h1 id="sync-title">{t('sync.title')}</h1>
      <div className="panel sync-summary">
        <p>
          <strong>{t('sync.connection')}: </strong>
          <span data-testid="sync-connection" data-state={state}>
            {t(`syncState.${state}`)}
          </span>
        </p>
        <p>{user ? t('sync.signedInAs', { name: user.name, email: user.email }) : <a href={hrefFor('settings')}>{t('sync.signInFirst')}</a>}</p>
        <p role="status">{status ? t('sync.pending', { count: status.pendingLocalChanges }) : ''}</p>
        {status?.nextRetryAt ? <p className="hint">{t('sync.nextRetry', { time: new Date(status.nextRetryAt).toLocaleTimeString(i18n.language) })}</p> : null}
        <div className="actions">
          <button type="button" className="primary" disabled={!sync} onClick={() => sync?.retryNow()}>
            {t('sync.retryNow')}
          </button>
        </div>
      </div>
      {status ? (
        <table className="data-table">
          <caption className="visually-hidden">{t('sync.collections')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sync.collection')}</th>
              <th scope="col">{t('sync.direction')}</th>
              <th scope="col" className="num">
                {t('sync.outbox')}
              </th>
              <th scope="col">{t('sync.lastPull')}</th>
              <th scope="col">{t('sync.lastPush')}</th>
              <th scope="col">{t('sync.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.values(status.collections).map((c) =>
              c ? (
                <tr key={c.collection} data-collection={c.collection}>
                  <td>
                    {t(`collection.${c.collection}`)} {c.active && (c.pendingLocalChanges > 0 || !c.lastPullAt) ? <span className="badge info">{t('sync.working')}</span> : null}
                  </td>
                  <td>{t(`sync.direction_${c.direction}`)}</td>
                  <td className="num">{c.direction === 'both' ? c.pendingLocalChanges : '—'}</td>
                  <td>{time(c.lastPullAt)}</td>
                  <td>{c.direction === 'both' ? time(c.lastPushAt) : '—'}</td>
                  <td>{c.lastError ? <span className="error-text">{c.lastError.message}</span> : '—'}</td>
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
