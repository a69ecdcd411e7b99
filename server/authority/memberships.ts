/**
 * Membership authority (docs/program.md#tiers), inside the push transaction:
 * - the terms must be accepted in the version in force today (`termsVersion`, shared/program/terms.ts
 *   `currentTerms` over the `programTerms` documents); an older or unknown version leaves the request
 *   `requested` with a reason naming the version to accept, so the customer reads and accepts the
 *   new terms and the same request goes on (docs/program.md#terms-and-conditions);
 * - the organisation must be `validated`; until then the request stays `requested` with a
 *   reason and is decided when the back office validates it (server/backoffice.ts);
 * - the tier must be selectable with the organisation's CONFIRMED points on the server
 *   (shared/program `confirmedPoints` over its `points-assigned` registrations, then
 *   `isTierSelectable`), never the client's number; otherwise `rejected` with the reason;
 * - on success, in the same transaction: status `active`, a fresh 9-digit membership number from
 *   `allocateMembershipNumber` (every membership gets a new one, so it changes when the
 *   organisation had an earlier membership),
 *   validity one year from today, the organisation's earlier memberships ended by the tier-change
 *   rule (`planTierChange`/`applyTierChange` in ./tierChange.ts: `expired`, or `replaced` with its
 *   invoice cancelled by a credit note — or the new one refused), and the invoice
 *   (`issueInvoice`: the number from server/store/numbers.ts, the document built by
 *   shared/invoice/issue.ts), and the activation + invoice e-mails queued in the outbox;
 * - paid by card: all of the above only once the payment provider confirmed the card's zero-amount
 *   authorisation (server/payments/); until then `requested` with `cardAuthorisation: 'pending'`
 *   (or `declined` / `abandoned` with the provider's reason); the invoice's due-date charge is
 *   scheduled with the invoice.
 */
import type { Authority } from './index';
import type { ServerServices } from './index';
import type { ProgramTier } from '../../shared/schemas/programTiers';
import { isTierSelectable } from '../../shared/program/tiers';
import { currentTerms, termsAcceptanceNeeded, type TermsDocument } from '../../shared/program/terms';
import { addDays } from '../../shared/program/dates';
import { buildMembershipInvoice } from '../../shared/invoice/issue';
import { organisationPoints } from '../store/points';
import { allDocs, allocateMembershipNumber, getDoc, nextInvoiceNumber, type StoredDoc, type WriteTx } from '../store';
import { applyTierChange, planTierChange } from './tierChange';
import { encodeReason } from '../../shared/text/reasons';
import { organisationLanguage } from '../../shared/program/backOffice';
import { invoiceMail, membershipActiveMail, membershipLineText } from '../mailTexts';
import { authorisedCard, scheduleCardCharge, waitingForCard } from '../payments/cardRecords';

/**
 * statusReason while the accepted terms are not the version in force (`version`: the one to
 * accept, `effectiveOn`: `YYYY-MM-DD`): the reason code `membership.terms-outdated` with its
 * parameters, in the encoded form `code?name=value&…` the app words from its nl/en catalogs
 * (English fallback: "The terms and conditions changed: accept version {{version}} (in force from
 * {{effectiveOn}}) to continue").
 */
export function termsOutdatedReason(version: string, effectiveOn: string): string {
  return encodeReason('membership.terms-outdated', { version, effectiveOn });
}

/** statusReason while the organisation is not validated yet (a reason code: shared/text/reasons.ts). */
export const waitingForValidation = encodeReason('membership.waiting-for-validation');

/**
 * Issues the invoice of an activated membership: draws the next invoice number of today's year,
 * builds the document (shared/invoice/issue.ts `buildMembershipInvoice`, line text in the
 * organisation's language), stores and audits it. Returns the stored invoice.
 */
export async function issueInvoice(services: ServerServices, w: WriteTx, membership: Record<string, unknown>, org: StoredDoc, tier: ProgramTier): Promise<Record<string, unknown>> {
  const issueDate = services.today();
  const number = await nextInvoiceNumber(w.q, Number(issueDate.slice(0, 4)));
  const invoice = buildMembershipInvoice({
    id: crypto.randomUUID(),
    number,
    issueDate,
    membership,
    organisation: { id: org.id, country: typeof org.data.country === 'string' ? org.data.country : '', vatNumber: typeof org.data.vatNumber === 'string' ? org.data.vatNumber : '' },
    tier,
    supplier: services.program.supplier,
    // In the invoice language: the organisation's (the app exports the PDF in that language too).
    lineDescription: membershipLineText(organisationLanguage(org.data.country), membershipFacts(membership, tier)),
  });
  const stored = await w.put('invoices', invoice, { organisationId: org.id, dealerId: org.dealerId });
  await w.audit('invoice-issued', `invoice ${number}`, { membershipId: membership.id, totalCents: invoice.totalCents });
  return stored;
}

/** Last day of a one-year period starting on `start` (`YYYY-MM-DD`): the day before the same date next year (29 Feb → 28 Feb). */
export function oneYearFrom(start: string): string {
  const [y, m, d] = start.split('-');
  const next = `${Number(y) + 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
  return addDays(next, m === '02' && d === '29' ? 0 : -1);
}

/** The facts of an activated membership the e-mail and the invoice line name. */
function membershipFacts(m: Record<string, unknown>, tier: ProgramTier): { tier: string; membershipNumber: string; validFrom: string; validTo: string } {
  return { tier: tier.name, membershipNumber: String(m.membershipNumber), validFrom: String(m.validFrom), validTo: String(m.validTo) };
}

/**
 * Decides a `requested` membership in place (see module doc). Returns the invoice when it was
 * activated, else null. Writes other documents (expired memberships, invoice) through `w`.
 */
export async function decideMembership(services: ServerServices, w: WriteTx, doc: Record<string, unknown>, organisationId: string): Promise<Record<string, unknown> | null> {
  const org = await getDoc(w.q, 'organisations', organisationId);
  if (!org || org.deleted) throw new Error(`membership ${String(doc.id)}: organisation ${organisationId} missing`);
  if (!doc.termsAcceptedAt) {
    doc.status = 'rejected';
    doc.statusReason = encodeReason('membership.terms-not-accepted');
    return null;
  }
  const terms = currentTerms((await allDocs(w.q, 'programTerms')).filter((d) => !d.deleted).map((d) => d.data as unknown as TermsDocument), services.today());
  if (!terms) throw new Error('no terms and conditions in force: program data must publish a version (resources/program.json programTerms)');
  if (termsAcceptanceNeeded(doc.termsVersion as string | null | undefined, terms)) {
    doc.status = 'requested';
    doc.statusReason = termsOutdatedReason(terms.version, terms.effectiveOn);
    return null;
  }
  const tiers = (await allDocs(w.q, 'programTiers')).map((d) => d.data as unknown as ProgramTier);
  const tier = tiers.find((t) => t.id === doc.tierId);
  if (!tier) {
    doc.status = 'rejected';
    doc.statusReason = encodeReason('membership.unknown-tier', { tierId: String(doc.tierId) });
    return null;
  }
  if (org.data.status !== 'validated') {
    doc.status = 'requested';
    doc.statusReason = waitingForValidation;
    return null;
  }
  const points = await organisationPoints(w.q, organisationId);
  if (!isTierSelectable(points, tier.id, tiers)) {
    doc.status = 'rejected';
    doc.statusReason = encodeReason('membership.not-enough-points', { tier: tier.name, minPoints: tier.minPoints, points });
    return null;
  }
  // Changing tier (docs/program.md#changing-tier): refused before a number is drawn.
  const plan = await planTierChange(services, w, doc, org, tier, tiers);
  if (plan.refused) {
    doc.status = 'rejected';
    // A reason code the app words in its language (the English fallback is plan.reason).
    doc.statusReason = encodeReason(`membership.${plan.code}`, { ...plan.params, tier: tiers.find((t) => t.id === plan.params.tierId)?.name ?? plan.params.tierId ?? '' });
    return null;
  }
  // Card: only once the provider confirmed the zero-amount authorisation (server/payments/cardAuthorisation.ts).
  if (doc.paymentMethod === 'card' && !(await authorisedCard(w.q, String(doc.id)))) {
    doc.status = 'requested';
    doc.statusReason = waitingForCard;
    if (doc.cardAuthorisation !== 'declined' && doc.cardAuthorisation !== 'abandoned') doc.cardAuthorisation = 'pending';
    return null;
  }
  doc.cardAuthorisation = doc.paymentMethod === 'card' ? 'authorised' : null;
  doc.cardAuthorisationReason = null;
  const today = services.today();
  doc.membershipNumber = await allocateMembershipNumber(w.q, organisationId, String(doc.id));
  doc.status = 'active';
  doc.statusReason = null;
  doc.validFrom = today;
  doc.validTo = oneYearFrom(today);
  await applyTierChange(services, w, doc, org, tier, plan);
  const invoice = await issueInvoice(services, w, doc, org, tier);
  if (invoice.paymentMethod === 'card') await scheduleCardCharge(w.q, invoice);
  await w.audit('membership-activated', `membership ${String(doc.id)}`, { organisationId, tierId: tier.id, membershipNumber: doc.membershipNumber, points, termsVersion: terms.version, termsAcceptedAt: doc.termsAcceptedAt });
  const to = String(org.data.email ?? '');
  if (to) {
    const lang = organisationLanguage(org.data.country);
    const name = String(org.data.name);
    await services.outbox.enqueue(w.q, { to, kind: 'membership-active', ...membershipActiveMail(lang, name, membershipFacts(doc, tier)) });
    await services.outbox.enqueue(w.q, {
      to,
      kind: 'invoice',
      ...invoiceMail(lang, name, {
        number: String(invoice.number),
        issueDate: String(invoice.issueDate),
        dueDate: String(invoice.dueDate),
        totalCents: Number(invoice.totalCents),
        currency: String(invoice.currency),
        paymentMethod: doc.paymentMethod === 'card' ? 'card' : 'bank-transfer',
        paymentReference: String(invoice.paymentReference),
      }),
    });
  }
  return invoice;
}

export const membershipAuthority: Authority = {
  defaults: () => ({ status: 'requested', statusReason: null, membershipNumber: null, validFrom: null, validTo: null, cardAuthorisation: null, cardAuthorisationReason: null, createdAt: new Date().toISOString() }),
  async decide({ services, w, doc, deleted, organisationId }) {
    if (deleted) return { doc };
    await decideMembership(services, w, doc, organisationId);
    return { doc };
  },
};
