/**
 * The review of one organisation awaiting validation: the scan beside the submitted and
 * OCR-read fields (differences highlighted, each field's source box on the scan), identifier
 * checksum checks, the VIES check run by the server, possible duplicate accounts, the legacy
 * account's migration dry run, the decisions so far, and the decision panel (DecisionPanel.tsx).
 */
import { useDates } from '../app/dates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evidenceFieldNames } from '../../shared/ocr/types';
import type { OrganisationReview, ReviewEvidence } from '../../shared/sync/desk';
import { renderMessage } from '../app/message';
import { deskHref } from '../app/route';
import { deskErrorMessage } from './errors';
import { useEvidenceScan, useReview } from '../hooks/desk';
import { ScanViewer } from './ScanViewer';
import { DecisionPanel } from './DecisionPanel';
import { VatCheckPanel } from './VatCheckPanel';
import { StatusBadge } from '../components/StatusBadge';

/** Compares a submitted and a read value, ignoring case, blanks and punctuation. */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' ? v : '').normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
  return norm(a) === norm(b);
}

export function DeskReview({ id }: { id: string }) {
  const { t } = useTranslation();
  const review = useReview(id);
  if (review.error)
    return (
      <section className="screen desk">
        <a href={deskHref()}>{t('desk.back')}</a>
        <p className="error-text" role="alert">
          {renderMessage(t, deskErrorMessage(review.error))}
        </p>
      </section>
    );
  if (!review.value) return <p className="hint">{t('app.loading')}</p>;
  return <ReviewBody review={review.value} reload={review.reload} />;
}

function ReviewBody({ review, reload }: { review: OrganisationReview; reload(): void }) {
  const { t } = useTranslation();
  const org = review.organisation;
  const [evidenceId, setEvidenceId] = useState<string | null>(review.evidence.at(-1)?.id ?? null);
  const evidence = review.evidence.find((e) => e.id === evidenceId) ?? null;
  const scan = useEvidenceScan(evidence?.id ?? null);
  const [activeField, setActiveField] = useState<string | null>(null);
  const fieldLabel = (name: string) => t(`org.${name}`);
  const dates = useDates();
  const date = (iso: string) => dates.dateTime(iso);
  const fields = evidenceFieldNames.filter((f) => (typeof org[f] === 'string' && org[f]) || evidence?.extracted[f]);
  const sourceName = (source: string) => (source === 'submitted' ? t('desk.submittedValue') : t('desk.readValue'));

  return (
    <section aria-labelledby="review-title" className="screen desk desk-review" data-organisation-id={org.id}>
      <a href={deskHref()}>{t('desk.back')}</a>
      <div className="screen-head">
        <h1 id="review-title">{org.name}</h1>
        {org.status === 'pending-validation' ? (
          <span className={`badge due ${review.due}`}>
            {t('desk.businessDays', { count: review.ageBusinessDays })} · {t(`desk.dueState.${review.due}`, { date: dates.date(review.dueOn) })}
          </span>
        ) : (
          <StatusBadge status={org.status} />
        )}
      </div>
      {review.resubmission?.previousRejection ? (
        // Rejected before and submitted again: why it was rejected, so the clerk checks that first.
        <p className="notice warn" data-testid="resubmission">
          {t('desk.resubmission', {
            count: review.resubmission.count,
            by: review.resubmission.previousRejection.by,
            at: date(review.resubmission.previousRejection.at),
            reason: review.resubmission.previousRejection.reason,
          })}
        </p>
      ) : null}
      {review.documentRequest ? (
        <p className="notice warn" data-testid="document-request">
          {t('desk.requested', { reason: review.documentRequest.reason, by: review.documentRequest.by, at: date(review.documentRequest.at) })}
        </p>
      ) : null}
      <div className="desk-columns">
        <div className="desk-scan-column">
          {review.evidence.length > 1 ? (
            <div className="field">
              <label htmlFor="desk-evidence">{t('desk.evidence')}</label>
              <select id="desk-evidence" value={evidenceId ?? ''} onChange={(e) => setEvidenceId(e.target.value)}>
                {review.evidence.map((e) => (
                  <option key={e.id} value={e.id}>
                    {t(`evidenceKind.${e.kind}`)} — {e.fileName} ({date(e.updatedAt)})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {!evidence ? (
            <p className="hint">{t('desk.noEvidence')}</p>
          ) : scan.loading ? (
            <p className="hint">{t('desk.scan.loading')}</p>
          ) : scan.error ? (
            <p className="error-text" role="alert">
              {renderMessage(t, deskErrorMessage(scan.error))}
            </p>
          ) : !scan.value ? (
            <div className="notice scan-missing" data-testid="scan-not-uploaded">
              <strong>{t('desk.scan.notUploaded')}</strong>
              <p>{t('desk.scan.notUploadedHint', { file: evidence.fileName })}</p>
              <button type="button" onClick={scan.reload}>
                {t('desk.scan.retry')}
              </button>
            </div>
          ) : (
            <ScanViewer bytes={scan.value.bytes} mimeType={scan.value.mimeType} fileName={evidence.fileName} fields={evidence.extracted} activeField={activeField} fieldLabel={fieldLabel} />
          )}
        </div>
        <div className="desk-facts">
          <h2>{t('desk.fields')}</h2>
          <FieldTable fields={fields} org={org} evidence={evidence} fieldLabel={fieldLabel} onFocusField={setActiveField} />
          <h2>{t('desk.identifiers')}</h2>
          <ul className="desk-checks" data-testid="identifier-checks">
            {review.identifierChecks.map((c, i) => (
              <li key={i} className={c.valid ? 'ok' : 'bad'}>
                {c.valid ? '✓' : '✗'} {fieldLabel(c.field)} ({sourceName(c.source)}): <span className="mono">{c.value}</span> — {c.valid ? t('desk.checksumOk') : t(`desk.identifierError.${c.error ?? 'format'}`)}
              </li>
            ))}
            {review.identifierChecks.length === 0 ? <li className="hint">{t('desk.noIdentifiers')}</li> : null}
          </ul>
          <VatCheckPanel organisationId={org.id} vatNumber={typeof org.vatNumber === 'string' ? org.vatNumber : ''} initial={review.vatCheck} />
          <h2>{t('desk.duplicates')}</h2>
          {review.duplicates.length === 0 ? (
            <p className="hint">{t('desk.noDuplicates')}</p>
          ) : (
            <ul className="desk-duplicates" data-testid="duplicates">
              {review.duplicates.map((d) => (
                <li key={d.id}>
                  <strong>{d.name}</strong> — {t(`status.${d.status}`, { defaultValue: d.status })} · {t('desk.matchedOn', { fields: d.matchedOn.map(fieldLabel).join(', ') })}
                </li>
              ))}
            </ul>
          )}
          <h2>{t('desk.legacy')}</h2>
          {review.legacy ? (
            <p data-testid="legacy">
              {t('desk.legacyWouldMove', { email: review.legacy.legacyEmail, count: review.legacy.report.migrated.length })}
              {review.legacy.report.claimedElsewhere.length ? ` ${t('desk.legacyClaimed', { count: review.legacy.report.claimedElsewhere.length })}` : ''}
            </p>
          ) : (
            <p className="hint">{t('desk.noLegacy')}</p>
          )}
          <DecisionPanel review={review} viewedSha256={evidence && scan.value ? { [evidence.id]: scan.value.sha256 } : {}} onDecided={reload} />
          {review.decisions.length ? (
            <>
              <h2>{t('desk.history')}</h2>
              <ul className="desk-history">
                {review.decisions.map((d, i) => (
                  <li key={i}>
                    {date(d.at)} — {d.actor}: {t(`desk.action.${d.action}`, { defaultValue: d.action })}
                    {typeof d.details.reason === 'string' ? ` (${d.details.reason})` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function FieldTable({
  fields,
  org,
  evidence,
  fieldLabel,
  onFocusField,
}: {
  fields: readonly string[];
  org: Record<string, unknown>;
  evidence: ReviewEvidence | null;
  fieldLabel(name: string): string;
  onFocusField(name: string | null): void;
}) {
  const { t } = useTranslation();
  return (
    <table className="data-table desk-fields" data-testid="field-comparison">
      <thead>
        <tr>
          <th scope="col">{t('desk.field')}</th>
          <th scope="col">{t('desk.submittedValue')}</th>
          <th scope="col">{t('desk.readValue')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => {
          const read = evidence?.extracted[f];
          const submitted = typeof org[f] === 'string' ? (org[f] as string) : '';
          const differs = !!read && !!submitted && !sameValue(submitted, read.value);
          return (
            <tr
              key={f}
              data-field={f}
              className={differs ? 'differs' : read ? 'same' : undefined}
              tabIndex={0}
              onMouseEnter={() => onFocusField(f)}
              onFocus={() => onFocusField(f)}
              onMouseLeave={() => onFocusField(null)}
            >
              <th scope="row">{fieldLabel(f)}</th>
              <td className="mono">{submitted || '—'}</td>
              <td className="mono">
                {read ? (
                  <>
                    {read.value} <span className="hint">{t('evidence.fromScan', { page: read.page, confidence: Math.round(read.confidence * 100) })}</span>
                    {differs ? <strong className="differs-label"> {t('desk.differs')}</strong> : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
