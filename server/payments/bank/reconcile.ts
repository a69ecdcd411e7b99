/**
 * Bank-transfer reconciliation: an imported camt.053 statement (camt053.ts) is matched against the
 * open invoices, in ONE write transaction per file (all or nothing), audited.
 *
 * Per booked credit on the supplier's account:
 * 1. the bank's reference of the credit (`entry_key`) is recorded; one already recorded (the same
 *    statement again, or a credit repeated in a later statement) is skipped — importing twice
 *    changes nothing;
 * 2. references: the structured creditor reference (ISO 11649 RF, checksum verified), else an RF
 *    reference or an invoice number (`YYYY-NNNNNN`) in the remittance text;
 * 3. the invoice whose `paymentReference` or `number` it is; then the amount decides: equal to the
 *    invoice's total → the invoice becomes `paid` (replicates to the desktop); less → `partial`,
 *    more → `over-payment`, none or several invoices → `unmatched`, a paid invoice →
 *    `already-paid`, another currency → `currency-mismatch`. Those wait on the review list until a
 *    person resolves them ({@link resolveBankCredit}).
 * Wire types: shared/sync/bank.ts.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db';
import { HttpError } from '../../errors';
import { findDocs, getDoc, writeTransaction, type StoredDoc, type WriteTx } from '../../store';
import type { ServerServices } from '../../authority/index';
import { validateCreditorReference, validateIban } from '../../../shared/identifiers';
import type { BankCredit, BankCreditOutcome, ResolveBankCredit, StatementImport, StatementImportEntry } from '../../../shared/sync/bank';
import { parseCamt053, type StatementCredit } from './camt053';

/** Invoice numbers as issued (server/store/numbers.ts `nextInvoiceNumber`), also typed without the hyphen. */
const INVOICE_NUMBER = /\b(\d{4})-?(\d{6})\b/g;
const RF_CANDIDATE = /\bRF\d{2}(?:\s?[A-Z0-9]){1,21}\b/gi;

/** The references a credit carries, strongest first: a valid structured RF reference, RF references and invoice numbers in the text. */
export function referencesOf(credit: Pick<StatementCredit, 'creditorReference' | 'remittanceText'>): Array<{ kind: 'rf' | 'number'; value: string }> {
  const out: Array<{ kind: 'rf' | 'number'; value: string }> = [];
  const add = (kind: 'rf' | 'number', value: string) => {
    if (!out.some((r) => r.kind === kind && r.value === value)) out.push({ kind, value });
  };
  const structured = credit.creditorReference ? validateCreditorReference(credit.creditorReference) : null;
  if (structured?.valid) add('rf', structured.normalised);
  const texts = [credit.creditorReference && !structured?.valid ? credit.creditorReference : null, credit.remittanceText].filter((t): t is string => !!t);
  for (const t of texts) {
    for (const m of t.matchAll(RF_CANDIDATE)) {
      const rf = validateCreditorReference(m[0]);
      if (rf.valid) add('rf', rf.normalised);
    }
    for (const m of t.matchAll(INVOICE_NUMBER)) add('number', `${m[1]}-${m[2]}`);
  }
  return out;
}

/** The distinct invoices the references name (by `paymentReference`, compacted, or by `number`). */
async function invoicesFor(q: Queryable, refs: Array<{ kind: 'rf' | 'number'; value: string }>): Promise<StoredDoc[]> {
  const found = new Map<string, StoredDoc>();
  for (const r of refs) {
    const hits =
      r.kind === 'rf'
        ? await q.query<{ id: string }>(`select id from documents where collection = 'invoices' and not deleted and upper(replace(data->>'paymentReference', ' ', '')) = $1`, [r.value])
        : (await findDocs(q, 'invoices', 'number', r.value)).map((d) => ({ id: d.id }));
    for (const h of hits) if (!found.has(h.id)) found.set(h.id, (await getDoc(q, 'invoices', h.id))!);
    // The strongest reference that names an invoice decides; weaker ones are only tried when it names none.
    if (found.size) break;
  }
  return [...found.values()];
}

/** Marks `inv` paid inside `w` (replicates to the organisation's desktop), audited. */
async function setPaid(w: WriteTx, inv: StoredDoc, details: Record<string, unknown>): Promise<void> {
  const { updatedAt: _u, _deleted: _d, ...data } = inv.data;
  await w.put('invoices', { ...data, status: 'paid' }, { organisationId: inv.organisationId, dealerId: inv.dealerId, meta: inv.meta });
  await w.audit('invoice-paid-by-bank-transfer', `invoice ${String(inv.data.number)}`, { previousStatus: inv.data.status, ...details });
}

function decide(credit: StatementCredit, invoices: StoredDoc[]): { outcome: BankCreditOutcome; invoice: StoredDoc | null } {
  if (invoices.length !== 1) return { outcome: 'unmatched', invoice: null };
  const invoice = invoices[0]!;
  const total = Number(invoice.data.totalCents);
  if (invoice.data.currency !== credit.currency) return { outcome: 'currency-mismatch', invoice };
  if (invoice.data.status === 'paid') return { outcome: 'already-paid', invoice };
  if (credit.amountCents === total) return { outcome: 'paid', invoice };
  return { outcome: credit.amountCents < total ? 'partial' : 'over-payment', invoice };
}

/**
 * Imports the camt.053 statement file `xml` (its text) as `actor` and reconciles its credits
 * (see module doc). Every statement must be of the supplier's account (the IBAN on the invoices).
 * @returns per statement what happened, the invoices now paid, and the new review items.
 * @throws HttpError from {@link parseCamt053}; 400 `statement-other-account` for a statement of
 *   another account. Nothing is written when it throws.
 */
export async function importBankStatement(services: ServerServices, actor: string, xml: string): Promise<StatementImport> {
  const file = parseCamt053(xml);
  const own = validateIban(services.program.supplier.iban).normalised;
  for (const s of file.statements)
    if (s.iban !== own) throw new HttpError(400, 'statement-other-account', `statement ${s.id} is of account ${s.iban}, not of the account invoices are paid to (${own})`);
  const fileSha256 = createHash('sha256').update(xml).digest('hex');
  return writeTransaction(services.db, actor, async (w) => {
    const entries: StatementImportEntry[] = [];
    const paidInvoices: string[] = [];
    const newStatements: string[] = [];
    const now = new Date().toISOString();
    for (const s of file.statements) {
      const statementKey = `${s.iban}/${s.id}`;
      const skipped = s.skipped.debits + s.skipped.notBooked + s.skipped.reversals;
      const entry: StatementImportEntry = { statementId: s.id, iban: s.iban, alreadyImported: false, credits: s.credits.length, paid: 0, review: 0, duplicates: 0, skipped };
      entries.push(entry);
      const inserted = await w.q.query(
        `insert into bank_statements (id, account_iban, statement_id, message_id, file_sha256, imported_at, imported_by) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do nothing returning id`,
        [statementKey, s.iban, s.id, file.messageId, fileSha256, now, actor],
      );
      if (!inserted.length) {
        entry.alreadyImported = true;
        continue;
      }
      newStatements.push(statementKey);
      for (const credit of s.credits) {
        const refs = referencesOf(credit);
        const { outcome, invoice } = decide(credit, await invoicesFor(w.q, refs));
        const id = crypto.randomUUID();
        const remittance = [credit.creditorReference, credit.remittanceText].filter(Boolean).join(' · ') || null;
        const row = await w.q.query(
          `insert into bank_credits (id, entry_key, statement_id, booking_date, amount_cents, currency, reference, remittance, debtor_name, debtor_iban, invoice_id, outcome, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict (entry_key) do nothing returning id`,
          [id, `${s.iban}/${credit.key}`, statementKey, credit.bookingDate, credit.amountCents, credit.currency, refs[0]?.value ?? null, remittance, credit.debtorName, credit.debtorIban, invoice?.id ?? null, outcome, now],
        );
        if (!row.length) {
          entry.duplicates++;
          continue;
        }
        if (outcome === 'paid' && invoice) {
          await setPaid(w, invoice, { statement: statementKey, credit: credit.key, amountCents: credit.amountCents });
          await w.q.query(`update bank_credits set resolution = 'marked-paid', resolved_by = 'reconciliation', resolved_at = $2 where id = $1`, [id, now]);
          paidInvoices.push(String(invoice.data.number));
          entry.paid++;
        } else entry.review++;
      }
      await w.q.query('update bank_statements set credits = $2, paid = $3, review = $4, duplicates = $5, skipped = $6 where id = $1', [statementKey, entry.credits, entry.paid, entry.review, entry.duplicates, entry.skipped]);
      await w.audit('import-bank-statement', `statement ${statementKey}`, { fileSha256, credits: entry.credits, paid: entry.paid, review: entry.review, duplicates: entry.duplicates, skipped });
    }
    const review: BankCredit[] = [];
    for (const key of newStatements) review.push(...(await readCredits(w.q, 'c.statement_id = $1 and c.resolved_at is null', [key])));
    return { fileSha256, statements: entries, paidInvoices, review };
  });
}

interface CreditRow {
  id: string;
  statement_id: string;
  booking_date: string | null;
  amount_cents: number | string;
  currency: string;
  reference: string | null;
  remittance: string | null;
  debtor_name: string | null;
  debtor_iban: string | null;
  outcome: BankCreditOutcome;
  resolution: BankCredit['resolution'];
  resolved_by: string | null;
  resolved_at: string | null;
  note: string | null;
  invoice: string | null;
}

async function readCredits(q: Queryable, where: string, params: unknown[]): Promise<BankCredit[]> {
  const rows = await q.query<CreditRow>(
    `select c.*, d.data::text as invoice from bank_credits c
     left join documents d on d.collection = 'invoices' and d.id = c.invoice_id
     where ${where} order by c.booking_date nulls last, c.created_at, c.entry_key`,
    params,
  );
  return rows.map((r) => {
    const inv = r.invoice ? (JSON.parse(r.invoice) as Record<string, unknown>) : null;
    return {
      id: r.id,
      statementId: r.statement_id,
      bookingDate: r.booking_date,
      amountCents: Number(r.amount_cents),
      currency: r.currency,
      reference: r.reference,
      remittance: r.remittance,
      debtorName: r.debtor_name,
      debtorIban: r.debtor_iban,
      outcome: r.outcome,
      invoiceNumber: inv ? String(inv.number) : null,
      invoiceTotalCents: inv ? Number(inv.totalCents) : null,
      invoiceCurrency: inv ? String(inv.currency) : null,
      invoiceStatus: inv ? String(inv.status) : null,
      resolution: r.resolution,
      resolvedBy: r.resolved_by,
      resolvedAt: r.resolved_at,
      note: r.note,
    };
  });
}

/** The review list: credits not resolved yet (partial, over-payment, unmatched, already paid, other currency), oldest booking first. */
export async function listBankReview(q: Queryable): Promise<BankCredit[]> {
  return readCredits(q, 'c.resolved_at is null', []);
}

/**
 * Resolves a credit of the review list as `actor`:
 * - `mark-paid`: the invoice (`invoiceNumber`, else the one the credit was matched to) becomes
 *   `paid` — e.g. a partial payment accepted, an over-payment to refund, an unmatched credit
 *   identified; an invoice already paid stays as it is;
 * - `dismiss`: set aside with `note` (refunded, not ours, …); no invoice changes.
 * Audited with the note.
 * @throws HttpError 404 `not-found` (credit or invoice), 409 `already-resolved`, 400
 *   `invoice-required` (mark-paid without an invoice), 400 `note-required` (dismiss without note),
 *   400 `bad-request` for another action.
 */
export async function resolveBankCredit(services: ServerServices, actor: string, creditId: string, body: ResolveBankCredit): Promise<BankCredit> {
  if (body.action !== 'mark-paid' && body.action !== 'dismiss') throw new HttpError(400, 'bad-request', 'action must be mark-paid or dismiss');
  const note = typeof body.note === 'string' ? body.note.trim().slice(0, 500) : '';
  if (body.action === 'dismiss' && !note) throw new HttpError(400, 'note-required', 'say why the credit is set aside (e.g. refunded, not for this program)');
  return writeTransaction(services.db, actor, async (w) => {
    const rows = await w.q.query<{ id: string; invoice_id: string | null; resolved_at: string | null; resolved_by: string | null; entry_key: string; amount_cents: number }>(
      'select id, invoice_id, resolved_at, resolved_by, entry_key, amount_cents from bank_credits where id = $1 for update',
      [creditId],
    );
    const credit = rows[0];
    if (!credit) throw new HttpError(404, 'not-found', `bank credit ${creditId} does not exist`);
    if (credit.resolved_at) throw new HttpError(409, 'already-resolved', `bank credit ${creditId} was resolved by ${credit.resolved_by ?? '?'} at ${credit.resolved_at}`);
    let invoiceId = credit.invoice_id;
    if (body.action === 'mark-paid') {
      let invoice: StoredDoc | null = null;
      if (body.invoiceNumber) {
        [invoice = null] = await findDocs(w.q, 'invoices', 'number', body.invoiceNumber.trim());
        if (!invoice) throw new HttpError(404, 'not-found', `invoice ${body.invoiceNumber} does not exist`);
      } else if (invoiceId) invoice = await getDoc(w.q, 'invoices', invoiceId);
      if (!invoice) throw new HttpError(400, 'invoice-required', 'name the invoice this credit pays');
      invoiceId = invoice.id;
      if (invoice.data.status !== 'paid') await setPaid(w, invoice, { credit: credit.entry_key, amountCents: Number(credit.amount_cents), resolvedByPerson: true });
    }
    const now = new Date().toISOString();
    await w.q.query('update bank_credits set resolution = $2, resolved_by = $3, resolved_at = $4, note = $5, invoice_id = $6 where id = $1', [
      creditId,
      body.action === 'mark-paid' ? 'marked-paid' : 'dismissed',
      actor,
      now,
      note || null,
      invoiceId,
    ]);
    await w.audit('resolve-bank-credit', `bank credit ${credit.entry_key}`, { action: body.action, invoiceId, note: note || null });
    return (await readCredits(w.q, 'c.id = $1', [creditId]))[0]!;
  });
}
