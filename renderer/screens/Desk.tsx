/**
 * The back office's desk (role `back-office`): the queue of organisations awaiting validation
 * (`#/desk`) and the review of one (`#/desk/<organisationId>`). Online only: it reads the
 * program server directly (renderer/actions/desk.ts), not the local replica.
 */
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { DeskQueue } from '../desk/Queue';
import { DeskReview } from '../desk/Review';

export function DeskScreen({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (user?.role !== 'back-office')
    return (
      <section className="screen">
        <h1>{t('desk.title')}</h1>
        <p className="hint">{t('desk.backOfficeOnly')}</p>
      </section>
    );
  return id ? <DeskReview id={id} /> : <DeskQueue />;
}
