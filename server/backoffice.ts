/**
 * Back-office actions (issue 4 §6), shared by the HTTP routes (role `back-office`) and the CLI.
 * Every action runs in one write transaction and is audited (who, when, what) in `audit_log`.
 */
import { parse } from 'csv-parse/sync';
import type { Queryable } from './db';
import { HttpError } from './errors';
import { allDocs, getDoc, findDocs, writeTransaction, type WriteTx } from './store';
import { createUser, findUserByEmail, issueToken } from './auth';
import { validatePushedDocument } from './validate';
import { decideMembership } from './authority/memberships';
import type { ServerServices } from './authority/index';

/** Validity of the set-password link e-mailed on validation (7 days, in ms). */
export const setPasswordLinkTtlMs = 7 * 24 * 3600_000;

/** An organisation waiting for the back office. */
export interface PendingOrganisation {
  id: string;
  name: string;
  country: string;
  vatNumber: string | null;
  chamberNumber: string | null;
  email: string | null;
  dealerId: string | null;
  legacyEmail: string | null;
  updatedAt: string;
  evidence: { id: string; kind: string; fileName: string }[];
}

/** Organisations in `pending-validation`, oldest first, with their evidence documents. */
export async function listPending(q: Queryable): Promise<PendingOrganisation[]> {
  const orgs = (await findDocs(q, 'organisations', 'status', 'pending-validation')).filter((o) => !o.deleted);
  const out: PendingOrganisation[] = [];
  for (const o of orgs) {
    const evidence = await findDocs(q, 'evidenceDocuments', 'organisationId', o.id);
    const d = o.data;
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
      evidence: evidence.map((e) => ({ id: e.id, kind: String(e.data.kind), fileName: String(e.data.fileName) })),
    });
  }
  return out;
}

async function pendingOrganisation(w: WriteTx, id: string) {
  const org = await getDoc(w.q, 'organisations', id);
  if (!org || org.deleted) throw new HttpError(404, 'not-found', `organisation ${id} does not exist`);
  if (org.data.status !== 'pending-validation') throw new HttpError(409, 'wrong-status', `organisation ${id} is ${String(org.data.status)}, not pending-validation`);
  return org;
}

function withoutReplication(data: Record<string, unknown>): Record<string, unknown> {
  const { updatedAt: _u, _deleted: _d, ...rest } = data;
  return rest;
}

/**
 * Validates a pending organisation: status `validated`; a studio-manager login for its contact
 * e-mail (created without password when missing) and a one-time set-password link e-mailed to it;
 * its waiting membership requests are decided. @throws HttpError 404 / 409 (not pending).
 */
export async function validateOrganisation(services: ServerServices, actor: string, id: string): Promise<{ id: string; status: string; loginEmail: string | null; membershipsDecided: number }> {
  return writeTransaction(services.db, actor, async (w) => {
    const org = await pendingOrganisation(w, id);
    await w.put('organisations', { ...withoutReplication(org.data), status: 'validated', statusReason: null }, { organisationId: org.id, dealerId: org.dealerId, meta: org.meta });
    let loginEmail: string | null = null;
    const email = typeof org.data.email === 'string' ? org.data.email.trim() : '';
    if (email) {
      let user = await findUserByEmail(w.q, email);
      if (!user) user = { ...(await createUser(w.q, { email, role: 'studio-manager', name: String(org.data.name), organisationId: org.id })), passwordHash: null };
      if (user.role === 'studio-manager' && user.organisationId === org.id) {
        loginEmail = user.email;
        const { token } = await issueToken(w.q, user.id, setPasswordLinkTtlMs, 'set-password');
        await services.outbox.enqueue(w.q, {
          to: email,
          kind: 'set-password',
          subject: 'Your CPS business account is ready',
          body: `Dear ${String(org.data.name)},\n\nYour CPS business account has been validated.\nSet the password of your login (${user.email}) within 7 days with this one-time link:\n\n${services.publicUrl}/auth/set-password#token=${token}\n\nCPS Professional Services`,
        });
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
    await w.audit('validate-organisation', `organisation ${id}`, { loginEmail, membershipsDecided: decided });
    return { id, status: 'validated', loginEmail, membershipsDecided: decided };
  });
}

/** Rejects a pending organisation with a reason (shown to the customer and e-mailed). @throws HttpError 400 without reason, 404, 409. */
export async function rejectOrganisation(services: ServerServices, actor: string, id: string, reason: string): Promise<{ id: string; status: string; reason: string }> {
  const why = (reason ?? '').trim();
  if (!why) throw new HttpError(400, 'reason-required', 'a rejection needs a reason');
  if (why.length > 500) throw new HttpError(400, 'reason-too-long', 'the reason is limited to 500 characters');
  return writeTransaction(services.db, actor, async (w) => {
    const org = await pendingOrganisation(w, id);
    await w.put('organisations', { ...withoutReplication(org.data), status: 'rejected', statusReason: why }, { organisationId: org.id, dealerId: org.dealerId, meta: org.meta });
    for (const m of await findDocs(w.q, 'memberships', 'organisationId', org.id)) {
      if (m.data.status !== 'requested') continue;
      await w.put('memberships', { ...withoutReplication(m.data), status: 'rejected', statusReason: 'The organisation was rejected' }, { organisationId: org.id, dealerId: org.dealerId, meta: m.meta });
    }
    const email = typeof org.data.email === 'string' ? org.data.email.trim() : '';
    if (email)
      await services.outbox.enqueue(w.q, {
        to: email,
        kind: 'organisation-rejected',
        subject: 'Your CPS business account application',
        body: `Dear ${String(org.data.name)},\n\nWe could not validate your CPS business account:\n\n${why}\n\nYou can apply again with a new evidence document.\n\nCPS Professional Services`,
      });
    await w.audit('reject-organisation', `organisation ${id}`, { reason: why });
    return { id, status: 'rejected', reason: why };
  });
}

/** Marks an invoice paid by its number. Paying a paid invoice changes nothing. @throws HttpError 404. */
export async function markInvoicePaid(services: ServerServices, actor: string, number: string): Promise<{ number: string; status: string; changed: boolean }> {
  return writeTransaction(services.db, actor, async (w) => {
    const [inv] = await findDocs(w.q, 'invoices', 'number', number);
    if (!inv) throw new HttpError(404, 'not-found', `invoice ${number} does not exist`);
    if (inv.data.status === 'paid') return { number, status: 'paid', changed: false };
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
    if (!r.legacyEmail || !/^[^@\s]+@[^@\s]+$/.test(r.legacyEmail)) throw new HttpError(400, 'csv-invalid', `legacy CSV line ${i + 2}: legacyEmail is not an e-mail address`);
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
    `select id from documents where collection = 'invoices' and not deleted and data->>'status' = 'open' and data->>'dueDate' < $1`,
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
