/**
 * The due-date charge job (docs/program.md#sign-up-and-payment: "the subscription fee will be
 * charged on the due date indicated on the invoice"). For every scheduled card charge whose
 * invoice is due (`due_date <= today`) and whose next attempt time has come:
 * 1. claim it: `SELECT … FOR UPDATE SKIP LOCKED` and a lease (`claimed_until`), committed before
 *    the provider is called — so several server instances on one PostgreSQL never take the same
 *    invoice at once (PGlite is one process; there the lease only guards against overlapping runs);
 * 2. charge the saved card off-session with the idempotency key `cps-invoice-<invoice id>-<attempt>`
 *    (one key per invoice and attempt: a retry whose outcome was unknown — no answer, rate limit,
 *    provider error — uses the SAME key, so the provider charges at most once; only a definite
 *    temporary refusal or a new card starts a new attempt);
 * 3. paid → invoice `paid` (replicates to the desktop); temporary failure → retried after
 *    `retryDelaysMinutes[n]`; final failure (a definite refusal, retries used up, or no saved card)
 *    → invoice `overdue`, and the organisation gets an e-mail (its language, the reason worded from
 *    the provider's decline code: shared/text/cardDeclines.ts) with a one-time link to a new hosted
 *    card setup (`/payments/card/update#token=…`); a new authorised card schedules the charge again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { getDoc, writeTransaction, type StoredDoc } from '../store';
import type { ServerServices } from '../authority/index';
import { organisationLanguage } from '../../shared/program/backOffice';
import type { CardProvider, ChargeResult } from './provider';
import { authorisedCard } from './cardRecords';
import { cardChargeFailedMail } from './cardMails';
import { cardDeclineReason } from '../../shared/text/cardDeclines';

/** Options of one run. */
export interface ChargeRunOptions {
  /** The run's "now" (the clock is injectable for tests and the demo). */
  now: Date;
  /** Name of this instance in `claimed_by`. */
  instance: string;
  /** Waits before the 2nd, 3rd, … try of a temporary failure, minutes (their count = retries). */
  retryDelaysMinutes: number[];
  /** Base of the card update link in the failure e-mail (PUBLIC_URL). */
  publicUrl: string;
  /** Charges per claim (default 20). */
  batch?: number;
  /** How long a claim holds, ms (default 10 minutes; longer than a provider call's timeout). */
  leaseMs?: number;
}

/** What a run did, by invoice number. */
export interface ChargeRunResult {
  paid: string[];
  retrying: string[];
  failed: string[];
}

/** Validity of the card update link e-mailed after a final failure (30 days, ms). */
export const cardUpdateLinkTtlMs = 30 * 24 * 3600_000;

interface Claimed {
  invoice_id: string;
  membership_id: string;
  attempt: number;
  tries: number;
}

/** Claims due charges (see module doc, step 1). */
async function claim(services: ServerServices, o: ChargeRunOptions): Promise<Claimed[]> {
  const now = o.now.toISOString();
  const today = now.slice(0, 10);
  return services.db.transaction(async (q) => {
    const rows = await q.query<Claimed>(
      `select invoice_id, membership_id, attempt, tries from card_charges
       where state = 'scheduled' and due_date <= $1 and next_attempt_at <= $2 and (claimed_until is null or claimed_until < $2)
       order by due_date, invoice_id limit $3 for update skip locked`,
      [today, now, o.batch ?? 20],
    );
    if (rows.length)
      await q.query(`update card_charges set claimed_until = $2, claimed_by = $3 where invoice_id = any($1)`, [
        rows.map((r) => r.invoice_id),
        new Date(o.now.getTime() + (o.leaseMs ?? 600_000)).toISOString(),
        o.instance,
      ]);
    return rows;
  });
}

const withoutReplication = (d: Record<string, unknown>): Record<string, unknown> => {
  const { updatedAt: _u, _deleted: _d, ...rest } = d;
  return rest;
};

/** Runs the job once (see module doc). Never throws for one invoice's failure; it is recorded and retried. */
export async function chargeDueInvoices(services: ServerServices, provider: CardProvider, o: ChargeRunOptions): Promise<ChargeRunResult> {
  const result: ChargeRunResult = { paid: [], retrying: [], failed: [] };
  for (;;) {
    const claimed = await claim(services, o);
    if (claimed.length === 0) return result;
    for (const c of claimed) await chargeOne(services, provider, o, c, result);
  }
}

async function chargeOne(services: ServerServices, provider: CardProvider, o: ChargeRunOptions, c: Claimed, result: ChargeRunResult): Promise<void> {
  const { db } = services;
  const inv = await getDoc(db, 'invoices', c.invoice_id);
  const now = o.now.toISOString();
  if (!inv || inv.deleted || inv.data.status === 'paid') {
    // Paid another way (or withdrawn): nothing to charge.
    await db.query(`update card_charges set state = 'paid', claimed_until = null, last_code = 'not-due', updated_at = $2 where invoice_id = $1`, [c.invoice_id, now]);
    return;
  }
  const number = String(inv.data.number);
  const card = await authorisedCard(db, c.membership_id);
  let r: ChargeResult;
  if (!card) r = { outcome: 'declined', temporary: false, code: 'no-card', reason: 'No authorised card is on record for this membership', paymentIntentId: null };
  else {
    try {
      r = await provider.charge(
        { customerId: card.customerId, paymentMethodId: card.paymentMethodId, amountCents: Number(inv.data.totalCents), currency: String(inv.data.currency), invoiceId: inv.id, invoiceNumber: number },
        `cps-invoice-${inv.id}-${c.attempt}`,
      );
    } catch (err) {
      r = { outcome: 'unknown', code: 'error', reason: (err as Error).message };
    }
  }
  if (r.outcome === 'paid') {
    const paymentIntentId = r.paymentIntentId;
    await writeTransaction(db, `provider:${provider.name}`, async (w) => {
      const cur = await getDoc(w.q, 'invoices', inv.id);
      if (cur && cur.data.status !== 'paid')
        await w.put('invoices', { ...withoutReplication(cur.data), status: 'paid' }, { organisationId: cur.organisationId, dealerId: cur.dealerId, meta: { ...cur.meta, paidBy: 'card', paymentIntentId } });
      await w.q.query(`update card_charges set state = 'paid', payment_intent_id = $2, claimed_until = null, tries = tries + 1, last_code = null, last_error = null, updated_at = $3 where invoice_id = $1`, [inv.id, paymentIntentId, now]);
      await w.audit('card-charged', `invoice ${number}`, { paymentIntentId, amountCents: inv.data.totalCents });
    });
    result.paid.push(number);
    return;
  }
  const temporary = r.outcome === 'unknown' || r.temporary;
  const tries = c.tries + 1;
  if (temporary && tries <= o.retryDelaysMinutes.length) {
    // Unknown outcome: the same attempt (same idempotency key) again; a definite refusal: a new attempt.
    const attempt = r.outcome === 'unknown' ? c.attempt : c.attempt + 1;
    const next = new Date(o.now.getTime() + o.retryDelaysMinutes[tries - 1]! * 60_000).toISOString();
    await db.query(`update card_charges set attempt = $2, tries = $3, next_attempt_at = $4, claimed_until = null, last_code = $5, last_error = $6, updated_at = $7 where invoice_id = $1`, [
      inv.id,
      attempt,
      tries,
      next,
      r.code,
      r.reason,
      now,
    ]);
    result.retrying.push(number);
    return;
  }
  await finalFailure(services, provider, inv, c, r, now, o.publicUrl);
  result.failed.push(number);
}

async function finalFailure(services: ServerServices, provider: CardProvider, inv: StoredDoc, c: Claimed, r: Exclude<ChargeResult, { outcome: 'paid' }>, now: string, publicUrl: string): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await writeTransaction(services.db, `provider:${provider.name}`, async (w) => {
    const cur = (await getDoc(w.q, 'invoices', inv.id)) ?? inv;
    if (cur.data.status === 'open') await w.put('invoices', { ...withoutReplication(cur.data), status: 'overdue' }, { organisationId: cur.organisationId, dealerId: cur.dealerId, meta: cur.meta });
    await w.q.query(`update card_charges set state = 'failed', tries = tries + 1, claimed_until = null, last_code = $2, last_error = $3, updated_at = $4 where invoice_id = $1`, [inv.id, r.code, r.reason, now]);
    await w.q.query(`insert into card_update_links (token_hash, membership_id, invoice_id, created_at, expires_at) values ($1, $2, $3, $4, $5)`, [
      createHash('sha256').update(token).digest('hex'),
      c.membership_id,
      inv.id,
      now,
      new Date(Date.parse(now) + cardUpdateLinkTtlMs).toISOString(),
    ]);
    await w.audit('card-charge-failed', `invoice ${String(inv.data.number)}`, { code: r.code });
    const org = await getDoc(w.q, 'organisations', inv.organisationId ?? '');
    const to = String(org?.data.email ?? '');
    if (org && to) {
      const mail = cardChargeFailedMail(organisationLanguage(org.data.country), String(org.data.name), {
        number: String(inv.data.number),
        totalCents: Number(inv.data.totalCents),
        currency: String(inv.data.currency),
        // The customer reads a reason worded for them; the provider's message stays in card_charges.last_error.
        reason: cardDeclineReason(r.outcome === 'unknown' ? 'processing_error' : r.code),
        link: `${publicUrl}/payments/card/update#token=${token}`,
      });
      await services.outbox.enqueue(w.q, { to, kind: 'card-charge-failed', ...mail });
    }
  });
  void services.outbox.flushIfQueued();
}
