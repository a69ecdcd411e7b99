/**
 * New business account (docs/program.md#business-account): pick the evidence kind, import the scanned document (OCR
 * fills the form; the scan is shown with the source of each field highlighted, low-confidence
 * fields are flagged), correct anything, give the old CPS e-mail for migration, and submit.
 * Submitting writes the organisation, the evidence document and its file to the local database in
 * one retryable step (renderer/actions/organisations.ts `submitOrganisation`): queued until sync sends it. A value the
 * user typed always wins over what the scan reads, also when typed while the scan was being read.
 * A role that may not open business accounts (a studio manager) is told so instead of a form.
 * While the program server is reachable, a VAT number that passes its checksum is checked with
 * VIES through the server (renderer/hooks/vatCheck.ts); where the scan was unsure or found nothing,
 * the registered name and address are offered with one click (renderer/organisations/vatCheck.ts).
 * Offline nothing is asked and nothing changes; the check never holds up saving.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LOW_CONFIDENCE } from '../../shared/ocr/extract';
import { cleanText } from '../../shared/text';
import { isEvidenceError, type EvidenceErrorCode } from '../../shared/ocr/errors';
import type { EvidenceFieldName, EvidenceFields, EvidenceStage, Extraction } from '../../shared/ocr/types';
import { switchParty } from '../../shared/ocr/switchParty';
import { checkOrganisationApplication } from '../../shared/program/application';
import { mayCreateOrganisation } from '../../shared/program/roles';
import { evidenceKinds, type EvidenceKind } from '../../shared/schemas';
import type { OpenedFile } from '../../shared/platform/api';
import { useActions } from '../actions';
import { useApp } from '../app/context';
import { newId } from '../app/ids';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import { navigate, openEvidenceKey } from '../app/route';
import { useSession } from '../app/session';
import { CountrySelect } from '../components/CountrySelect';
import { EvidencePreview } from '../components/evidence/EvidencePreview';
import { readEvidenceFile } from '../components/evidence/reader';
import { selectedOrganisationKey } from '../hooks/organisations';
import { failureMessage } from '../app/failures';
import { useServerReachable, useVatCheck } from '../hooks/vatCheck';
import { registeredOffer, takeRegistered, vatNumberToCheck } from '../organisations/vatCheck';
import { VatCheckPanel } from '../components/VatCheckPanel';
import { ProblemList } from '../components/ProblemList';

/** Form fields filled from the scan, in form order. */
/** Reading errors that mean the file itself cannot be opened, so no preview of it is shown. */
const unreadableCodes = new Set<EvidenceErrorCode>(['encrypted', 'corrupt', 'empty', 'unsupported-type', 'too-large', 'image-too-large', 'page-too-large', 'too-complex']);
const textFields = ['name', 'legalForm', 'street', 'houseNumber', 'postcode', 'city', 'vatNumber', 'chamberNumber'] as const;
type TextField = (typeof textFields)[number];
type Draft = Record<TextField | 'country' | 'email' | 'legacyEmail', string>;

export function NewOrganisation() {
  const { t } = useTranslation();
  const { platform, settings } = useApp();
  const actions = useActions();
  const { user } = useSession();
  const [kind, setKind] = useState<EvidenceKind>('chamber-extract');
  const [file, setFile] = useState<OpenedFile | null>(null);
  const [fields, setFields] = useState<EvidenceFields>({});
  const [reading, setReading] = useState<Extraction | null>(null);
  const [progress, setProgress] = useState<{ page: number; pages: number; stage: EvidenceStage } | null>(null);
  const [ocrMessage, setOcrMessage] = useState<UiMessage | null>(null);
  /** The imported file itself could not be read (damaged, encrypted, wrong type…): no preview then. */
  const [unreadable, setUnreadable] = useState(false);
  const [active, setActive] = useState<string | null>(null);
  const [edited, setEdited] = useState<Set<string>>(new Set());
  /** Fields taken from the EU VAT service's registered details (VIES), shown as such. */
  const [fromRegister, setFromRegister] = useState<ReadonlySet<string>>(new Set());
  /** The fields typed so far, read when a scan's result arrives (not when its reading started). */
  const editedRef = useRef<Set<string>>(edited);
  /** Ids of this form's organisation and evidence document, chosen once: a retried submit finishes the same ones. */
  const ids = useRef<{ organisation: string; evidence: string } | null>(null);
  const [draft, setDraft] = useState<Draft>({ name: '', legalForm: '', street: '', houseNumber: '', postcode: '', city: '', vatNumber: '', chamberNumber: '', country: settings.defaultCountry, email: '', legacyEmail: '' });
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<UiMessage | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function importScan() {
    setError(null);
    const opened = await platform.openDocument();
    if (!opened) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setFile(opened);
    setFields({});
    setOcrMessage(null);
    setUnreadable(false);
    setProgress({ page: 0, pages: 1, stage: 'open' });
    try {
      const result = await readEvidenceFile(opened, { country: draft.country, signal: controller.signal, onProgress: (page, pages, stage) => setProgress({ page, pages, stage }) });
      if (result.kindConfidence >= 0.5) setKind(result.kind);
      applyReading(result, false);
      const found = Object.keys(result.fields).length;
      setOcrMessage(uiMessage('evidence.read', { count: found }));
    } catch (e) {
      if (abort.current !== controller) return; // a newer import replaced this one
      if (isEvidenceError(e) && unreadableCodes.has(e.code)) setUnreadable(true);
      setOcrMessage(isEvidenceError(e) ? uiMessage(`evidence.error.${e.code}`, { message: e.message }) : uiMessage('evidence.error.engine', { message: String(e) }));
    } finally {
      setProgress(null);
    }
  }

  /**
   * Puts a reading's fields into the form: fields the user edited stay, unless `takeAll` (the
   * user switched to another party of the document: its fields replace the form's, and fields
   * that party lacks are emptied).
   */
  /**
   * Puts an OCR reading into the form. `takeAll` (the user switched to another party) replaces
   * every field; otherwise a field the user typed — as the edits stand when the result arrives,
   * not when the import started — keeps the typed value.
   */
  function applyReading(result: Extraction, takeAll: boolean) {
    setReading(result);
    setFields(result.fields);
    setDraft((d) => mergeScanIntoDraft(d, result.fields, takeAll ? new Set() : editedRef.current, takeAll));
    if (takeAll) {
      editedRef.current = new Set();
      setEdited(editedRef.current);
    }
  }


  // the application menu's "Open evidence…" (Ctrl/Cmd+O) lands here and opens the dialog at once
  useEffect(() => {
    const open = () => {
      if (sessionStorage.getItem(openEvidenceKey)) {
        sessionStorage.removeItem(openEvidenceKey);
        void importScanRef.current();
      }
    };
    open();
    window.addEventListener(openEvidenceKey, open);
    return () => window.removeEventListener(openEvidenceKey, open);
  }, []);
  const importScanRef = useRef(importScan);
  importScanRef.current = importScan;

  function set(name: keyof Draft, value: string) {
    setDraft((d) => ({ ...d, [name]: cleanText(value) })); // typed or pasted: no control characters (shared/text)
    editedRef.current = new Set(editedRef.current).add(name);
    setEdited(editedRef.current);
    if (fromRegister.has(name)) setFromRegister((s) => new Set([...s].filter((f) => f !== name)));
  }

  // the form's rules live in shared/program (application.ts); the submit action checks the same
  const { vat, kvk, problems: found } = checkOrganisationApplication({ ...draft, evidenceKind: kind, hasEvidenceFile: file !== null });
  const problems = found.map((p) => ('error' in p ? t(`newOrg.problem.${p.code}`, { error: t(`identifierError.${p.error}`) }) : t(`newOrg.problem.${p.code}`)));

  // the VIES cross-check: only online, only a number passing its checksum; never blocks saving
  const serverReachable = useServerReachable();
  const vatCheck = useVatCheck(vatNumberToCheck(vat, serverReachable));
  const offer = registeredOffer(vatCheck.kind === 'done' ? vatCheck.check : null, draft, fields, edited);
  /** Takes the registered name or address into the form: as chosen by the user, so a later scan keeps it. */
  function takeFromRegister(part: 'name' | 'address') {
    const { draft: next, filled } = takeRegistered(draft, offer, part, editedRef.current);
    setDraft(next);
    editedRef.current = new Set([...editedRef.current, ...filled]);
    setEdited(editedRef.current);
    setFromRegister((s) => new Set([...s, ...filled]));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (problems.length > 0 || !file) return;
    ids.current ??= { organisation: newId(), evidence: newId() };
    const id = ids.current.organisation;
    try {
      await actions.submitOrganisation({ ids: ids.current, draft, evidenceKind: kind, file, scanFields: fields, dealerId: user?.dealerId ?? '' });
      sessionStorage.setItem(selectedOrganisationKey, id);
      navigate('organisations', id);
    } catch (e) {
      setError(failureMessage('newOrg.saveFailed', e));
    }
  }

  const fieldLabel = (name: string) => t(`org.${name}`);
  const sourceNote = (name: EvidenceFieldName) => {
    if (fromRegister.has(name)) return t('vatCheck.fromRegister');
    const f = fields[name];
    if (!f) return '\u00a0';
    const low = f.confidence < LOW_CONFIDENCE || f.invalid;
    const note = t('evidence.fromScan', { page: f.page, confidence: Math.round(f.confidence * 100) });
    return low ? `${note} — ${t('evidence.checkThis')}` : edited.has(name) ? `${note} — ${t('evidence.edited')}` : note;
  };
  const isLow = (name: EvidenceFieldName) => {
    const f = fields[name];
    return Boolean(f && (f.confidence < LOW_CONFIDENCE || f.invalid) && !edited.has(name));
  };

  const heading = (
    <>
      <p>
        <a href="#/organisations">{t('newOrg.back')}</a>
      </p>
      <h1 id="new-org-title">{t('organisations.new')}</h1>
    </>
  );

  if (!mayCreateOrganisation(user?.role ?? null)) {
    return (
      <section aria-labelledby="new-org-title" className="screen new-organisation">
        {heading}
        <p className="panel hint" data-testid="not-for-role">
          {t('roles.cannotCreateOrganisation')}
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="new-org-title" className="screen new-organisation">
      {heading}
      <div className="evidence-layout">
        <form className="panel org-form" onSubmit={submit} noValidate aria-describedby="new-org-problems">
          <fieldset className="evidence-kind">
            <legend>{t('evidence.kind')}</legend>
            {evidenceKinds.map((k) => (
              <label key={k} className="inline">
                <input type="radio" name="evidence-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`evidenceKind.${k}`)}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="button" onClick={() => void importScan()} disabled={progress !== null}>
              {t('evidence.import')}
            </button>
            {progress ? (
              <>
                <progress max={Math.max(1, progress.pages)} value={progress.page} aria-label={t('evidence.reading')} />
                <span>{t(`evidence.stage.${progress.stage}`, { page: progress.page, pages: progress.pages })}</span>
                <button type="button" onClick={() => abort.current?.abort()}>
                  {t('common.cancel')}
                </button>
              </>
            ) : (
              <span role="status" className="ocr-status">
                {renderMessage(t, ocrMessage)}
              </span>
            )}
          </div>
          {reading?.otherParties?.some((p) => p.fields.name) ? (
            <div className="actions party-switch">
              {reading.otherParties.map((p, i) =>
                p.fields.name ? (
                  <button key={i} type="button" onClick={() => applyReading(switchParty(reading, i), true)}>
                    {t('evidence.useParty', { name: p.fields.name.value, role: t(`evidence.partyRole.${p.role}`) })}
                  </button>
                ) : null,
              )}
            </div>
          ) : null}
          <div className="org-fields">
            {textFields.map((name) => [
              <div key={name} className={`field${isLow(name) ? ' low-confidence' : ''}`} data-field={name}>
                <label htmlFor={`org-${name}`}>{fieldLabel(name)}</label>
                <input
                  id={`org-${name}`}
                  value={draft[name]}
                  onChange={(e) => set(name, e.target.value)}
                  onFocus={() => setActive(name)}
                  onBlur={() => setActive(null)}
                  aria-invalid={isLow(name) || (name === 'vatNumber' && vat ? !vat.valid : name === 'chamberNumber' && kvk ? !kvk.valid : undefined)}
                  aria-describedby={`org-${name}-source`}
                  spellCheck={false}
                />
                <p id={`org-${name}-source`} className={isLow(name) ? 'hint warning' : 'hint'}>
                  {sourceNote(name)}
                </p>
              </div>,
              name === 'vatNumber' ? <VatCheckPanel key="vat-check" state={vatCheck} offer={offer} onTake={takeFromRegister} /> : null,
            ])}
            <CountrySelect id="org-country" label={fieldLabel('country')} value={draft.country} onChange={(c) => set('country', c)} />
            <div className="field">
              <label htmlFor="org-email">{fieldLabel('email')}</label>
              <input id="org-email" type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} autoComplete="email" />
            </div>
            <div className="field">
              <label htmlFor="org-legacyEmail">{fieldLabel('legacyEmail')}</label>
              <input id="org-legacyEmail" type="email" value={draft.legacyEmail} onChange={(e) => set('legacyEmail', e.target.value)} aria-describedby="org-legacy-hint" />
              <p id="org-legacy-hint" className="hint">
                {t('newOrg.legacyHint')}
              </p>
            </div>
          </div>
          <div id="new-org-problems" className="problems" aria-live="polite">
            {submitted ? <ProblemList problems={problems} /> : null}
            {error ? <p className="error-text">{renderMessage(t, error)}</p> : null}
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              {t('newOrg.submit')}
            </button>
            <span className="hint">{t('newOrg.submitHint')}</span>
          </div>
        </form>
        <div className="evidence-side">
          {file && !unreadable ? (
            <EvidencePreview bytes={file.bytes} mimeType={file.mimeType} fileName={file.name} fields={fields} activeField={active} fieldLabel={fieldLabel} />
          ) : (
            <p className="hint panel">{t('evidence.none')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * The draft after a scan was read: each field the scan found replaces the draft's value unless the
 * user typed that field (`edited`, as it is when the result arrives). `clearMissing` also empties
 * the fields the scan did not find (a switch to another party). Values are cleaned of control
 * characters (shared/text).
 */
export function mergeScanIntoDraft(draft: Draft, found: EvidenceFields, edited: ReadonlySet<string>, clearMissing = false): Draft {
  const next = { ...draft };
  for (const name of textFields) {
    const f = found[name];
    if (f && !edited.has(name)) next[name] = cleanText(f.value);
    else if (!f && clearMissing) next[name] = '';
  }
  const c = found.country;
  if (c && !edited.has('country')) next.country = cleanText(c.value);
  return next;
}
