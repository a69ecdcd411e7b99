/**
 * The card records the membership authority reads and writes inside its transaction: whether a
 * membership has a saved (authorised) card, and the due-date charge of a card invoice. Tables
 * `card_authorisations` and `card_charges` (server/migrations.ts version 6).
 */
import type { Queryable } from '../db';
import { encodeReason } from '../../shared/text/reasons';

/** statusReason of a card sign-up waiting for its authorisation (a reason code, shared/text/reasons.ts). */
export const waitingForCard = encodeReason('membership.waiting-for-card');

/** The saved card of a membership: the latest authorised setup, or null. */
export async function authorisedCard(q: Queryable, membershipId: string): Promise<{ customerId: string; paymentMethodId: string; provider: string } | null> {
  const [r] = await q.query<{ customer_id: string; payment_method_id: string; provider: string }>(
    `select customer_id, payment_method_id, provider from card_authorisations
     where membership_id = $1 and status = 'authorised' and payment_method_id is not null order by decided_at desc limit 1`,
    [membershipId],
  );
  return r ? { customerId: r.customer_id, paymentMethodId: r.payment_method_id, provider: r.provider } : null;
}

/**
 * Schedules the due-date charge of a card invoice (called in the transaction that issues it).
 * `invoice`: the stored invoice document (`id`, `membershipId`, `organisationId`, `dueDate`).
 */
export async function scheduleCardCharge(q: Queryable, invoice: Record<string, unknown>): Promise<void> {
  await q.query(
    `insert into card_charges (invoice_id, membership_id, organisation_id, due_date, state, attempt, tries, next_attempt_at, updated_at)
     values ($1, $2, $3, $4, 'scheduled', 0, 0, $5, $5) on conflict (invoice_id) do nothing`,
    [invoice.id, invoice.membershipId, invoice.organisationId, invoice.dueDate, `${String(invoice.dueDate)}T00:00:00.000Z`],
  );
}
