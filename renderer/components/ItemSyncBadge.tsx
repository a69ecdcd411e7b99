/**
 * Per-item sync state of a registration or membership (renderer/sync `itemState$`): queued (a
 * local change waits to be sent), sent (the server has it and has not decided yet), confirmed or
 * rejected, or refused for good by the server (with its reason). Shows nothing while signed out (no sync running).
 */
import { useTranslation } from 'react-i18next';
import { useItemSyncState } from '../hooks/sync';
import { useOrganisation } from '../hooks/organisations';
import { refusalMessage } from '../app/reasons';
import { renderMessage } from '../app/message';
import type { ItemSyncState } from '../sync/itemState';

export function ItemSyncBadge({ collection, id, decided = false }: { collection: 'registrations' | 'memberships'; id: string; /** the server already gave a verdict (e.g. incomplete): hide "sent" */ decided?: boolean }) {
  const { t } = useTranslation();
  const state = useItemSyncState(collection, id);
  if (!state || state.state === 'confirmed' || state.state === 'rejected' || (decided && state.state === 'sent')) return null;
  if (state.state === 'refused') return <RefusedBadge state={state} />;
  return (
    <span className={`sync-badge ${state.state}`} data-sync-state={state.state}>
      {t(`itemState.${state.state}`)}
    </span>
  );
}

/** "Refused: <why>" worded from the catalogs with the refusal's code and parameters, the organisation named (never its id). */
function RefusedBadge({ state }: { state: ItemSyncState }) {
  const { t, i18n } = useTranslation();
  const organisation = useOrganisation(state.refusal?.organisationId ?? '');
  const why = state.refusal ? renderMessage(t, refusalMessage(state.refusal.code, state.refusal.params, state.reason ?? '', { organisationName: organisation?.name ?? null, knows: (key) => i18n.exists(key) })) : '';
  return (
    <span className="badge bad" data-sync-state="refused" title={why || undefined}>
      {t('itemState.refused')}
      {why ? <span className="reason">: {why}</span> : null}
    </span>
  );
}
