/** A status as a coloured badge with an icon-free text label (and the reason as title and text). */
import { useTranslation } from 'react-i18next';

const tone: Record<string, string> = {
  'points-assigned': 'ok',
  validated: 'ok',
  active: 'ok',
  paid: 'ok',
  incomplete: 'warn',
  'pending-validation': 'info',
  draft: 'info',
  requested: 'info',
  open: 'info',
  'rejected-duplicate': 'bad',
  rejected: 'bad',
  overdue: 'bad',
  expired: 'muted',
};

export function StatusBadge({ status, reason }: { status: string; reason?: string | null }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${tone[status] ?? 'info'}`} data-status={status} title={reason ?? undefined}>
      {status === 'points-assigned' ? '✓ ' : ''}
      {t(`status.${status}`)}
      {reason ? <span className="reason">: {reason}</span> : null}
    </span>
  );
}
