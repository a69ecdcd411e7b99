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
  replaced: 'muted',
  cancelled: 'muted',
  settled: 'ok',
  'refund-due': 'warn',
};

/**
 * `status` picks the tone and (unless `label` is given) the text `status.<status>`; `reason` is
 * shown after it and as the tooltip.
 */
export function StatusBadge({ status, reason, label }: { status: string; reason?: string | null; label?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${tone[status] ?? 'info'}`} data-status={status} title={reason ?? undefined}>
      {status === 'points-assigned' ? '✓ ' : ''}
      {label ?? t(`status.${status}`)}
      {reason ? <span className="reason">: {reason}</span> : null}
    </span>
  );
}
