/**
 * Evidence files in the UI: the upload state of each evidence document's file (renderer/sync
 * `uploads.ts`: waiting, uploading n %, stored, refused with the reason in the user's language),
 * and the organisation's evidence list with "Replace document…", which works offline — the new
 * file is read (OCR) and stored locally at once, and uploads when the server is reachable.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActions } from '../actions';
import { useApp } from '../app/context';
import { renderMessage, uiMessage, type UiMessage } from '../app/message';
import type { EvidenceUploadState } from '../sync/uploads';
import type { EvidenceDocument } from '../../shared/schemas';
import type { EvidenceFields } from '../../shared/ocr/types';
import { useEvidenceDocuments, useEvidenceUploadStates } from '../hooks/evidence';
import { isEvidenceError } from '../../shared/ocr/errors';
import { readEvidenceFile } from './evidence/reader';
import { failureMessage } from '../app/failures';

/** The text of an upload state in the user's language. */
export function useUploadStateText(): (s: EvidenceUploadState) => string {
  const { t } = useTranslation();
  return (s) => {
    if (s.state === 'uploading') return t('upload.uploading', { percent: s.percent });
    if (s.state === 'stored') return t('upload.stored');
    if (s.state === 'refused') return t('upload.refusedWith', { reason: t(`upload.refused.${s.code}`, { defaultValue: s.message }) });
    return t(`upload.waiting.${s.reason}`);
  };
}

/** Badge with the upload state of one evidence document's file. */
export function EvidenceUploadBadge({ state }: { state: EvidenceUploadState | undefined }) {
  const text = useUploadStateText();
  if (!state) return null;
  const cls = state.state === 'refused' ? 'badge bad' : state.state === 'stored' ? 'badge good' : `sync-badge ${state.state === 'uploading' ? 'sent' : 'queued'}`;
  return (
    <span className={cls} data-upload-state={state.state} role="status" title={state.state === 'refused' ? state.message : undefined}>
      {text(state)}
      {state.state === 'uploading' ? <progress max={100} value={state.percent} aria-hidden="true" /> : null}
    </span>
  );
}

/** The evidence documents of an organisation with their upload state and "Replace document…". */
export function EvidenceList({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const { platform } = useApp();
  const actions = useActions();
  const { docs } = useEvidenceDocuments(organisationId);
  const states = useEvidenceUploadStates();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<UiMessage | null>(null);

  async function replace(doc: EvidenceDocument) {
    setMessage(null);
    const opened = await platform.openDocument();
    if (!opened) return;
    setBusy(doc.id);
    try {
      let fields: EvidenceFields = {};
      try {
        fields = (await readEvidenceFile(opened)).fields;
      } catch (e) {
        // A file that cannot be a scan is refused here; an OCR failure still attaches the file (the back office reads it).
        if (isEvidenceError(e) && ['encrypted', 'corrupt', 'empty', 'unsupported-type', 'too-large'].includes(e.code)) {
          setMessage(uiMessage(`evidence.error.${e.code}`, { message: e.message }));
          return;
        }
        fields = {};
      }
      if (!(await actions.replaceEvidenceFile(doc.id, opened, fields))) return;
      setMessage(uiMessage('upload.replaced', { name: opened.name }));
    } catch (e) {
      setMessage(failureMessage('upload.replaceFailed', e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel evidence-files" aria-labelledby="evidence-files-title">
      <h2 id="evidence-files-title">{t('upload.title')}</h2>
      {docs.length === 0 ? <p className="hint">—</p> : null}
      <ul>
        {docs.map((e) => (
          <li key={e.id} data-evidence-id={e.id}>
            <span>
              {t(`evidenceKind.${e.kind}`)} ({e.fileName})
            </span>{' '}
            <EvidenceUploadBadge state={states.get(e.id)} />{' '}
            <button type="button" disabled={busy !== null} onClick={() => void replace(e as EvidenceDocument)} aria-label={t('upload.replaceLabel', { name: e.fileName })}>
              {busy === e.id ? t('app.loading') : t('upload.replace')}
            </button>
          </li>
        ))}
      </ul>
      <p role="status">{renderMessage(t, message)}</p>
    </section>
  );
}
