/**
 * The form rules of a new business account and of a membership sign-up
 * (docs/program.md#business-account, docs/program.md#sign-up-and-payment): what must be present
 * before the desktop writes the request, checked the same way by the screen (to show what is
 * missing) and by the renderer's actions (which refuse to write an invalid request). Pure, no I/O.
 */
import { validateKvkNumber, validateVatNumber } from '../identifiers';
import type { IdentifierError, IdentifierResult } from '../identifiers/result';
import type { EvidenceKind, PaymentMethod } from '../schemas';
import { isTierSelectable, type TierLike } from './tiers';

/**
 * The one e-mail address rule of the program (organisation e-mail, old CPS account e-mail, legacy
 * import rows): something without blanks, an `@`, and a domain with at least one dot. Surrounding
 * blanks are ignored. Deliberately loose (RFC 5322 allows far more); the server's mail delivery is
 * the real test.
 */
export function isEmailAddress(s: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());
}

/** The fields of a business-account application the rules look at (as typed; blanks are trimmed here). */
export interface OrganisationApplicationDraft {
  name: string;
  street: string;
  city: string;
  /** ISO 3166 alpha-2; decides how the VAT and KvK numbers are checked. */
  country: string;
  vatNumber: string;
  chamberNumber: string;
  /** Contact e-mail; empty is allowed. */
  email: string;
  /** Old CPS account e-mail (for migration); empty is allowed. */
  legacyEmail: string;
  evidenceKind: EvidenceKind;
  /** True once a scanned evidence document was imported. */
  hasEvidenceFile: boolean;
}

/**
 * Why an application cannot be submitted, in form order: `name` missing; `vatRequired` (a VAT
 * certificate needs the VAT number); `address` (without a VAT number, street and city are needed);
 * `vat` / `kvk` (the number does not validate: `error` says why); `evidence` (no file imported);
 * `email` (either e-mail is not an address).
 */
export type OrganisationApplicationProblem =
  | { code: 'name' | 'vatRequired' | 'address' | 'evidence' | 'email' }
  | { code: 'vat' | 'kvk'; error: IdentifierError };

/** The verdict on an application: its problems and the VAT / KvK validation results (null when not given / not checked). */
export interface OrganisationApplicationCheck {
  problems: OrganisationApplicationProblem[];
  vat: IdentifierResult | null;
  /** Checked for NL organisations only (the KvK number). */
  kvk: IdentifierResult | null;
}

/** Checks a business-account application (see {@link OrganisationApplicationProblem}). Never throws. */
export function checkOrganisationApplication(d: OrganisationApplicationDraft): OrganisationApplicationCheck {
  const vat = d.vatNumber.trim() ? validateVatNumber(d.vatNumber, d.country) : null;
  const kvk = d.chamberNumber.trim() && d.country === 'NL' ? validateKvkNumber(d.chamberNumber) : null;
  const problems: OrganisationApplicationProblem[] = [];
  if (!d.name.trim()) problems.push({ code: 'name' });
  if (d.evidenceKind === 'vat-certificate' && !d.vatNumber.trim()) problems.push({ code: 'vatRequired' });
  if (d.evidenceKind !== 'vat-certificate' && !d.vatNumber.trim() && !(d.street.trim() && d.city.trim())) problems.push({ code: 'address' });
  if (vat && !vat.valid) problems.push({ code: 'vat', error: vat.error ?? 'format' });
  if (kvk && !kvk.valid) problems.push({ code: 'kvk', error: kvk.error ?? 'format' });
  if (!d.hasEvidenceFile) problems.push({ code: 'evidence' });
  const emailOk = (s: string) => !s.trim() || isEmailAddress(s);
  if (!emailOk(d.email) || !emailOk(d.legacyEmail)) problems.push({ code: 'email' });
  return { problems, vat, kvk };
}

/** A membership sign-up as the form holds it. */
export interface MembershipRequestDraft {
  tierId: string | null;
  paymentMethod: PaymentMethod | null;
  termsAccepted: boolean;
  /** The organisation's confirmed (server-set) points. */
  confirmedPoints: number;
}

/** Why a sign-up cannot be confirmed: no selectable tier for these points, no payment method, terms not accepted. */
export type MembershipRequestProblem = 'tier' | 'method' | 'terms';

/** Checks a membership sign-up against the program's tiers; an empty list means it may be requested. Never throws. */
export function checkMembershipRequest(d: MembershipRequestDraft, tiers: readonly TierLike[]): MembershipRequestProblem[] {
  const problems: MembershipRequestProblem[] = [];
  if (!d.tierId || !isTierSelectable(d.confirmedPoints, d.tierId, tiers)) problems.push('tier');
  if (!d.paymentMethod) problems.push('method');
  if (!d.termsAccepted) problems.push('terms');
  return problems;
}
