/**
 * Per-item sync state of a registration or membership (renderer/sync `itemState$`): queued (a
 * local change waits to be sent), sent (the server has it and has not decided yet), confirmed or
 * rejected, or refused for good by the server (with its reason). Shows nothing while signed out (no sync running).
 */
import { useTranslation } from 'react-i18next';
import { useItemSyncState } from '../hooks/sync';

export function ItemSyncBadge({ collection, id, decided = false }: { collection: 'registrations' | 'memberships'; id: string; /** the server already gave a verdict (e.g. incomplete): hide "sent" */ decided?: boolean }) {
  const { t } = useTranslation();
  const state = useItemSyncState(collection, id);
  if (!state || state.state === 'confirmed' || state.state === 'rejected' || (decided && state.state === 'sent')) return null;
  if (state.state === 'refused')
    return (
      <span className="badge bad" data-sync-state="refused" title={state.reason ?? undefined}>
        {t('itemState.refused')}
        {state.reason ? <span className="reason">: {state.reason}</span> : null}
      </span>
    );
  return (
    <span className={`sync-badge ${state.state}`} data-sync-state={state.state}>
      {t(`itemState.${state.state}`)}
    </span>
  );
}
