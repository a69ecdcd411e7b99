/**
 * Requesting a membership (docs/program.md#sign-up-and-payment): checks the sign-up with
 * shared/program `checkMembershipRequest`, builds the membership document with its server-owned
 * fields at their defaults (status `requested`, no membership number, no validity) and writes it
 * to the local replica. The server answers with the membership number and the invoice.
 * A sign-up the tier-change rule refuses (shared/program `decideTierChange`: the same tier again,
 * or another tier later than 14 days after the current membership started;
 * docs/program.md#changing-tier) is refused here as a `tier` problem, as the server would.
 */
import { checkMembershipRequest, decideTierChange, organisationActions } from '../../shared/program';
import type { Membership, PaymentMethod, ProgramTier } from '../../shared/schemas';
import { newId, nowIso } from '../app/ids';
import type { DeskDatabase } from '../db/database';
import { ActionRefused } from './errors';

/** A sign-up as the membership form holds it. */
export interface RequestMembershipInput {
  organisationId: string;
  tierId: string | null;
  paymentMethod: PaymentMethod | null;
  /** Optional; trimmed here, '' stored as null. */
  purchaseOrderNumber: string;
  termsAccepted: boolean;
  /** The terms version shown and accepted (the version in force, docs/program.md#terms-and-conditions); null when none is on this computer. */
  termsVersion: string | null;
  /** The organisation's confirmed (server-set) points: decides which tiers are selectable. */
  confirmedPoints: number;
}

/**
 * Writes a `requested` membership and returns it; `termsAcceptedAt` is now, `termsVersion` the version accepted.
 * @throws ActionRefused with the rule's problems (`tier`, `method`, `terms`, `organisation-not-validated`); the storage's error otherwise.
 */
export async function requestMembership(db: DeskDatabase, input: RequestMembershipInput, tiers: readonly ProgramTier[]): Promise<Membership> {
  const problems = checkMembershipRequest(input, tiers);
  if (input.tierId && !problems.includes('tier')) {
    const others = (await db.memberships.find({ selector: { organisationId: input.organisationId } }).exec()).map((d) => d.toJSON());
    const today = new Date().toISOString().slice(0, 10); // the server's rules use the UTC date
    if (decideTierChange(others.filter((m) => m.status !== 'requested'), input.tierId, today).kind === 'refused') problems.unshift('tier');
  }
  if (!input.termsVersion && !problems.includes('terms')) problems.push('terms');
  // sign-up needs a validated account (shared/program/organisation.ts)
  const organisation = await db.organisations.findOne(input.organisationId).exec();
  if (organisation && !organisationActions(organisation.status).signUp) throw new ActionRefused('requestMembership', ['organisation-not-validated', ...problems]);
  if (problems.length > 0 || !input.tierId || !input.paymentMethod) throw new ActionRefused('requestMembership', problems);
  const now = nowIso();
  const membership: Membership = {
    id: newId(),
    organisationId: input.organisationId,
    tierId: input.tierId,
    paymentMethod: input.paymentMethod,
    purchaseOrderNumber: input.purchaseOrderNumber.trim() || null,
    termsAcceptedAt: now,
    termsVersion: input.termsVersion,
    status: 'requested',
    statusReason: null,
    membershipNumber: null,
    validFrom: null,
    validTo: null,
    cardAuthorisation: null,
    cardAuthorisationReason: null,
    createdAt: now,
    updatedAt: now,
  };
  await db.memberships.insert(membership);
  return membership;
}
