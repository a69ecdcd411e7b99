/**
 * The back office's own SQL (server/backoffice.ts asks, server/backofficeDecisions.ts decides):
 * the audit log, the legacy registrations table, and the invoices due for the overdue check.
 */
import type { Queryable } from '../db';

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

/** The newest audit entry on `subject` (e.g. `organisation <id>`) whose action is one of `actions`: who, when, which. */
export async function lastAuditOf(q: Queryable, subject: string, actions: readonly string[]): Promise<{ actor: string; at: string; action: string } | undefined> {
  const [last] = await q.query<{ actor: string; at: string; action: string }>(`select actor, at, action from audit_log where subject = $1 and action = any($2) order by at desc, id limit 1`, [subject, actions]);
  return last;
}

/** One row of a legacy (old CPS account) registrations CSV; empty optional fields are stored as null. */
export interface LegacyRow {
  legacyEmail: string;
  productModelId: string;
  serialNumber: string;
  purchaseDate?: string | undefined;
  purchaseCountry?: string | undefined;
  dealerName?: string | undefined;
}

/** Inserts a legacy registration (e-mail trimmed and lower-cased) unless the same e-mail, model and serial is there. Returns whether it was inserted. */
export async function insertLegacyRegistration(q: Queryable, r: LegacyRow): Promise<boolean> {
  const res = await q.query(
    `insert into legacy_registrations (id, legacy_email, product_model_id, serial_number, purchase_date, purchase_country, dealer_name)
     values ($1,$2,$3,$4,$5,$6,$7) on conflict do nothing returning id`,
    [crypto.randomUUID(), r.legacyEmail.trim().toLowerCase(), r.productModelId, r.serialNumber, r.purchaseDate || null, r.purchaseCountry || null, r.dealerName || null],
  );
  return res.length > 0;
}

/**
 * Ids of the open invoices whose due date lies before `today` (`YYYY-MM-DD`), except card invoices
 * whose due-date charge is still scheduled: those are the charge job's (server/payments/cardCharges.ts).
 */
export async function overdueInvoiceCandidates(q: Queryable, today: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select id from documents where collection = 'invoices' and not deleted and data->>'status' = 'open' and data->>'dueDate' < $1
       and not exists (select 1 from card_charges c where c.invoice_id = documents.id and c.state = 'scheduled')`,
    [today],
  );
  return rows.map((r) => r.id);
}
