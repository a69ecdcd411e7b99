/**
 * Why a card was not authorised or not charged, as a reason code (shared/text/reasons.ts) the app
 * and the e-mails word in the reader's language, made from the payment provider's code. The
 * provider's own message is English and meant for the merchant; it is kept for the back office and
 * the audit log only, never shown to the customer.
 *
 * The provider codes are Stripe's: a card error's `decline_code` when it has one, else its `code`
 * (https://docs.stripe.com/declines/codes, https://docs.stripe.com/error-codes). Following Stripe's
 * advice there, the declines that reveal a suspicion (`lost_card`, `stolen_card`, `fraudulent`,
 * `pickup_card`, `merchant_blacklist`, …) are shown to the customer as the generic decline. A code
 * not in the table gets a generic text that names it (`card.declined-code?code=…`), so a new
 * provider code is still understandable and can be looked up.
 */
import { encodeReason, type ReasonCode } from './reasons';

/** The reason codes of card declines (each has an nl/en text in the app's catalogs and the e-mails). */
export const cardReasonCodes = [
  'card.declined',
  'card.insufficient-funds',
  'card.limit-exceeded',
  'card.expired',
  'card.incorrect-cvc',
  'card.incorrect-number',
  'card.processing-error',
  'card.authentication-required',
  'card.not-supported',
  'card.no-card',
  'card.declined-code',
] as const satisfies readonly ReasonCode[];

/** One of {@link cardReasonCodes}. */
export type CardReasonCode = (typeof cardReasonCodes)[number];

/** Provider code → reason code. Codes not listed: `card.declined-code`. */
const byProviderCode: Readonly<Record<string, Exclude<CardReasonCode, 'card.declined-code'>>> = {
  // No reason given, or one the customer is not told (Stripe: "present as a generic decline").
  card_declined: 'card.declined',
  generic_decline: 'card.declined',
  do_not_honor: 'card.declined',
  do_not_try_again: 'card.declined',
  call_issuer: 'card.declined',
  no_action_taken: 'card.declined',
  not_permitted: 'card.declined',
  transaction_not_allowed: 'card.declined',
  service_not_allowed: 'card.declined',
  restricted_card: 'card.declined',
  revocation_of_authorization: 'card.declined',
  revocation_of_all_authorizations: 'card.declined',
  stop_payment_order: 'card.declined',
  security_violation: 'card.declined',
  lost_card: 'card.declined',
  stolen_card: 'card.declined',
  fraudulent: 'card.declined',
  pickup_card: 'card.declined',
  merchant_blacklist: 'card.declined',
  requires_payment_method: 'card.declined',
  insufficient_funds: 'card.insufficient-funds',
  card_velocity_exceeded: 'card.limit-exceeded',
  withdrawal_count_limit_exceeded: 'card.limit-exceeded',
  expired_card: 'card.expired',
  invalid_expiry_month: 'card.expired',
  invalid_expiry_year: 'card.expired',
  incorrect_cvc: 'card.incorrect-cvc',
  invalid_cvc: 'card.incorrect-cvc',
  incorrect_number: 'card.incorrect-number',
  invalid_number: 'card.incorrect-number',
  processing_error: 'card.processing-error',
  try_again_later: 'card.processing-error',
  issuer_not_available: 'card.processing-error',
  reenter_transaction: 'card.processing-error',
  approve_with_id: 'card.processing-error',
  processing: 'card.processing-error',
  authentication_required: 'card.authentication-required',
  requires_action: 'card.authentication-required',
  setup_intent_authentication_failure: 'card.authentication-required',
  payment_intent_authentication_failure: 'card.authentication-required',
  card_not_supported: 'card.not-supported',
  currency_not_supported: 'card.not-supported',
  invalid_account: 'card.not-supported',
  'no-card': 'card.no-card',
};

/** Longest provider code kept in a `card.declined-code` reason (Stripe's are far shorter). */
const maxCodeLength = 60;

/**
 * The reason code (without parameters) for provider code `providerCode` (see module doc).
 * @returns `card.declined-code` for a code not in the table, empty or malformed.
 */
export function cardReasonCodeOf(providerCode: string | null | undefined): CardReasonCode {
  return (providerCode && Object.hasOwn(byProviderCode, providerCode) ? byProviderCode[providerCode] : undefined) ?? 'card.declined-code';
}

/**
 * The encoded reason (a membership's `cardAuthorisationReason`, shared/text/reasons.ts form) for
 * provider code `providerCode`: e.g. `card.insufficient-funds`, or `card.declined-code?code=xyz`
 * for a code not in the table (a code that is not `[a-z0-9_]`, or longer than 60 characters, is
 * named `unknown`: the value is the provider's, the app shows it).
 */
export function cardDeclineReason(providerCode: string | null | undefined): string {
  const code = cardReasonCodeOf(providerCode);
  if (code !== 'card.declined-code') return encodeReason(code);
  const named = providerCode && providerCode.length <= maxCodeLength && /^[A-Za-z0-9_]+$/.test(providerCode) ? providerCode : 'unknown';
  return encodeReason(code, { code: named });
}
