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
 *   validity one year from today, earlier active memberships of the organisation `expired`, and
 *   the invoice (`issueInvoice`), and the activation + invoice e-mails queued in the outbox.
 */
import type { Authority } from './index';
import type { ServerServices } from './index';
import type { ProgramTier } from '../../shared/schemas/programTiers';
import { confirmedPoints, type PointsRegistration } from '../../shared/program/points';
import { isTierSelectable } from '../../shared/program/tiers';
import { currentTerms, termsAcceptanceNeeded, type TermsDocument } from '../../shared/program/terms';
import { addDays } from '../../shared/program/dates';
import { customerVatTreatment, dueDate, invoiceLine, invoiceTotals } from '../../shared/program/money';
import { allDocs, findDocs, getDoc, type StoredDoc, type WriteTx } from '../store';
import { allocateMembershipNumber } from './membershipNumbers';

/**
 * statusReason while the accepted terms are not the version in force (`version`: the one to
 * accept, `effectiveOn`: `YYYY-MM-DD`): the reason code `membership.terms-outdated` with its
 * parameters, in the encoded form `code?name=value&…` the app words from its nl/en catalogs
 * (English fallback: "The terms and conditions changed: accept version {{version}} (in force from
 * {{effectiveOn}}) to continue").
 */
export function termsOutdatedReason(version: string, effectiveOn: string): string {
  return `membership.terms-outdated?version=${encodeURIComponent(version)}&effectiveOn=${encodeURIComponent(effectiveOn)}`;
}

/** statusReason while the organisation is not validated yet. */
export const waitingForValidation = 'Waiting for the back office to validate the organisation';

/** Confirmed points of an organisation on the server. */
export async function organisationPoints(w: WriteTx, organisationId: string): Promise<number> {
  const regs = await findDocs(w.q, 'registrations', 'organisationId', organisationId);
  return confirmedPoints(regs.map((r) => r.data as PointsRegistration));
}

/** Next invoice number of `year`: `YYYY-NNNNNN`, gapless (the counter row rolls back with the transaction). */
export async function nextInvoiceNumber(w: WriteTx, year: number): Promise<string> {
  const rows = await w.q.query<{ last: number }>(
    'insert into invoice_counters (year, last) values ($1, 1) on conflict (year) do update set last = invoice_counters.last + 1 returning last',
    [year],
  );
  return `${year}-${String(rows[0]!.last).padStart(6, '0')}`;
}

/** Creates the invoice of an activated membership (issue date today, due +paymentTermDays) and returns it. */
export async function issueInvoice(services: ServerServices, w: WriteTx, membership: Record<string, unknown>, org: StoredDoc, tier: ProgramTier): Promise<Record<string, unknown>> {
  const supplier = services.program.supplier;
  const issueDate = services.today();
  const vatNumber = typeof org.data.vatNumber === 'string' ? org.data.vatNumber : '';
  const country = typeof org.data.country === 'string' && org.data.country ? org.data.country : supplier.country;
  let vatRate = supplier.vatRate;
  let reverse = false;
  try {
    // the same derivation the invoice input check applies (shared/invoice parseInvoiceInput)
    const t = customerVatTreatment(supplier, { country, vatNumber });
    vatRate = t.vatRate;
    reverse = t.reverseCharge;
  } catch {
    // Unknown customer country: charge the supplier's domestic rate.
  }
  const number = await nextInvoiceNumber(w, Number(issueDate.slice(0, 4)));
  const line = invoiceLine({
    description: `CPS ${tier.name} membership ${String(membership.validFrom)} – ${String(membership.validTo)} (membership number ${String(membership.membershipNumber)})`,
    quantity: 1,
    unitPriceCents: tier.annualFeeCents,
    vatRate,
  });
  const totals = invoiceTotals([line]);
  const invoice = {
    id: crypto.randomUUID(),
    number,
    organisationId: org.id,
    membershipId: String(membership.id),
    issueDate,
    dueDate: dueDate(issueDate, supplier.paymentTermDays),
    periodStart: membership.validFrom ?? null,
    periodEnd: membership.validTo ?? null,
    currency: tier.currency,
    lines: [line],
    netCents: totals.netCents,
    vatCents: totals.vatCents,
    totalCents: totals.totalCents,
    reverseCharge: reverse,
    paymentMethod: membership.paymentMethod,
    paymentReference: `CPS ${number}`,
    status: 'open',
    purchaseOrderNumber: membership.purchaseOrderNumber ?? null,
  };
  const stored = await w.put('invoices', invoice, { organisationId: org.id, dealerId: org.dealerId });
  await w.audit('invoice-issued', `invoice ${number}`, { membershipId: membership.id, totalCents: totals.totalCents });
  return stored;
}

/** Last day of a one-year period starting on `start` (`YYYY-MM-DD`): the day before the same date next year (29 Feb → 28 Feb). */
export function oneYearFrom(start: string): string {
  const [y, m, d] = start.split('-');
  const next = `${Number(y) + 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
  return addDays(next, m === '02' && d === '29' ? 0 : -1);
}

const euro = (cents: number, currency: string): string => `${currency} ${(cents / 100).toFixed(2)}`;

/**
 * Decides a `requested` membership in place (see module doc). Returns the invoice when it was
 * activated, else null. Writes other documents (expired memberships, invoice) through `w`.
 */
export async function decideMembership(services: ServerServices, w: WriteTx, doc: Record<string, unknown>, organisationId: string): Promise<Record<string, unknown> | null> {
  const org = await getDoc(w.q, 'organisations', organisationId);
  if (!org || org.deleted) throw new Error(`membership ${String(doc.id)}: organisation ${organisationId} missing`);
  if (!doc.termsAcceptedAt) {
    doc.status = 'rejected';
    doc.statusReason = 'The terms were not accepted';
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
    doc.statusReason = `Unknown tier ${String(doc.tierId)}`;
    return null;
  }
  if (org.data.status !== 'validated') {
    doc.status = 'requested';
    doc.statusReason = waitingForValidation;
    return null;
  }
  const points = await organisationPoints(w, organisationId);
  if (!isTierSelectable(points, tier.id, tiers)) {
    doc.status = 'rejected';
    doc.statusReason = `${tier.name} needs ${tier.minPoints} confirmed points; the organisation has ${points}`;
    return null;
  }
  const today = services.today();
  doc.membershipNumber = await allocateMembershipNumber(w.q, organisationId, String(doc.id));
  doc.status = 'active';
  doc.statusReason = null;
  doc.validFrom = today;
  doc.validTo = oneYearFrom(today);
  // Earlier active memberships of the organisation end now.
  for (const m of await findDocs(w.q, 'memberships', 'organisationId', organisationId)) {
    if (m.id === doc.id || m.data.status !== 'active') continue;
    const { updatedAt: _u, _deleted: _d, ...data } = m.data;
    await w.put('memberships', { ...data, status: 'expired', statusReason: `Replaced by membership ${String(doc.membershipNumber)}` }, { organisationId, dealerId: org.dealerId, meta: m.meta });
  }
  const invoice = await issueInvoice(services, w, doc, org, tier);
  await w.audit('membership-activated', `membership ${String(doc.id)}`, { organisationId, tierId: tier.id, membershipNumber: doc.membershipNumber, points, termsVersion: terms.version, termsAcceptedAt: doc.termsAcceptedAt });
  const to = String(org.data.email ?? '');
  if (to) {
    await services.outbox.enqueue(w.q, {
      to,
      kind: 'membership-active',
      subject: `Your CPS ${tier.name} membership is active (${String(doc.membershipNumber)})`,
      body: `Dear ${String(org.data.name)},\n\nYour CPS ${tier.name} membership is active from ${today} to ${String(doc.validTo)}.\nMembership number: ${String(doc.membershipNumber)}\n\nCPS Professional Services`,
    });
    await services.outbox.enqueue(w.q, {
      to,
      kind: 'invoice',
      subject: `Invoice ${String(invoice.number)} for your CPS membership`,
      body: `Dear ${String(org.data.name)},\n\nInvoice ${String(invoice.number)} of ${String(invoice.issueDate)}: ${euro(Number(invoice.totalCents), String(invoice.currency))}, due ${String(invoice.dueDate)} (${doc.paymentMethod === 'card' ? 'charged to your card on the due date' : 'by bank transfer before the due date, reference ' + String(invoice.paymentReference)}).\nThe invoice is available in CPS Desk.\n\nCPS Professional Services`,
    });
  }
  return invoice;
}

export const membershipAuthority: Authority = {
  defaults: () => ({ status: 'requested', statusReason: null, membershipNumber: null, validFrom: null, validTo: null, createdAt: new Date().toISOString() }),
  async decide({ services, w, doc, deleted, organisationId }) {
    if (deleted) return { doc };
    await decideMembership(services, w, doc, organisationId);
    return { doc };
  },
};
