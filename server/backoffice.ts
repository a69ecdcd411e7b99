/**
 * Back-office actions, shared by the HTTP routes (role `back-office`) and the CLI (one table:
 * server/commands.ts). Every action runs in one write transaction and is audited (who, when, what)
 * in `audit_log`. This module reads and writes (server/store, server/store/backOffice.ts) and sends
 * (the outbox, texts in server/mailTexts.ts); the rules it applies are the pure functions of
 * server/backofficeDecisions.ts.
 */
import type { Queryable } from './db';
import { HttpError } from './errors';
import { allDocs, getDoc, findDocs, writeTransaction, type StoredDoc, type WriteTx } from './store';
import { insertLegacyRegistration, lastAuditOf, overdueInvoiceCandidates } from './store/backOffice';
import { accountReadyMail, documentRequestedMail, documentRequestedStatusReason, rejectedMail } from './mailTexts';
import { organisationLanguage } from '../shared/program/backOffice';
import { createUser, findUserByEmail, issueToken } from './auth';
import type { DocumentRequest, PendingOrganisation } from '../shared/sync/desk';
import { encodeReason } from '../shared/text/reasons';
import { decideMembership } from './authority/memberships';
import type { ServerServices } from './authority/index';
import {
  byQueueOrder,
  catalogChanges,
  catalogModels,
  checkDecidable,
  checkLegacyRows,
  decisionActions,
  isOverdue,
  matchesPendingFilter,
  invoiceToMarkPaid,
  parseCsv,
  pendingRow,
  reasonFor,
  seenDetails,
  withoutReplication,
  type DecisionReason,
  type DecisionSeen,
  type PendingFilter,
} from './backofficeDecisions';

export type { DecisionReason, DecisionSeen, PendingFilter } from './backofficeDecisions';
export { auditLog, type AuditEntry } from './store/backOffice';

/** Validity of the set-password link e-mailed on validation (7 days, in ms). */
export const setPasswordLinkTtlMs = 7 * 24 * 3600_000;

/** The queue's row and the open new-document request: the desk's wire types (shared/sync/desk.ts). */
export type { DocumentRequest, PendingOrganisation } from '../shared/sync/desk';

/**
 * Organisations in `pending-validation`, oldest submission first, with their evidence documents
 * and their age in business days against the 2-business-day promise (on `today`, `YYYY-MM-DD`).
 * `filter.country` keeps one country, `filter.kind` those with an evidence document of that kind.
 */
export async function listPending(q: Queryable, today = new Date().toISOString().slice(0, 10), filter: PendingFilter = {}): Promise<PendingOrganisation[]> {
  const orgs = (await findDocs(q, 'organisations', 'status', 'pending-validation')).filter((o) => !o.deleted);
  const out: PendingOrganisation[] = [];
  for (const o of orgs) {
    // The country first: an organisation of another country needs no evidence read.
    if (filter.country && !matchesPendingFilter(o, [], { country: filter.country })) continue;
    const evidence = await findDocs(q, 'evidenceDocuments', 'organisationId', o.id);
    if (!matchesPendingFilter(o, evidence, filter)) continue;
    out.push(pendingRow(o, evidence, today));
  }
  return out.sort(byQueueOrder);
}

/**
 * The pending organisation `id`, locked for a decision by the write transaction's clock lock.
 * @throws HttpError 404 / 409 as server/backofficeDecisions.ts `checkDecidable`.
 */
async function pendingOrganisation(w: WriteTx, id: string, seen: DecisionSeen = {}): Promise<StoredDoc> {
  return checkDecidable(id, await getDoc(w.q, 'organisations', id), seen, () => lastAuditOf(w.q, `organisation ${id}`, decisionActions));
}

/** {@link seenDetails} of `org` with its evidence documents as stored now. */
async function seenNow(w: WriteTx, org: StoredDoc, seen: DecisionSeen): Promise<Record<string, unknown>> {
  return seenDetails(org, await findDocs(w.q, 'evidenceDocuments', 'organisationId', org.id), seen);
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
    await w.audit('validate-organisation', `organisation ${id}`, { loginEmail, membershipsDecided: decided, seen: await seenNow(w, org, seen) });
    return { id, status: 'validated', loginEmail, membershipsDecided: decided };
  });
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
    await w.audit('reject-organisation', `organisation ${id}`, { reason: why, seen: await seenNow(w, org, seen) });
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
    const statusReason = documentRequestedStatusReason(lang, why);
    const request: DocumentRequest = { reason: why, by: actor, at: new Date().toISOString() };
    await w.put('organisations', { ...withoutReplication(org.data), statusReason }, { organisationId: org.id, dealerId: org.dealerId, meta: { ...org.meta, documentRequest: request } });
    const email = typeof org.data.email === 'string' ? org.data.email.trim() : '';
    if (email) await services.outbox.enqueue(w.q, { to: email, kind: 'evidence-requested', ...documentRequestedMail(lang, String(org.data.name), why) });
    await w.audit('request-evidence-document', `organisation ${id}`, { reason: why, seen: await seenNow(w, org, seen) });
    return { id, status: 'pending-validation', reason: why };
  });
}

/**
 * Marks an invoice paid by its number. Paying a paid invoice changes nothing.
 * @throws HttpError 404 unknown number; 409 a credit note or an invoice cancelled by one (docs/program.md#changing-tier).
 */
export async function markInvoicePaid(services: ServerServices, actor: string, number: string): Promise<{ number: string; status: string; changed: boolean }> {
  return writeTransaction(services.db, actor, async (w) => {
    const inv = invoiceToMarkPaid(number, (await findDocs(w.q, 'invoices', 'number', number))[0]);
    if (!inv) return { number, status: 'paid', changed: false };
    await w.put('invoices', { ...withoutReplication(inv.data), status: 'paid' }, { organisationId: inv.organisationId, dealerId: inv.dealerId, meta: inv.meta });
    await w.audit('mark-invoice-paid', `invoice ${number}`, { previousStatus: inv.data.status });
    return { number, status: 'paid', changed: true };
  });
}

/**
 * Imports a catalog CSV: header `id,code,name,category,points,serialPattern,releasedOn,retired`
 * plus optional `pointsFromPoints,pointsFromEffectiveOn` (an announced points change). Rows are
 * upserted by id (only changed rows are written, so clients pull only real changes); models
 * missing from the file are left alone (retire them with `retired=true`). All rows are checked
 * before anything is written. @throws HttpError 400 naming the line of the first bad row.
 */
export async function importCatalog(services: ServerServices, actor: string, csv: string): Promise<{ created: number; updated: number; unchanged: number }> {
  const models = catalogModels(parseCsv(csv, 'catalog CSV'));
  return writeTransaction(services.db, actor, async (w) => {
    const existing = new Map((await allDocs(w.q, 'productModels')).map((d) => [d.id, withoutReplication(d.data)]));
    const { writes, created, updated, unchanged } = catalogChanges(existing, models);
    for (const m of writes) await w.put('productModels', m, { organisationId: null, dealerId: null });
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
  checkLegacyRows(rows);
  return writeTransaction(services.db, actor, async (w) => {
    let imported = 0;
    for (const r of rows) if (await insertLegacyRegistration(w.q, { ...r, legacyEmail: r.legacyEmail!, productModelId: r.productModelId!, serialNumber: r.serialNumber! })) imported++;
    await w.audit('import-legacy', 'legacy_registrations', { imported, skipped: rows.length - imported });
    return { imported, skipped: rows.length - imported };
  });
}

/**
 * Marks open invoices whose due date (`dueDate`, `YYYY-MM-DD`) lies before `today` as `overdue`
 * (runs at start and hourly; a paid invoice is never touched). Returns the numbers changed.
 */
export async function markOverdueInvoices(services: ServerServices, actor = 'system'): Promise<string[]> {
  const today = services.today();
  const due = await overdueInvoiceCandidates(services.db, today);
  if (due.length === 0) return [];
  return writeTransaction(services.db, actor, async (w) => {
    const changed: string[] = [];
    for (const id of due) {
      const inv = await getDoc(w.q, 'invoices', id);
      if (!inv || !isOverdue(inv.data, today)) continue;
      await w.put('invoices', { ...withoutReplication(inv.data), status: 'overdue' }, { organisationId: inv.organisationId, dealerId: inv.dealerId, meta: inv.meta });
      changed.push(String(inv.data.number));
    }
    if (changed.length) await w.audit('mark-overdue', 'invoices', { numbers: changed });
    return changed;
  });
}
