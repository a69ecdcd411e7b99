/**
 * "Correct and submit again" for a rejected business account (docs/program.md#business-account):
 * the organisation's own details as a form (the fields the back office may have pointed out), and
 * Submit again. A new scan is attached with "Replace document…" in the evidence list beside it.
 * Presentational: the organisation screen passes the account and the action that writes it.
 * The checks are the new-account form's: a name, a valid VAT number (with its checksum) or an
 * address, a valid KvK number for NL, well-formed e-mail addresses.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { validateKvkNumber, validateVatNumber } from '../../shared/identifiers';
import type { Organisation } from '../../shared/schemas';
import { cleanText } from '../../shared/text';
import { CountrySelect } from './CountrySelect';
import { failureMessage } from '../app/failures';
import { renderMessage } from '../app/message';
import { ProblemList } from './ProblemList';

const textFields = ['name', 'legalForm', 'street', 'houseNumber', 'postcode', 'city', 'vatNumber', 'chamberNumber', 'email', 'legacyEmail'] as const;

/** The client-owned details a correction may change. */
export type OrganisationCorrection = Record<(typeof textFields)[number] | 'country', string>;

const emailOk = (v: string) => !v.trim() || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim());

/** The correction as stored: trimmed, valid identifiers in their normalised form, an empty old e-mail as null. */
function normalised(d: OrganisationCorrection): Omit<OrganisationCorrection, 'legacyEmail'> & { legacyEmail: string | null } {
  const trimmed = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.trim()])) as OrganisationCorrection;
  const vat = trimmed.vatNumber ? validateVatNumber(trimmed.vatNumber, trimmed.country) : null;
  const kvk = trimmed.chamberNumber && trimmed.country === 'NL' ? validateKvkNumber(trimmed.chamberNumber) : null;
  return {
    ...trimmed,
    vatNumber: vat?.valid ? vat.normalised : trimmed.vatNumber,
    chamberNumber: kvk?.valid ? kvk.normalised : trimmed.chamberNumber,
    legacyEmail: trimmed.legacyEmail || null,
  };
}

export function ResubmitPanel({
  organisation,
  onResubmit,
}: {
  organisation: Organisation;
  onResubmit: (correction: ReturnType<typeof normalised>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<OrganisationCorrection>(() => {
    const o = organisation as unknown as Record<string, unknown>;
    const v = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
    return { ...Object.fromEntries(textFields.map((k) => [k, v(k)])), country: v('country') } as OrganisationCorrection;
  });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const set = (k: keyof OrganisationCorrection, value: string) => setDraft((d) => ({ ...d, [k]: cleanText(value) }));

  const vat = draft.vatNumber.trim() ? validateVatNumber(draft.vatNumber, draft.country) : null;
  const kvk = draft.chamberNumber.trim() && draft.country === 'NL' ? validateKvkNumber(draft.chamberNumber) : null;
  const problems: string[] = [];
  if (!draft.name.trim()) problems.push(t('newOrg.problem.name'));
  if (!draft.vatNumber.trim() && !(draft.street.trim() && draft.city.trim())) problems.push(t('newOrg.problem.address'));
  if (vat && !vat.valid) problems.push(t('newOrg.problem.vat', { error: t(`identifierError.${vat.error}`) }));
  if (kvk && !kvk.valid) problems.push(t('newOrg.problem.kvk', { error: t(`identifierError.${kvk.error}`) }));
  if (!emailOk(draft.email) || !emailOk(draft.legacyEmail)) problems.push(t('newOrg.problem.email'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (problems.length) return;
    setBusy(true);
    setFailed(null);
    try {
      await onResubmit(normalised(draft));
    } catch (e) {
      setFailed(renderMessage(t, failureMessage('resubmit.failed', e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel resubmit" onSubmit={submit} noValidate aria-labelledby="resubmit-title" aria-busy={busy}>
      <h2 id="resubmit-title">{t('resubmit.title')}</h2>
      <p className="hint">{t('resubmit.intro')}</p>
      <div className="org-fields">
        {textFields.map((name) => (
          <div key={name} className="field" data-field={name}>
            <label htmlFor={`resubmit-${name}`}>{t(`org.${name}`)}</label>
            <input
              id={`resubmit-${name}`}
              type={name === 'email' || name === 'legacyEmail' ? 'email' : 'text'}
              value={draft[name]}
              onChange={(e) => set(name, e.target.value)}
              aria-invalid={name === 'vatNumber' && vat ? !vat.valid : name === 'chamberNumber' && kvk ? !kvk.valid : undefined}
              spellCheck={false}
            />
          </div>
        ))}
        <CountrySelect id="resubmit-country" label={t('org.country')} value={draft.country} onChange={(c) => set('country', c)} />
      </div>
      <div aria-live="polite">
        {tried ? <ProblemList problems={problems} /> : null}
        {failed ? <p className="error-text">{failed}</p> : null}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('resubmit.submit')}
        </button>
      </div>
    </form>
  );
}
