/**
 * The back office's review of one pending organisation ("the desk"): everything a clerk needs on
 * one screen, and the VIES check of its VAT number.
 *
 * - {@link reviewOrganisation}: the organisation as submitted, its evidence documents with the
 *   fields OCR read (value, confidence, page, box), identifier checks of both (checksums from
 *   shared/identifiers), other organisations with the same VAT or KvK number (possible duplicate
 *   account), the legacy account's migration as a dry run (server/legacy.ts), the stored VIES
 *   check, the open new-document request and the decisions taken so far (audit log).
 * - {@link checkOrganisationVat}: asks VIES (server/vies.ts) and stores the result in the
 *   organisation's server-internal meta (`vatCheck`), audited; the replicated document is not
 *   touched, so a check never makes a clerk's open review stale.
 */
import type { User } from './auth';
import { HttpError } from './errors';
import { findDocs, getDoc, writeTransaction } from './store';
import { migrateLegacy, type MigrationReport } from './legacy';
import { checkVatNumber, type VatCheck, type ViesOptions } from './vies';
import type { ServerServices } from './authority/index';
import type { DocumentRequest } from './backoffice';
import type { Resubmission } from '../shared/sync/desk';
import { compactInput, validateBelgianEnterpriseNumber, validateHandelsregisterNumber, validateKvkNumber, validateVatNumber, type IdentifierResult } from '../shared/identifiers';
import { validationDeadline, type ValidationDue } from '../shared/program/backOffice';

/** One identifier check: which field, from where, its value and the checksum verdict. */
export interface IdentifierCheck extends IdentifierResult {
  field: 'vatNumber' | 'chamberNumber';
  /** `submitted` (the application) or the id of the evidence document OCR read it from. */
  source: string;
  value: string;
}

/** Another organisation holding the same VAT or KvK number. */
export interface PossibleDuplicate {
  id: string;
  name: string;
  status: string;
  dealerId: string | null;
  matchedOn: ('vatNumber' | 'chamberNumber')[];
}

/** The review of one organisation (GET /admin/organisations/:id/review). */
export interface OrganisationReview {
  organisation: Record<string, unknown>;
  submittedAt: string;
  ageBusinessDays: number;
  dueOn: string;
  due: ValidationDue;
  evidence: { id: string; kind: string; fileName: string; mimeType: string; sha256: string | null; updatedAt: string; extracted: Record<string, unknown> }[];
  identifierChecks: IdentifierCheck[];
  duplicates: PossibleDuplicate[];
  /** The old CPS account's e-mail and what migrating it would bring (dry run), or null without one. */
  legacy: { legacyEmail: string; report: MigrationReport } | null;
  vatCheck: VatCheck | null;
  documentRequest: DocumentRequest | null;
  /** Set when the account was rejected before and submitted again (server/authority/organisations.ts). */
  resubmission: Resubmission | null;
  decisions: { at: string; actor: string; action: string; details: Record<string, unknown> }[];
}

/** Checksum verdict of a register number for `country` (KvK for NL, enterprise number for BE, Handelsregister for DE), or null for other countries. */
function checkChamberNumber(value: string, country: string): IdentifierResult | null {
  if (country === 'NL') return validateKvkNumber(value);
  if (country === 'BE') return validateBelgianEnterpriseNumber(value);
  if (country === 'DE') return validateHandelsregisterNumber(value);
  return null;
}

const compactSql = (expr: string) => `upper(regexp_replace(coalesce(${expr}, ''), '[^A-Za-z0-9]', '', 'g'))`;

/**
 * The review of organisation `id` for back-office user `user` (see module doc); `today` is
 * `YYYY-MM-DD`. @throws HttpError 404 for an unknown organisation.
 */
export async function reviewOrganisation(services: ServerServices, user: User, id: string): Promise<OrganisationReview> {
  const db = services.db;
  const org = await getDoc(db, 'organisations', id);
  if (!org || org.deleted) throw new HttpError(404, 'not-found', `organisation ${id} does not exist`);
  const d = org.data;
  const country = String(d.country ?? '').toUpperCase();
  const evidenceDocs = await findDocs(db, 'evidenceDocuments', 'organisationId', id);
  const evidence = evidenceDocs.map((e) => ({
    id: e.id,
    kind: String(e.data.kind),
    fileName: String(e.data.fileName),
    mimeType: String(e.data.mimeType),
    sha256: typeof e.data.sha256 === 'string' ? e.data.sha256 : null,
    updatedAt: String(e.data.updatedAt),
    extracted: (e.data.extracted as Record<string, unknown> | undefined) ?? {},
  }));

  const checks: IdentifierCheck[] = [];
  const addChecks = (source: string, vat: unknown, chamber: unknown) => {
    if (typeof vat === 'string' && vat.trim()) checks.push({ field: 'vatNumber', source, value: vat, ...validateVatNumber(vat, country || undefined) });
    if (typeof chamber === 'string' && chamber.trim()) {
      const r = checkChamberNumber(chamber, country);
      if (r) checks.push({ field: 'chamberNumber', source, value: chamber, ...r });
    }
  };
  addChecks('submitted', d.vatNumber, d.chamberNumber);
  for (const e of evidence) {
    const field = (name: string) => (e.extracted[name] as { value?: unknown } | undefined)?.value;
    addChecks(e.id, field('vatNumber'), field('chamberNumber'));
  }

  const vat = compactInput(d.vatNumber);
  const chamber = compactInput(d.chamberNumber);
  const dupRows = await db.query<{ id: string; data: Record<string, unknown> | string; dealer_id: string | null }>(
    `select id, data, dealer_id from documents
     where collection = 'organisations' and not deleted and id <> $1
       and (($2 <> '' and ${compactSql("data->>'vatNumber'")} = $2) or ($3 <> '' and ${compactSql("data->>'chamberNumber'")} = $3 and coalesce(data->>'country', '') = $4))
     order by updated_at`,
    [id, vat, chamber, String(d.country ?? '')],
  );
  const duplicates = dupRows.map((r) => {
    const o = typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data;
    const matchedOn: PossibleDuplicate['matchedOn'] = [];
    if (vat && compactInput(o.vatNumber) === vat) matchedOn.push('vatNumber');
    if (chamber && compactInput(o.chamberNumber) === chamber) matchedOn.push('chamberNumber');
    return { id: r.id, name: String(o.name), status: String(o.status), dealerId: r.dealer_id, matchedOn };
  });

  const legacyEmail = typeof d.legacyEmail === 'string' ? d.legacyEmail.trim() : '';
  const legacy = legacyEmail ? { legacyEmail, report: await migrateLegacy(services, user, id, true) } : null;

  const decisions = (
    await db.query<{ at: string; actor: string; action: string; details: unknown }>(
      `select at, actor, action, details from audit_log where subject = $1 and action <> 'organisation-submitted' order by at, id`,
      [`organisation ${id}`],
    )
  ).map((r) => ({ ...r, details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown> }));

  const submittedAt = typeof org.meta.submittedAt === 'string' ? org.meta.submittedAt : String(d.updatedAt);
  const today = services.today();
  const submittedOn = submittedAt.slice(0, 10);
  return {
    organisation: d,
    submittedAt,
    ...validationDeadline(submittedOn, today < submittedOn ? submittedOn : today),
    evidence,
    identifierChecks: checks,
    duplicates,
    legacy,
    vatCheck: (org.meta.vatCheck as VatCheck | undefined) ?? null,
    documentRequest: (org.meta.documentRequest as DocumentRequest | undefined) ?? null,
    resubmission: (org.meta.resubmission as Resubmission | undefined) ?? null,
    decisions,
  };
}

/**
 * Checks organisation `id`'s VAT number with VIES and stores the result on the organisation
 * (meta `vatCheck`, the last check wins), audited as `vies-check` by `actor`. The service being
 * unavailable is an `unknown` result, stored like any other.
 * @throws HttpError 404 unknown organisation; 409 `no-vat-number` when it has none.
 */
export async function checkOrganisationVat(services: ServerServices, vies: ViesOptions, actor: string, id: string): Promise<VatCheck> {
  const org = await getDoc(services.db, 'organisations', id);
  if (!org || org.deleted) throw new HttpError(404, 'not-found', `organisation ${id} does not exist`);
  const vatNumber = compactInput(org.data.vatNumber);
  if (!vatNumber) throw new HttpError(409, 'no-vat-number', `organisation ${id} has no VAT number to check`);
  // Outside any transaction: VIES may take seconds, and no write lock is held meanwhile.
  const check = await checkVatNumber(vies, vatNumber);
  await writeTransaction(services.db, actor, async (w) => {
    await w.q.query(`update documents set meta = meta || jsonb_build_object('vatCheck', $3::jsonb) where collection = $1 and id = $2`, ['organisations', id, JSON.stringify(check)]);
    await w.audit('vies-check', `organisation ${id}`, { ...check });
  });
  return check;
}
