/**
 * Changing tier on the server (docs/program.md#changing-tier), inside the push transaction that
 * activates a new membership. The rule itself is `decideTierChange` in shared/program/tierChange.ts;
 * this module plans and applies it (`planTierChange` before the activation, `applyTierChange` after):
 * - refused → the new membership is `rejected` with the reason (English fallback text; the code
 *   and its parameters are returned for the caller);
 * - replace → the current membership becomes `replaced` (ends today, names its successor), its
 *   invoice is cancelled in full by a credit note (`issueCreditNote`);
 * - ended memberships become `expired` (renewal), as before.
 *
 * Credit notes are documents of the `invoices` collection with `documentType: 'credit-note'`
 * (EN 16931 BT-3 = 381), numbered `CN-YYYY-NNNNNN` in their own gapless per-year series
 * (`credit_note_counters`, rolled back with the transaction like `invoice_counters`; the SQL is
 * server/store/numbers.ts).
 */
import { encodeReason } from '../../shared/text/reasons';
import type { ServerServices } from './index';
import type { ProgramTier } from '../../shared/schemas/programTiers';
import { decideTierChange, type TierChangeDecision, type TierChangeMembership } from '../../shared/program/tierChange';
import { organisationLanguage } from '../../shared/program/backOffice';
import { formatMoney } from '../../shared/program/money';
import { buildCreditNote } from '../../shared/invoice/issue';
import { findDocs, nextCreditNoteNumber, type StoredDoc, type WriteTx } from '../store';
import { creditNoteMail } from '../mailTexts';

/** A stored document's data without the replication fields (to write it back). */
function dataOf(d: StoredDoc): Record<string, unknown> {
  const { updatedAt: _u, _deleted: _d, ...data } = d.data;
  return data;
}

/**
 * Cancels `invoice` in full with a credit note issued today (built by shared/invoice/issue.ts
 * `buildCreditNote`: the same lines, amounts, VAT treatment, period and purchase order, positive
 * amounts per EN 16931, `precedingInvoice*` naming the invoice (BT-25, BT-26); `refund-due` when the
 * invoice was paid, else `settled`); the invoice becomes `cancelled` and names the credit note. Audited.
 * @returns the stored credit note, or null when the invoice was cancelled already (idempotent).
 */
export async function issueCreditNote(services: ServerServices, w: WriteTx, invoice: StoredDoc, reason: string): Promise<Record<string, unknown> | null> {
  const inv = invoice.data;
  if (inv.status === 'cancelled' || inv.documentType === 'credit-note') return null;
  const issueDate = services.today();
  const number = await nextCreditNoteNumber(w.q, Number(issueDate.slice(0, 4)));
  const creditNote = buildCreditNote(inv, invoice.id, { id: crypto.randomUUID(), number, issueDate });
  const scope = { organisationId: invoice.organisationId, dealerId: invoice.dealerId };
  const stored = await w.put('invoices', creditNote, scope);
  await w.put('invoices', { ...dataOf(invoice), status: 'cancelled', creditNoteId: creditNote.id, creditNoteNumber: number }, { ...scope, meta: invoice.meta });
  await w.audit('credit-note-issued', `credit note ${number}`, { invoice: inv.number, previousStatus: inv.status, totalCents: inv.totalCents, reason });
  return stored;
}

/** A tier change decided for a new membership: the refusal, or what to do once it is activated. */
export type TierChangePlan =
  | { refused: true; code: 'tier-already-held' | 'tier-change-window-passed'; params: Record<string, string>; reason: string }
  | { refused: false; decision: Exclude<TierChangeDecision, { kind: 'refused' }>; others: StoredDoc[] };

/** The English fallback text of a refusal (the code and parameters travel beside it). */
function refusalText(d: Extract<TierChangeDecision, { kind: 'refused' }>, tiers: ProgramTier[]): string {
  const name = tiers.find((t) => t.id === d.current.tierId)?.name ?? d.current.tierId;
  return d.code === 'tier-already-held'
    ? `The organisation already holds a ${name} membership until ${d.validTo}`
    : `A tier can be changed until ${d.lastChangeDay}, 14 days after the ${name} membership started; the new tier can start on ${d.startsFrom}`;
}

/**
 * Decides what activating the membership `doc` (tier `tier`, today) does to the organisation's
 * other memberships. Writes nothing: on a refusal the caller rejects `doc` with `reason` (before
 * drawing a membership number); otherwise it activates `doc` and then calls {@link applyTierChange}.
 */
export async function planTierChange(services: ServerServices, w: WriteTx, doc: Record<string, unknown>, org: StoredDoc, tier: ProgramTier, tiers: ProgramTier[]): Promise<TierChangePlan> {
  const others = (await findDocs(w.q, 'memberships', 'organisationId', org.id)).filter((m) => m.id !== doc.id);
  const decision = decideTierChange(
    others.map((m) => m.data as unknown as TierChangeMembership),
    tier.id,
    services.today(),
  );
  if (decision.kind !== 'refused') return { refused: false, decision, others };
  const params: Record<string, string> =
    decision.code === 'tier-already-held'
      ? { tierId: decision.current.tierId, validTo: decision.validTo }
      : { tierId: decision.current.tierId, lastChangeDay: decision.lastChangeDay, startsFrom: decision.startsFrom };
  return { refused: true, code: decision.code, params, reason: refusalText(decision, tiers) };
}

/**
 * Applies a non-refused plan after `doc` was activated (it has its membership number), in the
 * caller's transaction: ended memberships become `expired`; a replaced one becomes `replaced`
 * (ends today, names `doc` and its tier) and each of its invoices is cancelled by a credit note,
 * e-mailed to the organisation in its language (server/mailTexts.ts `creditNoteMail`).
 * @returns the credit notes issued (empty unless a membership was replaced).
 */
export async function applyTierChange(
  services: ServerServices,
  w: WriteTx,
  doc: Record<string, unknown>,
  org: StoredDoc,
  tier: ProgramTier,
  plan: Extract<TierChangePlan, { refused: false }>,
): Promise<Array<Record<string, unknown>>> {
  const today = services.today();
  const { decision } = plan;
  const scope = { organisationId: org.id, dealerId: org.dealerId };
  const byId = new Map(plan.others.map((m) => [m.id, m]));
  for (const m of decision.expire) {
    const stored = byId.get(m.id)!;
    await w.put('memberships', { ...dataOf(stored), status: 'expired', statusReason: encodeReason('membership.replaced', { membershipNumber: String(doc.membershipNumber) }) }, { ...scope, meta: stored.meta });
  }
  const creditNotes: Array<Record<string, unknown>> = [];
  if (decision.kind !== 'replace') return creditNotes;
  const stored = byId.get(decision.replaced.id)!;
  await w.put(
    'memberships',
    {
      ...dataOf(stored),
      status: 'replaced',
      statusReason: encodeReason('membership.replaced-by-tier', { tier: tier.name, date: today }),
      validTo: today,
      replacedByMembershipId: doc.id,
      replacedByTierId: tier.id,
      replacedOn: today,
    },
    { ...scope, meta: stored.meta },
  );
  const lang = organisationLanguage(org.data.country);
  const to = String(org.data.email ?? '');
  for (const invoice of await findDocs(w.q, 'invoices', 'membershipId', stored.id)) {
    const note = await issueCreditNote(services, w, invoice, `membership ${stored.id} replaced by ${String(doc.id)} (${tier.name})`);
    if (!note) continue;
    creditNotes.push(note);
    const total = formatMoney(Number(note.totalCents), String(note.currency), lang === 'nl' ? 'nl-NL' : 'en-GB');
    const mail = creditNoteMail(lang, String(org.data.name), String(note.number), String(invoice.data.number), total, tier.name, note.status === 'refund-due');
    if (to) await services.outbox.enqueue(w.q, { to, kind: 'credit-note', ...mail });
  }
  await w.audit('membership-replaced', `membership ${stored.id}`, { replacedBy: doc.id, tierId: tier.id, creditNotes: creditNotes.map((c) => c.number) });
  return creditNotes;
}
