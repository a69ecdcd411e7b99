/** The registered products of one organisation, newest first, with the server's verdict per item. */
import { useTranslation } from 'react-i18next';
import { useCatalog } from '../app/catalog';
import { useApp, useLiveQuery } from '../app/context';
import { StatusBadge } from './StatusBadge';

export function RegistrationList({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const { db } = useApp();
  const { byId } = useCatalog();
  const { docs } = useLiveQuery(db.registrations, organisationId ? { selector: { organisationId } } : null, `regs:${organisationId}`);
  if (!organisationId) return null;
  const sorted = [...docs].sort((a, b) => (b.createdAt ?? b.updatedAt).localeCompare(a.createdAt ?? a.updatedAt));
  return (
    <section aria-labelledby="registered-title" className="registrations">
      <h2 id="registered-title">{t('counter.registered')}</h2>
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
                {t('common.points', { count: 2 }).replace(/^\d+\s*/, '')}
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => {
              const model = byId.get(r.productModelId);
              return (
                <tr key={r.id} data-serial={r.serialNumber} data-status={r.status}>
                  <td>{model ? `${model.code} — ${model.name}` : r.productModelId}</td>
                  <td className="mono">{r.serialNumber}</td>
                  <td>
                    {r.purchaseDate ?? '—'}
                    {r.purchaseDateEstimated ? ` (${t('counter.bestGuess').toLowerCase()})` : ''}
                  </td>
                  <td>
                    <StatusBadge status={r.status} reason={r.statusReason} />
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
