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
import { useOrganisations } from '../hooks/organisations';
import { useCatalog } from '../app/catalog';
import { useDates } from '../app/dates';
import { renderMessage } from '../app/message';
import { refusalMessage } from '../app/reasons';
import { lastSyncedAt, shownSyncState } from '../app/syncState';

export function SyncScreen() {
  const { t, i18n } = useTranslation();
  const knows = (key: string) => i18n.exists(key);
  const { dateTime } = useDates();
  const { byId } = useCatalog();
  const { user, status, sync, needsSignIn } = useSession();
  const time = (iso: string | null) => (iso ? dateTime(iso) : '—');
  const online = usePlatformOnline();
  const state = shownSyncState(Boolean(user), needsSignIn, online, status);
  const last = lastSyncedAt(status);
  const refusals = useRefusals();
  const actions = useActions();
  const uploadStates = useEvidenceUploadStates();
  const { docs: evidence } = useEvidenceDocuments();
  const withState = evidence.filter((e) => uploadStates.has(e.id));
  const { docs: organisations } = useOrganisations();
  const organisationName = (id: unknown) => (typeof id === 'string' ? organisations.find((o) => o.id === id)?.name ?? null : null);
  /** The refused item in words: its name, product model and serial, or file — never an id. */
  const itemLabel = (r: Refusal) => {
    const d = r.document;
    const model = typeof d.productModelId === 'string' ? byId.get(d.productModelId) : undefined;
    const what =
      typeof d.name === 'string'
        ? d.name
        : typeof d.serialNumber === 'string'
          ? `${model ? model.code : ''} ${d.serialNumber}`.trim()
          : typeof d.fileName === 'string'
            ? d.fileName
            : typeof d.tierId === 'string'
              ? (organisationName(d.organisationId) ?? '')
              : '';
    return what ? `${t(`collection.${r.collection}`)}: ${what}` : t(`collection.${r.collection}`);
  };
  /** Why it was refused, in the UI language (renderer/app/reasons.ts). */
  const refusalText = (r: Refusal) => {
    const organisation = organisationName(r.collection === 'organisations' ? r.id : (r.document.organisationId ?? r.params?.organisationId)) ?? (typeof r.document.name === 'string' ? r.document.name : null);
    if (r.code === organisationRefusedCode) {
      // the organisation's own refusal, when it is still listed, says why in the UI language
      const own = refusals.find((x) => x.collection === 'organisations' && x.id === r.document.organisationId);
      const reason = own ? renderMessage(t, refusalMessage(own.code, own.params, own.message, { organisationName: organisation, knows })) : t('refusal.unknown');
      return t('sync.organisationRefused', { reason });
    }
    return renderMessage(t, refusalMessage(r.code, r.params, r.message, { organisationName: organisation, knows }));
  };
  /** A collection's last error in the UI language: by its kind, a refusal by its code. */
  const errorText = (e: { kind: string; code: string | null; message: string }) =>
    e.kind === 'rejected' ? renderMessage(t, refusalMessage(e.code, null, e.message, { knows })) : t(`syncError.${e.kind}`, { defaultValue: t('failure.unexpected') });
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
        {user ? <p data-testid="sync-last-synced">{last ? t('syncState.lastSynced', { time: dateTime(last) }) : t('syncState.neverSynced')}</p> : null}
        {status?.nextRetryAt ? <p className="hint">{t('sync.nextRetry', { time: dateTime(new Date(status.nextRetryAt).toISOString()) })}</p> : null}
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
                  <td>{c.lastError ? <span className="error-text" title={c.lastError.message}>{errorText(c.lastError)}</span> : '—'}</td>
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
                  <td className="error-text" title={r.message}>
                    {refusalText(r)}
                  </td>
                  <td>{dateTime(r.at)}</td>
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
