/**
 * Sync screen: the connection, "retry now", per collection the outbox (local changes not yet
 * confirmed by the server), last pull and push, and the last error in words; and the documents
 * the server refused for good, with its reason (renderer/sync/refusals.ts); and the evidence files
 * with their upload state (renderer/sync/uploads.ts).
 */
import { useTranslation } from 'react-i18next';
import { organisationRefusedCode, type Refusal } from '../sync/refusals';
import { useSession } from '../app/session';
import { usePlatformOnline } from '../app/online';
import { hrefFor } from '../app/route';
import { useActions } from '../actions';
import { EvidenceUploadBadge } from '../components/EvidenceUploads';
import { useEvidenceDocuments, useEvidenceUploadStates } from '../hooks/evidence';
import { useRefusals } from '../hooks/sync';

export function SyncScreen() {
  const { t, i18n } = useTranslation();
  const { user, status, sync, needsSignIn } = useSession();
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(i18n.language) : '—');
  const online = usePlatformOnline();
  const state = !user ? 'signed-out' : needsSignIn ? 'unauthorized' : !online ? 'offline' : (status?.connection ?? 'connecting');
  const refusals = useRefusals();
  const actions = useActions();
  const uploadStates = useEvidenceUploadStates();
  const { docs: evidence } = useEvidenceDocuments();
  const withState = evidence.filter((e) => uploadStates.has(e.id));
  const itemLabel = (r: Refusal) => {
    const d = r.document;
    const what =
      typeof d.name === 'string'
        ? d.name
        : typeof d.serialNumber === 'string'
          ? `${String(d.productModelId ?? '')} ${d.serialNumber}`.trim()
          : typeof d.fileName === 'string'
            ? d.fileName
            : r.id;
    return `${t(`collection.${r.collection}`)}: ${what}`;
  };
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
        {refusals.length > 0 ? <p className="error-text">{t('sync.refusedCount', { count: refusals.length })}</p> : null}
        {status?.nextRetryAt ? <p className="hint">{t('sync.nextRetry', { time: new Date(status.nextRetryAt).toLocaleTimeString(i18n.language) })}</p> : null}
        <div className="actions">
          <button type="button" className="primary" disabled={!sync} onClick={() => actions.retrySync()}>
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
      {withState.length > 0 ? (
        <section aria-labelledby="sync-files-title" className="panel" data-testid="sync-files">
          <h2 id="sync-files-title">{t('upload.syncTitle')}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('upload.file')}</th>
                <th scope="col">{t('upload.state')}</th>
              </tr>
            </thead>
            <tbody>
              {withState.map((e) => (
                <tr key={e.id} data-evidence-id={e.id}>
                  <td>
                    <a href={hrefFor('organisations', e.organisationId)}>
                      {t(`evidenceKind.${e.kind}`)} ({e.fileName})
                    </a>
                  </td>
                  <td>
                    <EvidenceUploadBadge state={uploadStates.get(e.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {refusals.length > 0 ? (
        <section aria-labelledby="sync-refused-title" className="panel" data-testid="sync-refusals">
          <h2 id="sync-refused-title">{t('sync.refusedTitle')}</h2>
          <p className="hint">{t('sync.refusedIntro')}</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('sync.refusedItem')}</th>
                <th scope="col">{t('sync.refusedReason')}</th>
                <th scope="col">{t('sync.refusedAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('sync.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {refusals.map((r) => (
                <tr key={`${r.collection}/${r.id}`} data-refused-id={r.id}>
                  <td>{itemLabel(r)}</td>
                  <td className="error-text">{r.code === organisationRefusedCode ? t('sync.organisationRefused', { reason: r.message }) : r.message}</td>
                  <td>{new Date(r.at).toLocaleString(i18n.language)}</td>
                  <td className="actions">
                    <button type="button" aria-label={t('sync.resendLabel', { item: itemLabel(r) })} onClick={() => void actions.resendRefused(r.collection, r.id)}>
                      {t('sync.resend')}
                    </button>
                    <button type="button" aria-label={t('sync.dismissLabel', { item: itemLabel(r) })} onClick={() => void actions.dismissRefusal(r.collection, r.id)}>
                      {t('sync.dismiss')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}
