/**
 * Back-office actions, shared by the HTTP routes (role `back-office`) and the CLI.
 * Every action runs in one write transaction and is audited (who, when, what) in `audit_log`.
 */
import { parse } from 'csv-parse/sync';
import type { Queryable } from './db';
import { HttpError } from './errors';
import { allDocs, getDoc, findDocs, writeTransaction, type StoredDoc, type WriteTx } from './store';
import { accountReadyMail, documentRequestedMail, rejectedMail } from './mailTexts';
import {
  isStandardReasonCode,
  organisationLanguage,
  reasonText,
  standardReasonCodes,
  validationDeadline,
  type StandardReasonCode,
} from '../shared/program/backOffice';
import { createUser, findUserByEmail, issueToken } from './auth';
import type { DocumentRequest, PendingOrganisation, Resubmission } from '../shared/sync/desk';
import { isEmailAddress } from '../shared/program/application';
import { validatePushedDocument } from './validate';
import { encodeReason } from '../shared/text/reasons';
import { decideMembership } from './authority/memberships';
import type { ServerServices } from './authority/index';

/** Validity of the set-password link e-mailed on validation (7 days, in ms). */
export const setPasswordLinkTtlMs = 7 * 24 * 3600_000;

/** The queue's row and the open new-document request: the desk's wire types (shared/sync/desk.ts). */
export type { DocumentRequest, PendingOrganisation } from '../shared/sync/desk';

/** Queue filters: ISO country code, evidence kind. */
export interface PendingFilter {
  country?: string | undefined;
  kind?: string | undefined;
}

/**
 * Organisations in `pending-validation`, oldest submission first, with their evidence documents
 * and their age in business days against the 2-business-day promise (on `today`, `YYYY-MM-DD`).
 * `filter.country` keeps one country, `filter.kind` those with an evidence document of that kind.
 */
export async function listPending(q: Queryable, today = new Date().toISOString().slice(0, 10), filter: PendingFilter = {}): Promise<PendingOrganisation[]> {
  const orgs = (await findDocs(q, 'organisations', 'status', 'pending-validation')).filter((o) => !o.deleted);
  const out: PendingOrganisation[] = [];
  for (const o of orgs) {
    const d = o.data;
    if (filter.country && String(d.country ?? '').toUpperCase() !== filter.country.toUpperCase()) continue;
    const evidence = await findDocs(q, 'evidenceDocuments', 'organisationId', o.id);
    if (filter.kind && !evidence.some((e) => e.data.kind === filter.kind)) continue;
    const submittedAt = typeof o.meta.submittedAt === 'string' ? o.meta.submittedAt : String(d.updatedAt);
    const submittedOn = submittedAt.slice(0, 10);
    out.push({
      id: o.id,
      name: String(d.name),
      country: String(d.country ?? ''),
      vatNumber: (d.vatNumber as string) ?? null,
      chamberNumber: (d.chamberNumber as string) ?? null,
      email: (d.email as string) ?? null,
      dealerId: o.dealerId,
      legacyEmail: (d.legacyEmail as string) ?? null,
      updatedAt: String(d.updatedAt),
      submittedAt,
      ...validationDeadline(submittedOn, today < submittedOn ? submittedOn : today),
      documentRequest: (o.meta.documentRequest as DocumentRequest | undefined) ?? null,
      resubmission: (o.meta.resubmission as Resubmission | undefined) ?? null,
      evidence: evidence.map((e) => ({ id: e.id, kind: String(e.data.kind), fileName: String(e.data.fileName), updatedAt: String(e.data.updatedAt) })),
    });
  }
  return out.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id));
}

/**
 * What the clerk had in front of them when deciding (all optional; the CLI sends none):
 * `organisationUpdatedAt` — the organisation's `updatedAt` when the review screen was opened (a
 * later change makes the decision a 409 `changed-since-opened` conflict); `evidence` — the
 * SHA-256 (hex) of each evidence file as viewed.
 */
export interface DecisionSeen {
  organisationUpdatedAt?: string | undefined;
  evidence?: { id: string; sha256: string | null }[] | undefined;
}

const decisionActions = ['validate-organisation', 'reject-organisation', 'request-evidence-document'];

/**
 * The pending organisation `id`, locked for a decision by the write transaction's clock lock.
 * @throws HttpError 404; 409 `already-decided` (naming who decided and when), `wrong-status`
 *   (not submitted), `changed-since-opened` (`seen.organisationUpdatedAt` is not the current one).
 */
async function pendingOrganisation(w: WriteTx, id: string, seen: DecisionSeen = {}) {
  const org = await getDoc(w.q, 'organisations', id);
  if (!org || org.deleted) throw new HttpError(404, 'not-found', `organisation ${id} does not exist`);
  const status = String(org.data.status);
  if (status === 'validated' || status === 'rejected') {
    const [last] = await w.q.query<{ actor: string; at: string }>(
      `select actor, at from audit_log where subject = $1 and action = any($2) order by at desc, id limit 1`,
      [`organisation ${id}`, decisionActions],
    );
    throw new HttpError(409, 'already-decided', `organisation ${id} was already ${status}${last ? ` by ${last.actor} at ${last.at}` : ''}; nothing was changed`);
  }
  if (status !== 'pending-validation') throw new HttpError(409, 'wrong-status', `organisation ${id} is ${status}, not pending-validation`);
  if (seen.organisationUpdatedAt !== undefined && seen.organisationUpdatedAt !== org.data.updatedAt) {
    const [last] = await w.q.query<{ actor: string; at: string; action: string }>(
      `select actor, at, action from audit_log where subject = $1 and action = any($2) order by at desc, id limit 1`,
      [`organisation ${id}`, decisionActions],
    );
    throw new HttpError(
      409,
      'changed-since-opened',
      `organisation ${id} changed after you opened it${last && last.at > String(seen.organisationUpdatedAt) ? ` (${last.action} by ${last.actor} at ${last.at})` : ''}; reload it and decide again`,
    );
  }
  return org;
}

/** The audit record of what a decision was based on: the evidence (server hash and the hash viewed) and the stored VIES check. */
async function seenDetails(w: WriteTx, org: StoredDoc, seen: DecisionSeen): Promise<Record<string, unknown>> {
  const viewed = new Map((seen.evidence ?? []).map((e) => [e.id, e.sha256]));
  const evidence = (await findDocs(w.q, 'evidenceDocuments', 'organisationId', org.id)).map((e) => ({
    id: e.id,
    kind: e.data.kind,
    fileName: e.data.fileName,
    sha256: typeof e.data.sha256 === 'string' ? e.data.sha256 : null,
    viewedSha256: viewed.get(e.id) ?? null,
  }));
  return { organisationUpdatedAt: org.data.updatedAt, evidence, vatCheck: org.meta.vatCheck ?? null };
}

function withoutReplication(data: Record<string, unknown>): Record<string, unknown> {
  const { updatedAt: _u, _deleted: _d, ...rest } = data;
  return rest;
}

/**
 * Validates a pending organisation: status `validated`; a studio-manager login for its contact
 * e-mail (created without password when missing) and a one-time set-password link e-mailed to it
 * in the organisation's language; its waiting membership requests are decided. Audited with what
 * the clerk saw (`seen`). @throws HttpError 404 / 409 (see {@link pendingOrganisation}).
 */
export async function validateOrganisation(services: ServerServices, actor: string, id: string, seen: DecisionSeen = {}): Promise<{ id: string; status: string; loginEmail: string | null; membershipsDecided: number }> {
  return writeTransaction(services.db, actor, async (w) => {
    const org = await pendingOrganisation(w, id, seen);
    const { documentRequest: _r, ...meta } = org.meta;
    await w.put('organisations', { ...withoutReplication(org.data), status: 'validated', statusReason: null }, { organisationId: org.id, dealerId: org.dealerId, meta });
    let loginEmail: string | null = null;
    const email = typeof org.data.email === 'string' ? org.data.email.trim() : '';
    if (email) {
      let user = await findUserByEmail(w.q, email);
      if (!user) user = { ...(await createUser(w.q, { email, role: 'studio-manager', name: String(org.data.name), organisationId: org.id })), passwordHash: null };
      if (user.role === 'studio-manager' && user.organisationId === org.id) {
        loginEmail = user.email;
        const { token } = await issueToken(w.q, user.id, setPasswordLinkTtlMs, 'set-password');
        const lang = organisationLanguage(org.data.country);
        const text = accountReadyMail(lang, String(org.data.name), user.email, `${services.publicUrl}/auth/set-password?lang=${lang}#token=${token}`);
        await services.outbox.enqueue(w.q, { to: email, kind: 'set-password', ...text });
      }
    }
    let decided = 0;
    for (const m of await findDocs(w.q, 'memberships', 'organisationId', org.id)) {
      if (m.data.status !== 'requested') continue;
      const doc = withoutReplication(m.data);
      await decideMembership(services, w, doc, org.id);
      await w.put('memberships', doc, { organisationId: org.id, dealerId: org.dealerId, meta: m.meta });
      decided++;
    }
    await w.audit('validate-organisation', `organisation ${id}`, { loginEmail, membershipsDecided: decided, seen: await seenDetails(w, org, seen) });
    return { id, status: 'validated', loginEmail, membershipsDecided: decided };
  });
}

/** A decision's reason: a standard reason code and/or free text. */
export interface DecisionReason {
  code?: StandardReasonCode | null | undefined;
  text?: string | undefined;
}

/** The reason text in the organisation's language. @throws HttpError 400 `reason-required`, `reason-too-long`, `unknown-reason`. */
function reasonFor(reason: string | DecisionReason, country: unknown, what: string): string {
  const r = typeof reason === 'string' ? { text: reason } : reason;
  if (r.code != null && !isStandardReasonCode(r.code)) throw new HttpError(400, 'unknown-reason', `unknown standard reason "${String(r.code)}"; known: ${standardReasonCodes.join(', ')}`);
  const free = (r.text ?? '').trim();
  if (!r.code && !free) throw new HttpError(400, 'reason-required', `${what} needs a reason`);
  if (free.length > 350) throw new HttpError(400, 'reason-too-long', 'the reason is limited to 350 characters');
  return reasonText(r.code ?? null, free, organisationLanguage(country));
}

/**
 * Rejects a pending organisation with a reason (a standard reason and/or free text, in the
 * organisation's language; shown to the customer and e-mailed). Audited with what the clerk saw.
 * @throws HttpError 400 without reason, 404, 409 (see {@link pendingOrganisation}).
 */
export async function rejectOrganisation(services: ServerServices, actor: string, id: string, reason: string | DecisionReason, seen: DecisionSeen = {}): Promise<{ id: string; status: string; reason: string }> {
  if (typeof reason === 'string' && !reason.trim()) throw new HttpError(400, 'reason-required', 'a rejection needs a reason');
  return writeTransaction(services.db, actor, async (w) => {
    const org = await pendingOrganisation(w, id, seen);
    const why = reasonFor(reason, org.data.country, 'a rejection');
    const { documentRequest: _r, ...meta } = org.meta;
    // Kept for the desk when the applicant corrects the account and submits it again (server/authority/organisations.ts).
    meta.lastRejection = { reason: why, by: actor, at: new Date().toISOString() };
    await w.put('organisations', { ...withoutReplication(org.data), status: 'rejected', statusReason: why }, { organisationId: org.id, dealerId: org.dealerId, meta });
    for (const m of await findDocs(w.q, 'memberships', 'organisationId', org.id)) {
      if (m.data.status !== 'requested') continue;
      await w.put('memberships', { ...withoutReplication(m.data), status: 'rejected', statusReason: encodeReason('membership.organisation-rejected') }, { organisationId: org.id, dealerId: org.dealerId, meta: m.meta });
    }
    const email = typeof org.data.email === 'string' ? org.data.email.trim() : '';
    if (email) await services.outbox.enqueue(w.q, { to: email, kind: 'organisation-rejected', ...rejectedMail(organisationLanguage(org.data.country), String(org.data.name), why) });
    await w.audit('reject-organisation', `organisation ${id}`, { reason: why, seen: await seenDetails(w, org, seen) });
    return { id, status: 'rejected', reason: why };
  });
}

/**
 * Asks the applicant for a new evidence document: the organisation stays `pending-validation`,
 * its `statusReason` carries the request (the applicant sees it after the next pull), the request
 * is kept in the organisation's meta (`documentRequest`) until the decision, and an e-mail in the
 * organisation's language goes to its contact. Audited with what the clerk saw.
 * @throws HttpError 400 without reason, 404, 409 (see {@link pendingOrganisation}).
 */
export async function requestEvidenceDocument(services: ServerServices, actor: string, id: string, reason: DecisionReason, seen: DecisionSeen = {}): Promise<{ id: string; status: string; reason: string }> {
  return writeTransaction(services.db, actor, async (w) => {
    const org = await pendingOrganisation(w, id, seen);
    const why = reasonFor(reason, org.data.country, 'a request for a new document');
    const lang = organisationLanguage(org.data.country);
    const statusReason = `${lang === 'nl' ? 'Nieuw bewijsdocument gevraagd' : 'New evidence document requested'}: ${why}`;
    const request: DocumentRequest = { reason: why, by: actor, at: new Date().toISOString() };
    await w.put('organisations', { ...withoutReplication(org.data), statusReason }, { organisationId: org.id, dealerId: org.dealerId, meta: { ...org.meta, documentRequest: request } });
    const email = typeof org.data.email === 'string' ? org.data.email.trim() : '';
    if (email) await services.outbox.enqueue(w.q, { to: email, kind: 'evidence-requested', ...documentRequestedMail(lang, String(org.data.name), why) });
    await w.audit('request-evidence-document', `organisation ${id}`, { reason: why, seen: await seenDetails(w, org, seen) });
    return { id, status: 'pending-validation', reason: why };
  });
}

/**
 * Marks an invoice paid by its number. Paying a paid invoice changes nothing.
 * @throws HttpError 404 unknown number; 409 a credit note or an invoice cancelled by one (docs/program.md#changing-tier).
 */
export async function markInvoicePaid(services: ServerServices, actor: string, number: string): Promise<{ number: string; status: string; changed: boolean }> {
  return writeTransaction(services.db, actor, async (w) => {
    const [inv] = await findDocs(w.q, 'invoices', 'number', number);
    if (!inv) throw new HttpError(404, 'not-found', `invoice ${number} does not exist`);
    if (inv.data.status === 'paid') return { number, status: 'paid', changed: false };
    if (inv.data.documentType === 'credit-note') throw new HttpError(409, 'credit-note', `${number} is a credit note: nothing is paid on it`);
    if (inv.data.status === 'cancelled') throw new HttpError(409, 'invoice-cancelled', `invoice ${number} was cancelled by credit note ${String(inv.data.creditNoteNumber)}`);
    await w.put('invoices', { ...withoutReplication(inv.data), status: 'paid' }, { organisationId: inv.organisationId, dealerId: inv.dealerId, meta: inv.meta });
    await w.audit('mark-invoice-paid', `invoice ${number}`, { previousStatus: inv.data.status });
    return { number, status: 'paid', changed: true };
  });
}

function parseCsv(text: string, what: string): Record<string, string>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new HttpError(400, 'csv-invalid', `${what}: ${(err as Error).message}`);
  }
}

/**
 * Imports a catalog CSV: header `id,code,name,category,points,serialPattern,releasedOn,retired`
 * plus optional `pointsFromPoints,pointsFromEffectiveOn` (an announced points change). Rows are
 * upserted by id (only changed rows are written, so clients pull only real changes); models
 * missing from the file are left alone (retire them with `retired=true`). All rows are checked
 * before anything is written. @throws HttpError 400 naming the line of the first bad row.
 */
export async function importCatalog(services: ServerServices, actor: string, csv: string): Promise<{ created: number; updated: number; unchanged: number }> {
  const rows = parseCsv(csv, 'catalog CSV');
  const models = rows.map((r, i) => {
    const line = i + 2;
    const bool = (v: string | undefined): boolean => /^(true|1|yes)$/i.test(v ?? '');
    const num = (v: string | undefined, field: string): number => {
      if (!/^\d+$/.test(v ?? '')) throw new HttpError(400, 'csv-invalid', `catalog CSV line ${line}: ${field} must be a whole number, got "${v ?? ''}"`);
      return Number(v);
    };
    const model: Record<string, unknown> = {
      id: r.id,
      code: r.code,
      name: r.name,
      category: r.category,
      points: num(r.points, 'points'),
      pointsFrom: r.pointsFromPoints ? { points: num(r.pointsFromPoints, 'pointsFromPoints'), effectiveOn: r.pointsFromEffectiveOn } : null,
      serialPattern: r.serialPattern,
      releasedOn: r.releasedOn,
      retired: bool(r.retired),
    };
    try {
      new RegExp(String(r.serialPattern ?? ''));
    } catch {
      throw new HttpError(400, 'csv-invalid', `catalog CSV line ${line}: serialPattern is not a valid regular expression`);
    }
    try {
      validatePushedDocument('productModels', { ...model, updatedAt: '' }, `catalog CSV line ${line}`);
    } catch (err) {
      throw new HttpError(400, 'csv-invalid', (err as Error).message);
    }
    return model;
  });
  return writeTransaction(services.db, actor, async (w) => {
    const existing = new Map((await allDocs(w.q, 'productModels')).map((d) => [d.id, withoutReplication(d.data)]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const m of models) {
      const old = existing.get(String(m.id));
      if (old && JSON.stringify(old) === JSON.stringify({ ...old, ...m })) {
        unchanged++;
        continue;
      }
      await w.put('productModels', { ...(old ?? {}), ...m }, { organisationId: null, dealerId: null });
      if (old) updated++;
      else created++;
    }
    await w.audit('import-catalog', 'productModels', { created, updated, unchanged });
    return { created, updated, unchanged };
  });
}

/**
 * Imports legacy (old CPS account) registrations: header
 * `legacyEmail,productModelId,serialNumber,purchaseDate,purchaseCountry,dealerName`. Rows already
 * present (same e-mail, model and serial) are skipped. @throws HttpError 400 for a bad row.
 */
export async function importLegacy(services: ServerServices, actor: string, csv: string): Promise<{ imported: number; skipped: number }> {
  const rows = parseCsv(csv, 'legacy CSV');
  rows.forEach((r, i) => {
    if (!r.legacyEmail || !isEmailAddress(r.legacyEmail)) throw new HttpError(400, 'csv-invalid', `legacy CSV line ${i + 2}: legacyEmail is not an e-mail address`);
    if (!r.productModelId || !r.serialNumber) throw new HttpError(400, 'csv-invalid', `legacy CSV line ${i + 2}: productModelId and serialNumber are required`);
  });
  return writeTransaction(services.db, actor, async (w) => {
    let imported = 0;
    for (const r of rows) {
      const res = await w.q.query(
        `insert into legacy_registrations (id, legacy_email, product_model_id, serial_number, purchase_date, purchase_country, dealer_name)
         values ($1,$2,$3,$4,$5,$6,$7) on conflict do nothing returning id`,
        [crypto.randomUUID(), r.legacyEmail!.trim().toLowerCase(), r.productModelId, r.serialNumber, r.purchaseDate || null, r.purchaseCountry || null, r.dealerName || null],
      );
      imported += res.length;
    }
    await w.audit('import-legacy', 'legacy_registrations', { imported, skipped: rows.length - imported });
    return { imported, skipped: rows.length - imported };
  });
}

/** One audit entry. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

/** The newest `limit` audit entries, newest first. */
export async function auditLog(q: Queryable, limit = 100): Promise<AuditEntry[]> {
  const rows = await q.query<{ at: string; actor: string; action: string; subject: string; details: unknown }>('select at, actor, action, subject, details from audit_log order by at desc, id limit $1', [limit]);
  return rows.map((r) => ({ ...r, details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown> }));
}

/**
 * Marks open invoices whose due date (`dueDate`, `YYYY-MM-DD`) lies before `today` as `overdue`
 * (runs at start and hourly; a paid invoice is never touched). Returns the numbers changed.
 */
export async function markOverdueInvoices(services: ServerServices, actor = 'system'): Promise<string[]> {
  const today = services.today();
  const due = await services.db.query<{ id: string }>(
    // A card invoice whose due-date charge is still scheduled is the charge job's (server/payments/cardCharges.ts).
    `select id from documents where collection = 'invoices' and not deleted and data->>'status' = 'open' and data->>'dueDate' < $1
       and not exists (select 1 from card_charges c where c.invoice_id = documents.id and c.state = 'scheduled')`,
    [today],
  );
  if (due.length === 0) return [];
  return writeTransaction(services.db, actor, async (w) => {
    const changed: string[] = [];
    for (const { id } of due) {
      const inv = await getDoc(w.q, 'invoices', id);
      if (!inv || inv.data.status !== 'open' || String(inv.data.dueDate) >= today) continue;
      await w.put('invoices', { ...withoutReplication(inv.data), status: 'overdue' }, { organisationId: inv.organisationId, dealerId: inv.dealerId, meta: inv.meta });
      changed.push(String(inv.data.number));
    }
    if (changed.length) await w.audit('mark-overdue', 'invoices', { numbers: changed });
    return changed;
  });
}
