/**
 * Card authorisation of a membership (docs/program.md#sign-up-and-payment): a card sign-up waits
 * (`requested`, `cardAuthorisation: 'pending'`) until the payment provider confirms a zero-amount
 * authorisation made on its hosted page; then the membership authority activates it (number,
 * invoice) in the webhook's transaction. A declined or abandoned authorisation keeps the membership
 * `requested`; a decline's reason is a reason code made from the provider's decline code
 * (shared/text/cardDeclines.ts), which the app words in the user's language. The provider's own
 * (English, merchant-facing) message is kept in `card_authorisations.reason` and the audit log only.
 * Nothing is charged and no invoice exists yet.
 *
 * Webhooks: verified by the provider (signature, timestamp tolerance), then taken at most once per
 * event id (`payment_webhook_events`, in the same transaction as their effect), so a replay or a
 * redelivery changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db';
import { HttpError } from '../errors';
import { getDoc, writeTransaction, type StoredDoc } from '../store';
import { organisationInScope, scopeOf } from '../scope';
import type { User } from '../auth';
import type { ServerServices } from '../authority/index';
import type { CardEvent, CardProvider, HostedSetup } from './provider';
import { decideMembership } from '../authority/memberships';
import { waitingForCard } from './cardRecords';
import { cardDeclineReason } from '../../shared/text/cardDeclines';

const withoutReplication = (d: Record<string, unknown>): Record<string, unknown> => {
  const { updatedAt: _u, _deleted: _d, ...rest } = d;
  return rest;
};

/** The membership `id` when `user` may act on it. @throws HttpError 404 (unknown or outside the user's scope). */
async function membershipFor(q: Queryable, user: User, id: string): Promise<StoredDoc> {
  const m = await getDoc(q, 'memberships', id);
  if (!m || m.deleted || !organisationInScope(scopeOf(user), m.organisationId ?? '', m.dealerId)) throw new HttpError(404, 'not-found', `membership ${id} does not exist`);
  return m;
}

/** What a hosted setup needs from the server: provider, URLs, and the running services. */
export interface CardContext {
  services: ServerServices;
  provider: CardProvider;
  /** Base of the return pages (`<publicUrl>/payments/card/done`). */
  publicUrl: string;
  /** Starts the due-date charge job soon (after a card was replaced for an unpaid invoice). */
  kickCharges(): void;
}

/** Whether a membership may open a (new) hosted card setup, and why not. */
function setupRefusal(m: StoredDoc, hasUnpaidCardInvoice: boolean): string | null {
  const d = m.data;
  if (d.paymentMethod !== 'card') return 'this membership is paid by bank transfer';
  if (d.status === 'requested' && d.statusReason === waitingForCard) return null;
  if (d.status === 'requested' && (d.cardAuthorisation === 'declined' || d.cardAuthorisation === 'abandoned' || d.cardAuthorisation === 'pending')) return null;
  if (d.status === 'active' && hasUnpaidCardInvoice) return null;
  return d.status === 'requested' ? 'the server has not accepted the sign-up yet (the organisation or the tier is still being checked)' : `the membership is ${String(d.status)} and its card needs no (new) authorisation`;
}

/**
 * Opens a hosted card setup for membership `membershipId` on behalf of `user` (anyone whose scope
 * holds it). Creates the organisation's provider customer once. The membership shows
 * `cardAuthorisation: 'pending'` again (after a decline: "try again").
 * @throws HttpError 404 (unknown / out of scope), 409 `card-setup-not-possible` (see {@link setupRefusal}).
 */
export async function openHostedSetup(ctx: CardContext, user: User, membershipId: string, locale: 'nl' | 'en'): Promise<HostedSetup> {
  const { db } = ctx.services;
  const m = await membershipFor(db, user, membershipId);
  const unpaid = await db.query(`select 1 from card_charges where membership_id = $1 and state = 'failed' limit 1`, [membershipId]);
  const refusal = setupRefusal(m, unpaid.length > 0);
  if (refusal) throw new HttpError(409, 'card-setup-not-possible', `no card authorisation for membership ${membershipId}: ${refusal}`);
  return createSetup(ctx, m, locale);
}

/**
 * Opens a hosted card setup from the one-time link e-mailed after a final charge failure (the
 * link's token is the authority; no login). The link works until it expires or its invoice is paid.
 * @throws HttpError 401 `invalid-link` (unknown or expired), 409 `already-paid`.
 */
export async function openHostedSetupByLink(ctx: CardContext, token: string, locale: 'nl' | 'en'): Promise<HostedSetup> {
  const { db } = ctx.services;
  const [link] = await db.query<{ membership_id: string; invoice_id: string; expires_at: string }>(
    `select membership_id, invoice_id, expires_at from card_update_links where token_hash = $1`,
    [createHash('sha256').update(token).digest('hex')],
  );
  if (!link || link.expires_at < new Date().toISOString()) throw new HttpError(401, 'invalid-link', 'this link is unknown or expired; ask the back office for a new one');
  const [charge] = await db.query<{ state: string }>(`select state from card_charges where invoice_id = $1`, [link.invoice_id]);
  if (charge?.state !== 'failed') throw new HttpError(409, 'already-paid', 'this invoice is paid or being charged already; nothing to update');
  const m = await getDoc(db, 'memberships', link.membership_id);
  if (!m || m.deleted) throw new HttpError(401, 'invalid-link', 'this link is unknown or expired');
  return createSetup(ctx, m, locale);
}

async function createSetup(ctx: CardContext, m: StoredDoc, locale: 'nl' | 'en'): Promise<HostedSetup> {
  const { db } = ctx.services;
  const org = await getDoc(db, 'organisations', m.organisationId ?? '');
  if (!org) throw new HttpError(404, 'not-found', `organisation ${String(m.organisationId)} does not exist`);
  const tier = await getDoc(db, 'programTiers', String(m.data.tierId));
  let [cust] = await db.query<{ customer_id: string }>(`select customer_id from payment_customers where organisation_id = $1 and provider = $2`, [org.id, ctx.provider.name]);
  if (!cust) {
    const customerId = await ctx.provider.createCustomer({ organisationId: org.id, name: String(org.data.name ?? org.id), email: (org.data.email as string) || null }, `cps-customer-${org.id}`);
    await db.query(`insert into payment_customers (organisation_id, provider, customer_id, created_at) values ($1, $2, $3, $4) on conflict do nothing`, [org.id, ctx.provider.name, customerId, new Date().toISOString()]);
    [cust] = await db.query<{ customer_id: string }>(`select customer_id from payment_customers where organisation_id = $1 and provider = $2`, [org.id, ctx.provider.name]);
  }
  const back = `${ctx.publicUrl}/payments/card`;
  const setup = await ctx.provider.createHostedSetup(
    {
      customerId: cust!.customer_id,
      membershipId: m.id,
      organisationId: org.id,
      currency: String(tier?.data.currency ?? 'EUR'),
      successUrl: `${back}/done?session={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${back}/cancelled?session={CHECKOUT_SESSION_ID}`,
      locale,
    },
    `cps-setup-${m.id}-${crypto.randomUUID()}`,
  );
  await writeTransaction(db, 'system', async (w) => {
    await w.q.query(
      `insert into card_authorisations (session_id, membership_id, organisation_id, provider, customer_id, status, setup_intent_id, created_at) values ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
      [setup.sessionId, m.id, org.id, ctx.provider.name, cust!.customer_id, setup.setupIntentId, new Date().toISOString()],
    );
    const cur = await getDoc(w.q, 'memberships', m.id);
    if (cur && cur.data.status === 'requested' && cur.data.cardAuthorisation !== 'pending')
      await w.put('memberships', { ...withoutReplication(cur.data), cardAuthorisation: 'pending', cardAuthorisationReason: null }, { organisationId: cur.organisationId, dealerId: cur.dealerId, meta: cur.meta });
    await w.audit('card-setup-opened', `membership ${m.id}`, { sessionId: setup.sessionId });
  });
  return setup;
}

/** The setup row an event belongs to: by setup intent, else by session, else the membership's latest pending one. */
async function setupRow(q: Queryable, e: { setupIntentId?: string; sessionId: string | null; membershipId: string }) {
  const rows = await q.query<{ session_id: string; status: string; membership_id: string }>(
    `select session_id, status, membership_id from card_authorisations
     where (setup_intent_id = $1 or session_id = $2) and membership_id = $3 order by created_at desc limit 1`,
    [e.setupIntentId ?? '', e.sessionId ?? '', e.membershipId],
  );
  return rows[0] ?? null;
}

/**
 * Applies one verified provider event (see module doc).
 * @returns `duplicate` when its id was taken in before (nothing changes), else what it did.
 */
export async function applyCardEvent(ctx: CardContext, e: CardEvent): Promise<'duplicate' | 'ignored' | 'applied'> {
  let replaced = false;
  const result = await writeTransaction(ctx.services.db, `provider:${ctx.provider.name}`, async (w) => {
    const fresh = await w.q.query(
      `insert into payment_webhook_events (event_id, provider, type, created_at, received_at) values ($1, $2, $3, $4, $5) on conflict (event_id) do nothing returning event_id`,
      [e.id, ctx.provider.name, e.kind === 'ignored' ? e.type : e.kind, e.createdAt, new Date().toISOString()],
    );
    if (fresh.length === 0) return 'duplicate' as const;
    if (e.kind === 'ignored') return 'ignored' as const;
    const row = await setupRow(w.q, e);
    if (!row) return 'ignored' as const;
    const m = await getDoc(w.q, 'memberships', e.membershipId);
    if (!m || m.deleted) return 'ignored' as const;
    const doc = withoutReplication(m.data);
    const put = () => w.put('memberships', doc, { organisationId: m.organisationId, dealerId: m.dealerId, meta: m.meta });
    const now = new Date().toISOString();
    if (e.kind === 'setup-succeeded') {
      await w.q.query(`update card_authorisations set status = 'authorised', payment_method_id = $2, customer_id = $3, decided_at = $4, reason = null, reason_code = null where session_id = $1`, [row.session_id, e.paymentMethodId, e.customerId, now]);
      await w.audit('card-authorised', `membership ${m.id}`, { sessionId: row.session_id });
      if (doc.status === 'requested' && doc.paymentMethod === 'card') {
        doc.cardAuthorisation = 'authorised';
        doc.cardAuthorisationReason = null;
        // Decide again with the card on record (activates: number, invoice, e-mails).
        await decideMembership(ctx.services, w, doc, m.organisationId ?? '');
        await put();
      } else if (doc.status === 'active') {
        // A new card for an invoice whose charge failed: charge it again with the new card.
        const r = await w.q.query(`update card_charges set state = 'scheduled', attempt = attempt + 1, tries = 0, next_attempt_at = $2, last_code = null, updated_at = $2 where membership_id = $1 and state = 'failed' returning invoice_id`, [m.id, now]);
        replaced = r.length > 0;
        if (doc.cardAuthorisation !== 'authorised') {
          doc.cardAuthorisation = 'authorised';
          doc.cardAuthorisationReason = null;
          await put();
        }
      }
      return 'applied' as const;
    }
    // A failure or an abandoned page never undoes an authorisation that succeeded (events may arrive out of order).
    if (row.status === 'authorised') return 'ignored' as const;
    const failed = e.kind === 'setup-failed';
    await w.q.query(`update card_authorisations set status = $2, reason_code = $3, reason = $4, decided_at = $5 where session_id = $1`, [
      row.session_id,
      failed ? 'declined' : 'abandoned',
      failed ? e.code : 'abandoned',
      failed ? e.reason : null,
      now,
    ]);
    await w.audit(failed ? 'card-declined' : 'card-setup-abandoned', `membership ${m.id}`, { sessionId: row.session_id, ...(failed ? { code: e.code, providerMessage: e.reason } : {}) });
    // Only the membership's latest setup speaks for it (an old page expiring says nothing about a newer one).
    const [latest] = await w.q.query<{ session_id: string }>(`select session_id from card_authorisations where membership_id = $1 order by created_at desc limit 1`, [m.id]);
    if (doc.status === 'requested' && doc.paymentMethod === 'card' && latest?.session_id === row.session_id && doc.cardAuthorisation !== 'authorised') {
      doc.cardAuthorisation = failed ? 'declined' : 'abandoned';
      doc.cardAuthorisationReason = failed ? cardDeclineReason(e.code) : null;
      await put();
    }
    return 'applied' as const;
  });
  if (replaced) ctx.kickCharges();
  return result;
}

/** Ends the hosted setup `sessionId` the customer cancelled (the provider then announces it abandoned). Unknown sessions are ignored. */
export async function cancelHostedSetup(ctx: CardContext, sessionId: string): Promise<void> {
  const [row] = await ctx.services.db.query<{ status: string }>(`select status from card_authorisations where session_id = $1`, [sessionId]);
  if (row && row.status !== 'authorised' && row.status !== 'abandoned') await ctx.provider.expireHostedSetup(sessionId);
}
