/**
 * Submitting a new business account (an organisation applying with one evidence document): one
 * step that can be retried.
 *
 * The organisation is written as `draft` first, then the evidence document with its file
 * (attachment `file`), and only then is the organisation marked `pending-validation`. Every write
 * is keyed by ids the form chose once, so a retry after a failure anywhere finishes the SAME
 * organisation: nothing is duplicated, and no organisation is ever pending validation without its
 * evidence stored beside it. The server moves a submitted organisation on once its evidence
 * document has arrived (server/authority/organisations.ts), whatever order sync sends them in.
 */
import type { EvidenceDocument, Organisation } from '../../shared/schemas';
import { nowIso } from '../app/ids';
import type { DeskDatabase } from '../db/database';

/** What the form submits. Ids are chosen once per form and reused by every retry. */
export interface BusinessAccountSubmission {
  /** The organisation's client-owned fields and its id; `status` is set here. */
  organisation: Omit<Organisation, 'status' | 'statusReason' | 'updatedAt'>;
  /** The evidence document without its organisation id (set here); `id` chosen once. */
  evidence: Omit<EvidenceDocument, 'organisationId' | 'updatedAt' | '_attachments'>;
  /** The scanned file: stored as the evidence document's attachment `file`. */
  file: { bytes: Uint8Array; mimeType: string };
}

/**
 * Writes the submission (see the module comment). Safe to call again with the same submission
 * after any failure: it completes what is missing and changes nothing twice.
 * @throws the storage's error; what was written stays a `draft` the next call finishes.
 */
export async function submitBusinessAccount(db: DeskDatabase, submission: BusinessAccountSubmission): Promise<void> {
  const { organisation, evidence, file } = submission;
  const id = organisation.id;
  const existing = await db.organisations.findOne(id).exec();
  if (!existing) {
    await db.organisations.insert({ ...organisation, status: 'draft', statusReason: null, updatedAt: nowIso() } as Organisation);
  } else if (existing.status === 'draft') {
    const { id: _id, ...fields } = organisation;
    await existing.incrementalPatch({ ...fields, updatedAt: nowIso() } as Partial<Organisation>);
  }

  let doc = await db.evidenceDocuments.findOne(evidence.id).exec();
  doc ??= await db.evidenceDocuments.insert({ ...evidence, organisationId: id, updatedAt: nowIso() } as EvidenceDocument);
  if (!doc.getAttachment('file')) {
    await doc.putAttachment({ id: 'file', data: new Blob([file.bytes.slice()], { type: file.mimeType }), type: file.mimeType });
  }

  const org = await db.organisations.findOne(id).exec();
  if (org && org.status === 'draft') await org.incrementalPatch({ status: 'pending-validation', updatedAt: nowIso() });
}
