/**
 * The back office's decisions, as pure functions over data the actions read (server/backoffice.ts
 * reads and writes through server/store and server/store/backOffice.ts; the e-mail and status texts
 * are in server/mailTexts.ts). Nothing here touches a database, a clock or the outbox, so each rule
 * is unit-tested on its own (test/unit/server/backofficeDecisions.test.ts).
 * Errors are HttpErrors (status + code + English detail) the routes and the CLI answer with.
 */
import { parse } from 'csv-parse/sync';
import { HttpError } from './errors';
import type { StoredDoc } from './store';
import { isStandardReasonCode, organisationLanguage, reasonText, standardReasonCodes, validationDeadline, type StandardReasonCode } from '../shared/program/backOffice';
import type { DocumentRequest, PendingOrganisation, Resubmission } from '../shared/sync/desk';
import { isEmailAddress } from '../shared/program/application';
import { validatePushedDocument } from './validate';

/** Queue filters: ISO country code, evidence kind. */
export interface PendingFilter {
  country?: string | undefined;
  kind?: string | undefined;
}

/** A stored document's data without the replication fields `updatedAt` / `_deleted` (to write it back). */
export function withoutReplication(data: Record<string, unknown>): Record<string, unknown> {
  const { updatedAt: _u, _deleted: _d, ...rest } = data;
  return rest;
}

/**
 * True when the pending organisation `o` with its evidence documents passes `filter`: the same
 * country (case-insensitive) and, with `filter.kind`, an evidence document of that kind.
 */
export function matchesPendingFilter(o: StoredDoc, evidence: readonly StoredDoc[], filter: PendingFilter): boolean {
  if (filter.country && String(o.data.country ?? '').toUpperCase() !== filter.country.toUpperCase()) return false;
  if (filter.kind && !evidence.some((e) => e.data.kind === filter.kind)) return false;
  return true;
}

/**
 * The desk's queue row of a pending organisation (shared/sync/desk.ts `PendingOrganisation`): its
 * fields, the open document request and resubmission, its evidence, and its age in business days
 * against the 2-business-day promise on `today` (`YYYY-MM-DD`; a submission dated after `today`
 * counts from its own day). Submitted at the meta's `submittedAt`, else the document's `updatedAt`.
 */
export function pendingRow(o: StoredDoc, evidence: readonly StoredDoc[], today: string): PendingOrganisation {
  const d = o.data;
  const submittedAt = typeof o.meta.submittedAt === 'string' ? o.meta.submittedAt : String(d.updatedAt);
  const submittedOn = submittedAt.slice(0, 10);
  return {
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
  };
}

/** Queue order: oldest submission first, then by id. */
export function byQueueOrder(a: PendingOrganisation, b: PendingOrganisation): number {
  return a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id);
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

/** The audit actions that decide (or act on) a pending organisation. */
export const decisionActions = ['validate-organisation', 'reject-organisation', 'request-evidence-document'];

/** The newest decision recorded for an organisation (audit log): who, when (ISO 8601), which action. */
export interface LastDecision {
  actor: string;
  at: string;
  action: string;
}

/**
 * Whether organisation `id` (`org`: its stored document, null when missing) may be decided now.
 * `needsLast` is asked for the newest decision only when the answer names it.
 * @throws HttpError 404 `not-found`; 409 `already-decided` (validated or rejected, naming who and
 *   when), `wrong-status` (not `pending-validation`), `changed-since-opened` (`seen.organisationUpdatedAt`
 *   is not the current `updatedAt`; names the decision made since, if any).
 */
export async function checkDecidable(id: string, org: StoredDoc | null, seen: DecisionSeen, needsLast: () => Promise<LastDecision | undefined>): Promise<StoredDoc> {
  if (!org || org.deleted) throw new HttpError(404, 'not-found', `organisation ${id} does not exist`);
  const status = String(org.data.status);
  if (status === 'validated' || status === 'rejected') {
    const last = await needsLast();
    throw new HttpError(409, 'already-decided', `organisation ${id} was already ${status}${last ? ` by ${last.actor} at ${last.at}` : ''}; nothing was changed`);
  }
  if (status !== 'pending-validation') throw new HttpError(409, 'wrong-status', `organisation ${id} is ${status}, not pending-validation`);
  if (seen.organisationUpdatedAt !== undefined && seen.organisationUpdatedAt !== org.data.updatedAt) {
    const last = await needsLast();
    throw new HttpError(
      409,
      'changed-since-opened',
      `organisation ${id} changed after you opened it${last && last.at > String(seen.organisationUpdatedAt) ? ` (${last.action} by ${last.actor} at ${last.at})` : ''}; reload it and decide again`,
    );
  }
  return org;
}

/** The audit record of what a decision was based on: the evidence (server hash and the hash viewed) and the stored VIES check. */
export function seenDetails(org: StoredDoc, evidenceDocs: readonly StoredDoc[], seen: DecisionSeen): Record<string, unknown> {
  const viewed = new Map((seen.evidence ?? []).map((e) => [e.id, e.sha256]));
  const evidence = evidenceDocs.map((e) => ({
    id: e.id,
    kind: e.data.kind,
    fileName: e.data.fileName,
    sha256: typeof e.data.sha256 === 'string' ? e.data.sha256 : null,
    viewedSha256: viewed.get(e.id) ?? null,
  }));
  return { organisationUpdatedAt: org.data.updatedAt, evidence, vatCheck: org.meta.vatCheck ?? null };
}

/** A decision's reason: a standard reason code and/or free text. */
export interface DecisionReason {
  code?: StandardReasonCode | null | undefined;
  text?: string | undefined;
}

/** Longest free-text reason the back office may give (characters). */
export const maxReasonLength = 350;

/**
 * The reason text in the organisation's language (`country` decides it; `what` names the decision
 * in the error). @throws HttpError 400 `reason-required`, `reason-too-long`, `unknown-reason`.
 */
export function reasonFor(reason: string | DecisionReason, country: unknown, what: string): string {
  const r = typeof reason === 'string' ? { text: reason } : reason;
  if (r.code != null && !isStandardReasonCode(r.code)) throw new HttpError(400, 'unknown-reason', `unknown standard reason "${String(r.code)}"; known: ${standardReasonCodes.join(', ')}`);
  const free = (r.text ?? '').trim();
  if (!r.code && !free) throw new HttpError(400, 'reason-required', `${what} needs a reason`);
  if (free.length > maxReasonLength) throw new HttpError(400, 'reason-too-long', `the reason is limited to ${maxReasonLength} characters`);
  return reasonText(r.code ?? null, free, organisationLanguage(country));
}

/**
 * The invoice to mark paid: `inv` (invoice `number`'s stored document, or undefined when there is
 * none), or null when it is paid already (nothing changes).
 * @throws HttpError 404 unknown number; 409 `credit-note`, `invoice-cancelled` (docs/program.md#changing-tier).
 */
export function invoiceToMarkPaid(number: string, inv: StoredDoc | undefined): StoredDoc | null {
  if (!inv) throw new HttpError(404, 'not-found', `invoice ${number} does not exist`);
  if (inv.data.status === 'paid') return null;
  if (inv.data.documentType === 'credit-note') throw new HttpError(409, 'credit-note', `${number} is a credit note: nothing is paid on it`);
  if (inv.data.status === 'cancelled') throw new HttpError(409, 'invoice-cancelled', `invoice ${number} was cancelled by credit note ${String(inv.data.creditNoteNumber)}`);
  return inv;
}

/** The rows of a CSV text with a header line (BOM, blank lines and surrounding spaces ignored). @throws HttpError 400 `csv-invalid` naming `what`. */
export function parseCsv(text: string, what: string): Record<string, string>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new HttpError(400, 'csv-invalid', `${what}: ${(err as Error).message}`);
  }
}

/**
 * The product models of a catalog CSV's rows (header `id,code,name,category,points,serialPattern,
 * releasedOn,retired` plus optional `pointsFromPoints,pointsFromEffectiveOn`), each checked against
 * the `productModels` schema. @throws HttpError 400 `csv-invalid` naming the line of the first bad row.
 */
export function catalogModels(rows: readonly Record<string, string>[]): Record<string, unknown>[] {
  return rows.map((r, i) => {
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
}

/**
 * What importing `models` changes in the catalog `existing` (id → stored model without replication
 * fields): the documents to write (an existing model merged with the row) and the counts. A row
 * equal to the stored model is not written, so clients pull only real changes.
 */
export function catalogChanges(existing: ReadonlyMap<string, Record<string, unknown>>, models: readonly Record<string, unknown>[]): { writes: Record<string, unknown>[]; created: number; updated: number; unchanged: number } {
  const writes: Record<string, unknown>[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const m of models) {
    const old = existing.get(String(m.id));
    if (old && JSON.stringify(old) === JSON.stringify({ ...old, ...m })) {
      unchanged++;
      continue;
    }
    writes.push({ ...(old ?? {}), ...m });
    if (old) updated++;
    else created++;
  }
  return { writes, created, updated, unchanged };
}

/**
 * Checks the rows of a legacy registrations CSV (header `legacyEmail,productModelId,serialNumber,
 * purchaseDate,purchaseCountry,dealerName`). @throws HttpError 400 `csv-invalid` naming the line.
 */
export function checkLegacyRows(rows: readonly Record<string, string>[]): void {
  rows.forEach((r, i) => {
    if (!r.legacyEmail || !isEmailAddress(r.legacyEmail)) throw new HttpError(400, 'csv-invalid', `legacy CSV line ${i + 2}: legacyEmail is not an e-mail address`);
    if (!r.productModelId || !r.serialNumber) throw new HttpError(400, 'csv-invalid', `legacy CSV line ${i + 2}: productModelId and serialNumber are required`);
  });
}

/** True when an invoice (its data) is `open` and its due date (`YYYY-MM-DD`) lies before `today`. */
export function isOverdue(inv: Record<string, unknown>, today: string): boolean {
  return inv.status === 'open' && String(inv.dueDate) < today;
}
