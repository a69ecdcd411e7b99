/**
 * The registered products of one organisation, newest first, with the server's verdict per item
 * (green check with points, "incomplete: what is missing", "already registered elsewhere") and the
 * per-item sync state. Why a registration is incomplete is worded from the server's statusReason
 * (`field: reason` pairs) when it has that shape, else from the local rule check (shared/program
 * `checkRegistration`), so it reads in the UI language: "Missing: …" only for empty fields, the
 * matching `problem.<reason>` text otherwise (see ./registrationReason).
 */
import { useTranslation } from 'react-i18next';
import { checkRegistration, normaliseSerial } from '../../shared/program';
import type { Registration } from '../../shared/schemas';
import { useCatalog } from '../app/catalog';
import { useRegistrations } from '../hooks/registrations';
import { todayIso } from '../app/ids';
import { ItemSyncBadge } from './ItemSyncBadge';
import { describeProblems, parseStatusReason } from './registrationReason';
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

export function RegistrationList({ organisationId, title }: { organisationId: string; title?: string }) {
  const { t } = useTranslation();
  const { byId } = useCatalog();
  const { docs } = useRegistrations(organisationId);
  if (!organisationId) return null;
  const sorted = [...docs].sort((a, b) => (b.createdAt ?? b.updatedAt).localeCompare(a.createdAt ?? a.updatedAt));
  const reasonOf = (r: Registration): string | null => {
    if (r.status === 'incomplete') {
      const fromServer = parseStatusReason(r.statusReason);
      if (fromServer.length) return describeProblems(fromServer, t);
      const check = checkRegistration(r, byId.get(r.productModelId), { today: todayIso() });
      return describeProblems(check.problems, t) ?? r.statusReason ?? null;
    }
    if (r.status === 'rejected') return r.statusReason ?? null;
    return null;
  };
  return (
    <section aria-labelledby="registered-title" className="registrations">
      <h2 id="registered-title">
        {title ?? t('counter.registered')} <span className="count">({sorted.length})</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="hint">{t('counter.empty')}</p>
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
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => {
              const model = byId.get(r.productModelId);
              const heldHere = r.status === 'rejected-duplicate' && heldByThisOrganisation(r, docs);
              return (
                <tr key={r.id} data-serial={r.serialNumber} data-status={r.status}>
                  <td>{model ? `${model.code} — ${model.name}` : r.productModelId}</td>
                  <td className="mono">{r.serialNumber}</td>
                  <td>
                    {r.purchaseDate ?? '—'}
                    {r.purchaseDateEstimated ? ` (${t('counter.bestGuess').toLowerCase()})` : ''}
                  </td>
                  <td>
                    <StatusBadge status={r.status} reason={heldHere ? null : reasonOf(r)} label={heldHere ? t('counter.duplicateHereStatus') : undefined} /> <ItemSyncBadge collection="registrations" id={r.id} decided={r.status !== 'draft'} />
                  </td>
                  <td className="num">{r.status === 'points-assigned' ? r.points : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
