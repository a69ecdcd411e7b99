/**
 * The registered products of one organisation, newest first, with the server's verdict per item
 * (green check with points, "incomplete: what is missing", "already registered elsewhere"), the
 * per-item sync state, a "needs attention" filter, and per row a Fix button that opens the
 * registration's editor (../components/RegistrationEditor) while no points are assigned. Why a registration is incomplete is worded from the server's statusReason
 * (`field: reason` pairs) when it has that shape, else from the local rule check (shared/program
 * `checkRegistration`), so it reads in the UI language: "Missing: …" only for empty fields, the
 * matching `problem.<reason>` text otherwise (see ./registrationReason).
 */
import { Fragment, useRef, useState } from 'react';
import { useDates } from '../app/dates';
import { useTranslation } from 'react-i18next';
import { normaliseSerial } from '../../shared/program';
import type { Registration } from '../../shared/schemas';
import { useCatalog } from '../app/catalog';
import { useRegistrations } from '../hooks/registrations';
import { todayIso } from '../app/ids';
import { ItemSyncBadge } from './ItemSyncBadge';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { registrationAttention, type RegistrationAttention } from '../registrations/attention';
import { useActions } from '../actions';
import { ActionRefused } from '../actions/errors';
import { describeProblems } from './registrationReason';
import { RegistrationEditor } from './RegistrationEditor';
import { StatusBadge } from './StatusBadge';

/**
 * True when a rejected duplicate's (model, serial) is held by another, not rejected registration of
 * the same organisation in the local replica (`sameOrganisation`: that organisation's registrations),
 * so the row can say "already registered for this organisation" instead of "elsewhere".
 */
function heldByThisOrganisation(r: Registration, sameOrganisation: Registration[]): boolean {
  const serial = normaliseSerial(r.serialNumber);
  return sameOrganisation.some(
    (o) => o.id !== r.id && o.productModelId === r.productModelId && normaliseSerial(o.serialNumber) === serial && o.status !== 'rejected-duplicate' && o.status !== 'rejected',
  );
}

/** Runs a fix or withdrawal: `done` when it was written, the "points assigned" message when the action refused it (the server confirmed it meanwhile). */
async function refusedAs(write: () => Promise<void>, done: UiMessage): Promise<UiMessage> {
  try {
    await write();
    return done;
  } catch (error) {
    if (error instanceof ActionRefused) return uiMessage('registration.locked');
    throw error;
  }
}

export function RegistrationList({ organisationId, title }: { organisationId: string; title?: string }) {
  const { t } = useTranslation();
  const { fixRegistration, withdrawRegistration } = useActions();
  const { byId } = useCatalog();
  const { docs } = useRegistrations(organisationId);
  const [filter, setFilter] = useState<'all' | 'attention'>('all');
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const fixButtons = useRef(new Map<string, HTMLButtonElement>());
  const { date } = useDates();
  if (!organisationId) return null;
  const today = todayIso();
  const sorted = [...docs].sort((a, b) => (b.createdAt ?? b.updatedAt).localeCompare(a.createdAt ?? a.updatedAt));
  const rows = sorted.map((r) => ({ r, model: byId.get(r.productModelId), attention: registrationAttention(r, byId.get(r.productModelId), today) }));
  const needing = rows.filter((x) => x.attention.needsAttention);
  const shown = filter === 'attention' ? needing : rows;
  const reasonOf = (r: Registration, problems: RegistrationAttention['problems']): string | null => {
    if (r.status === 'incomplete') return describeProblems(problems, t) ?? r.statusReason ?? null;
    if (r.status === 'rejected') return r.statusReason ?? null;
    return null;
  };
  const close = (id: string) => {
    setEditing(null);
    // Back to the row's Fix button (keyboard users continue where they were).
    setTimeout(() => fixButtons.current.get(id)?.focus(), 0);
  };
  const label = (r: Registration) => ({ model: byId.get(r.productModelId)?.code ?? '', serial: r.serialNumber });
  return (
    <section aria-labelledby="registered-title" className="registrations">
      <h2 id="registered-title">
        {title ?? t('counter.registered')} <span className="count">({sorted.length})</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="hint">{t('counter.empty')}</p>
      ) : (
        <>
          <fieldset className="segmented registration-filter">
            <legend className="visually-hidden">{t('registration.filterLabel')}</legend>
            <label className="inline">
              <input type="radio" name={`reg-filter-${organisationId}`} checked={filter === 'all'} onChange={() => setFilter('all')} /> {t('registration.filterAll', { count: rows.length })}
            </label>
            <label className="inline">
              <input type="radio" name={`reg-filter-${organisationId}`} checked={filter === 'attention'} onChange={() => setFilter('attention')} /> {t('registration.filterAttention', { count: needing.length })}
            </label>
          </fieldset>
          <p className="saved-message" role="status">
            {renderMessage(t, message)}
          </p>
          {shown.length === 0 ? (
            <p className="hint">{t('registration.noneNeedAttention')}</p>
          ) : (
            <table className="data-table" aria-labelledby="registered-title">
              <thead>
                <tr>
                  <th scope="col">{t('counter.model')}</th>
                  <th scope="col">{t('counter.serial')}</th>
                  <th scope="col">{t('counter.purchaseDate')}</th>
                  <th scope="col">{t('organisations.status')}</th>
                  <th scope="col" className="num">
                    {t('points.column')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('registration.fix')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map(({ r, model, attention }) => {
                  const heldHere = r.status === 'rejected-duplicate' && heldByThisOrganisation(r, docs);
                  // What the server has not said yet: a draft's own problems, from the local check.
                  const localProblems = r.status === 'draft' && attention.problems.length > 0 ? describeProblems(attention.problems, t) : null;
                  return (
                    <Fragment key={r.id}>
                      <tr data-serial={r.serialNumber} data-status={r.status} data-attention={attention.needsAttention ? 'true' : undefined}>
                        <td>{model ? `${model.code} — ${model.name}` : r.productModelId}</td>
                        <td className="mono">{r.serialNumber}</td>
                        <td>
                          {date(r.purchaseDate)}
                          {r.purchaseDate && r.purchaseDateEstimated ? ` (${t('counter.bestGuess').toLowerCase()})` : ''}
                        </td>
                        <td>
                          <StatusBadge status={r.status} reason={heldHere ? null : reasonOf(r, attention.problems)} label={heldHere ? t('counter.duplicateHereStatus') : undefined} />{' '}
                          <ItemSyncBadge collection="registrations" id={r.id} decided={r.status !== 'draft'} />
                          {localProblems ? <p className="hint warning row-problems">{localProblems}</p> : null}
                        </td>
                        <td className="num">{r.status === 'points-assigned' ? r.points : '—'}</td>
                        <td>
                          {attention.editable ? (
                            <button
                              type="button"
                              ref={(el) => {
                                if (el) fixButtons.current.set(r.id, el);
                                else fixButtons.current.delete(r.id);
                              }}
                              aria-label={t('registration.editTitle', label(r))}
                              aria-expanded={editing === r.id}
                              onClick={() => setEditing(editing === r.id ? null : r.id)}
                            >
                              {t('registration.fix')}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                      {editing === r.id ? (
                        <tr className="editor-row">
                          <td colSpan={6}>
                            <RegistrationEditor
                              registration={r}
                              focus={attention.focus}
                              siblings={docs}
                              onClose={() => close(r.id)}
                              onSave={async (fix) => {
                                setMessage(await refusedAs(() => fixRegistration(r.id, fix), uiMessage('registration.saved', { model: byId.get(fix.productModelId)?.code ?? '', serial: fix.serialNumber })));
                                close(r.id);
                              }}
                              onWithdraw={async () => {
                                setMessage(await refusedAs(() => withdrawRegistration(r.id), uiMessage('registration.withdrawn', label(r))));
                                setEditing(null);
                              }}
                            />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
