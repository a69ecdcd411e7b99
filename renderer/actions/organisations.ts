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
import { checkOrganisationApplication, type OrganisationApplicationDraft } from '../../shared/program';
import type { EvidenceFields } from '../../shared/ocr/types';
import type { EvidenceDocument, EvidenceKind, Organisation } from '../../shared/schemas';
import { cleanText } from '../../shared/text';
import { nowIso } from '../app/ids';
import type { DeskDatabase } from '../db/database';
import { ActionRefused } from './errors';
import { extractedFromFields } from './evidence';

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

/** The new-organisation form as it stands when submitted (values as typed). */
export interface OrganisationApplication {
  /** Ids chosen once per form (`newId()`), reused by every retry. */
  ids: { organisation: string; evidence: string };
  /** The rules' fields (shared/program/application.ts) plus the address parts they do not check. */
  draft: Omit<OrganisationApplicationDraft, 'evidenceKind' | 'hasEvidenceFile'> & { legalForm: string; houseNumber: string; postcode: string };
  evidenceKind: EvidenceKind;
  /** The imported scan; null when none was imported (refused). */
  file: { name: string; mimeType: string; bytes: Uint8Array } | null;
  /** The fields OCR read from the scan (stored on the evidence document as `extracted`). */
  scanFields: EvidenceFields;
  /** The signed-in dealer's id ('' for none). */
  dealerId: string;
}

/**
 * Submits a business-account application: checks it with shared/program
 * `checkOrganisationApplication`, builds the organisation (trimmed values, VAT and KvK numbers in
 * their normalised form when valid) and the evidence document, and writes them with
 * {@link submitBusinessAccount}. Safe to call again with the same `ids` after a failure.
 * @throws ActionRefused with the rule's problem codes; the storage's error otherwise.
 */
export async function submitOrganisation(db: DeskDatabase, application: OrganisationApplication): Promise<void> {
  const { draft, file, ids } = application;
  const check = checkOrganisationApplication({ ...draft, evidenceKind: application.evidenceKind, hasEvidenceFile: file !== null });
  if (check.problems.length > 0 || !file) throw new ActionRefused('submitOrganisation', check.problems.map((p) => p.code));
  await submitBusinessAccount(db, {
    organisation: {
      id: ids.organisation,
      name: draft.name.trim(),
      legalForm: draft.legalForm.trim(),
      street: draft.street.trim(),
      houseNumber: draft.houseNumber.trim(),
      postcode: draft.postcode.trim(),
      city: draft.city.trim(),
      country: draft.country,
      vatNumber: check.vat?.valid ? check.vat.normalised : draft.vatNumber.trim(),
      chamberNumber: check.kvk?.valid ? check.kvk.normalised : draft.chamberNumber.trim(),
      email: draft.email.trim(),
      legacyEmail: draft.legacyEmail.trim() || null,
      dealerId: application.dealerId,
      createdAt: nowIso(),
    },
    evidence: { id: ids.evidence, kind: application.evidenceKind, fileName: cleanText(file.name), mimeType: file.mimeType, extracted: extractedFromFields(application.scanFields) },
    file,
  });
}
