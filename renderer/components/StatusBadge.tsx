/** A status as a coloured badge with an icon-free text label (and the reason as title and text). */
import { useTranslation } from 'react-i18next';
import { renderMessage } from '../app/message';
import { statusReasonMessage } from '../app/reasons';

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
 * shown after it and as the tooltip: a server reason code (a document's `statusReason`) is worded
 * in the UI language (renderer/app/reasons.ts), any other text is shown as it is.
 */
export function StatusBadge({ status, reason, label }: { status: string; reason?: string | null; label?: string }) {
  const { t } = useTranslation();
  const text = renderMessage(t, statusReasonMessage(reason)).replace(/\.$/, '');
  return (
    <span className={`badge ${tone[status] ?? 'info'}`} data-status={status} title={text || undefined}>
      {status === 'points-assigned' ? '✓ ' : ''}
      {label ?? t(`status.${status}`)}
      {text ? <span className="reason">: {text}</span> : null}
    </span>
  );
}
