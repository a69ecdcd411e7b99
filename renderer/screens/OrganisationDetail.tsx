/**
 * One organisation: its details and status as the server set it, points and tiers, registered
 * products with status badges, memberships, the evidence files with their upload state (replace a
 * document, also offline), the actions its status allows (a rejected account: correct and submit
 * again, ResubmitPanel), and the migration of an old CPS account (dry-run preview from the
 * server, then confirm).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActions, type MigrationReport } from '../actions';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { hrefFor } from '../app/route';
import { SignInError, useSession } from '../app/session';
import { PointsPanel } from '../components/PointsPanel';
import { RegistrationList } from '../components/RegistrationList';
import { useEvidenceDocuments } from '../hooks/evidence';
import { useOrganisation } from '../hooks/organisations';
import { useRegistrations } from '../hooks/registrations';
import { StatusBadge } from '../components/StatusBadge';
import { MembershipList } from '../components/MembershipList';
import { useCatalog } from '../app/catalog';
import { EvidenceList } from '../components/EvidenceUploads';
import { ResubmitPanel } from '../components/ResubmitPanel';
import { organisationActions } from '../../shared/program/organisation';
import { failureMessage } from '../app/failures';

export function OrganisationDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const organisation = useOrganisation(id);
  const { docs: registrations, loading } = useRegistrations(id);
  const { resubmitOrganisation } = useActions();
  const { docs: evidence } = useEvidenceDocuments(id);
  if (!organisation) {
    return (
      <section className="screen" aria-labelledby="org-title">
        <h1 id="org-title">{loading ? t('app.loading') : t('organisations.notFound')}</h1>
        <a href={hrefFor('organisations')}>{t('newOrg.back')}</a>
      </section>
    );
  }
  const o = organisation;
  const allowed = organisationActions(o.status);
  const address = [[o.street, o.houseNumber].filter(Boolean).join(' '), [o.postcode, o.city].filter(Boolean).join(' '), o.country].filter(Boolean).join(', ');
  return (
    <section aria-labelledby="org-title" className="screen organisation-detail">
      <p>
        <a href={hrefFor('organisations')}>{t('newOrg.back')}</a>
      </p>
      <div className="screen-head">
        <h1 id="org-title">{o.name}</h1>
        <StatusBadge status={o.status} reason={o.status === 'rejected' ? o.statusReason : null} />
      </div>
      <p className="hint" data-testid="org-status-explained">
        {t(`orgStatusExplained.${o.status}`)}
      </p>
      {o.status === 'pending-validation' && o.statusReason ? (
        // The back office asked for something (e.g. a new evidence document); the account stays pending.
        <p className="notice warn" role="status" data-testid="org-back-office-request">
          {t('org.backOfficeRequest', { reason: o.statusReason })}
        </p>
      ) : null}
      <div className="detail-grid">
        <dl className="panel facts">
          <dt>{t('org.legalForm')}</dt>
          <dd>{o.legalForm || '—'}</dd>
          <dt>{t('org.address')}</dt>
          <dd>{address || '—'}</dd>
          <dt>{t('org.vatNumber')}</dt>
          <dd className="mono">{o.vatNumber || '—'}</dd>
          <dt>{t('org.chamberNumber')}</dt>
          <dd className="mono">{o.chamberNumber || '—'}</dd>
          <dt>{t('org.email')}</dt>
          <dd>{o.email || '—'}</dd>
          <dt>{t('org.legacyEmail')}</dt>
          <dd>{o.legacyEmail || '—'}</dd>
          <dt>{t('evidence.kind')}</dt>
          <dd>{evidence.length ? evidence.map((e) => `${t(`evidenceKind.${e.kind}`)} (${e.fileName})`).join('; ') : '—'}</dd>
        </dl>
        <PointsPanel registrations={registrations} />
      </div>
      {/* Only what the account's status allows (shared/program/organisation.ts). */}
      <div className="actions">
        {allowed.registerGear ? (
          <a className="button" href={hrefFor('counter')} onClick={() => sessionStorage.setItem('cps-desk.selectedOrganisation', o.id)}>
            {t('organisations.registerGear')}
          </a>
        ) : null}
        {allowed.signUp ? (
          <a className="button primary" href={hrefFor('membership', o.id)}>
            {t('organisations.signUp')}
          </a>
        ) : (
          <span className="hint">{allowed.registerGear ? t('resubmit.signUpAfterValidation') : t('resubmit.notYet')}</span>
        )}
      </div>
      {allowed.resubmit ? (
        <ResubmitPanel
          key={o.updatedAt}
          organisation={o}
          onResubmit={async (fields) => {
            await resubmitOrganisation(o.id, fields);
          }}
        />
      ) : null}
      <EvidenceList organisationId={o.id} />
      {o.legacyEmail ? <Migration organisationId={o.id} legacyEmail={o.legacyEmail} validated={o.status === 'validated'} /> : null}
      <MembershipList organisationId={o.id} />
      <RegistrationList organisationId={o.id} />
    </section>
  );
}

function Migration({ organisationId, legacyEmail, validated }: { organisationId: string; legacyEmail: string; validated: boolean }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { migrateLegacyProducts } = useActions();
  const { byId } = useCatalog();
  const [report, setReport] = useState<MigrationReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await migrateLegacyProducts(organisationId, dryRun);
      setReport(r);
      if (!dryRun) setMessage(uiMessage('migration.done', { count: r.migrated.length }));
    } catch (e) {
      setMessage(e instanceof SignInError && e.reason === 'network' ? uiMessage('migration.offline') : failureMessage('migration.failed', e));
    } finally {
      setBusy(false);
    }
  };
  const model = (id: string) => byId.get(id)?.code ?? id;
  return (
    <section className="panel migration" aria-labelledby="migration-title" aria-busy={busy}>
      <h2 id="migration-title">{t('migration.title', { email: legacyEmail })}</h2>
      {!validated ? <p className="hint">{t('migration.afterValidation')}</p> : null}
      <div className="actions">
        <button type="button" disabled={busy || !user || !validated} onClick={() => void run(true)}>
          {t('migration.preview')}
        </button>
        {report?.dryRun ? (
          <button type="button" className="primary" disabled={busy || report.migrated.length === 0} onClick={() => void run(false)}>
            {t('migration.confirm', { count: report.migrated.length })}
          </button>
        ) : null}
        <span role="status">{busy ? t('app.loading') : renderMessage(t, message)}</span>
      </div>
      {report ? (
        <div className="migration-report">
          <p>{t('migration.pointsChange', { before: report.pointsBefore, after: report.pointsAfter, change: report.pointsChange })}</p>
          <h3>{report.dryRun ? t('migration.wouldMove', { count: report.migrated.length }) : t('migration.moved', { count: report.migrated.length })}</h3>
          <ul>
            {report.migrated.map((i) => (
              <li key={i.legacyId}>
                {model(i.productModelId)} <span className="mono">{i.serialNumber}</span>
                {i.points ? ` — ${t('common.points', { count: i.points })}` : ''}
              </li>
            ))}
          </ul>
          {report.claimedElsewhere.length ? (
            <>
              <h3>{t('migration.claimedElsewhere', { count: report.claimedElsewhere.length })}</h3>
              <ul>
                {report.claimedElsewhere.map((i) => (
                  <li key={i.legacyId}>
                    {model(i.productModelId)} <span className="mono">{i.serialNumber}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.alreadyMigrated.length ? <p className="hint">{t('migration.alreadyMigrated', { count: report.alreadyMigrated.length })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
