/**
 * Membership numbers (docs/program.md#membership-numbers).
 *
 * Rules:
 * 1. A membership number is exactly 9 ASCII digits (a string; leading zeros would be kept).
 * 2. A NEW membership of an organisation that had an earlier membership gets a NEW number: it
 *    must differ from every number the organisation held before (the program's rule — the
 *    number changes when the organisation had an earlier membership). Renewing by signing up
 *    again is a new membership.
 * 3. Numbers the server issues (`membershipNumberFromSequence`) are an 8-digit sequence starting
 *    at 10000000 followed by a Luhn check digit (ISO/IEC 7812-1 mod-10), so a mistyped digit or
 *    a swap of neighbouring digits is caught. Numbers from the old system without the check digit
 *    are still accepted by `isMembershipNumber`; `hasValidMembershipCheckDigit` tells them apart.
 */

/** True when `s` is exactly 9 digits (rule 1). */
export function isMembershipNumber(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9]{9}$/.test(s);
}

/** The earlier memberships rule 2 looks at. */
export interface EarlierMembership {
  membershipNumber?: string | null;
  status?: string;
  _deleted?: boolean;
}

/**
 * True when a new membership of the organisation must get a new number (rule 2): the
 * organisation already held a membership with a number (any status, expired included).
 */
export function membershipNumberNeedsRenewal(earlierMemberships: Iterable<EarlierMembership>): boolean {
  for (const m of earlierMemberships) if (!m._deleted && isMembershipNumber(m.membershipNumber)) return true;
  return false;
}

/**
 * True when `candidate` may be issued for a new membership of an organisation whose earlier
 * memberships are `earlierMemberships`: 9 digits and not one of its earlier numbers (rule 2).
 */
export function isAcceptableNewMembershipNumber(candidate: string, earlierMemberships: Iterable<EarlierMembership>): boolean {
  if (!isMembershipNumber(candidate)) return false;
  for (const m of earlierMemberships) if (m.membershipNumber === candidate) return false;
  return true;
}

/** Luhn (ISO/IEC 7812-1) check digit for a string of digits. */
export function luhnCheckDigit(digits: string): number {
  if (!/^[0-9]+$/.test(digits)) throw new RangeError(`luhnCheckDigit: digits only, got ${JSON.stringify(digits)}`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** First and last sequence values `membershipNumberFromSequence` accepts. */
export const MEMBERSHIP_SEQUENCE_RANGE = { min: 1, max: 89_999_999 } as const;

/**
 * The membership number for the server's sequence value `sequence` (rule 3):
 * `10000000 + sequence − 1` as 8 digits, then its Luhn check digit. `membershipNumberFromSequence(1)` → "100000009".
 * @throws RangeError unless 1 ≤ sequence ≤ 89,999,999 and an integer.
 */
export function membershipNumberFromSequence(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < MEMBERSHIP_SEQUENCE_RANGE.min || sequence > MEMBERSHIP_SEQUENCE_RANGE.max) {
    throw new RangeError(`membershipNumberFromSequence: sequence must be an integer 1–89999999, got ${sequence}`);
  }
  const body = String(10_000_000 + sequence - 1);
  return body + String(luhnCheckDigit(body));
}

/** True when `s` is a 9-digit membership number whose last digit is its Luhn check digit. */
export function hasValidMembershipCheckDigit(s: string): boolean {
  return isMembershipNumber(s) && luhnCheckDigit(s.slice(0, 8)) === Number(s[8]);
}
