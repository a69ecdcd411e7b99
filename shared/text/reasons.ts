/**
 * Reasons the program server gives for a decision, as a stable code with parameters, so the app
 * words them in the user's language from its own catalogs (nl/en) and the server never has to
 * know who reads them. The server keeps an English fallback text per code ({@link reasonFallback})
 * for logs, the command line and a client that does not know a code yet.
 *
 * Two places carry them:
 * - a document's `statusReason` (a string field of organisations, registrations and memberships)
 *   holds the encoded form {@link encodeReason}: `code` or `code?name=value&name=value` with
 *   `encodeURIComponent` on names and values, e.g.
 *   `membership.not-enough-points?tier=Platinum&minPoints=1600&points=900`. A `statusReason` that
 *   is not in that form (older documents, the back office's own words) is text to show as it is.
 *   Incomplete registrations keep their own `field: reason` list (shared/program
 *   `RegistrationProblemReason`), read by the app field by field.
 * - an HTTP error body (shared/sync/protocol `ErrorBody`): `code` and `params`, with `message` the
 *   English fallback.
 *
 * Parameters are data (names, numbers, dates as `YYYY-MM-DD`, ids for the app to look up), never
 * words of a language.
 */

/** The codes a document's `statusReason` may carry, with their English fallback text (i18next-style `{{param}}`). */
export const reasonFallbacks = {
  'membership.terms-not-accepted': 'The terms were not accepted',
  'membership.unknown-tier': 'Unknown tier {{tierId}}',
  'membership.waiting-for-validation': 'Waiting for the back office to validate the organisation',
  'membership.not-enough-points': '{{tier}} needs {{minPoints}} confirmed points; the organisation has {{points}}',
  'membership.replaced': 'Replaced by membership {{membershipNumber}}',
  'membership.replaced-by-tier': 'Replaced by {{tier}} on {{date}}',
  'membership.organisation-rejected': 'The organisation was rejected',
  'membership.terms-outdated': 'The terms and conditions changed: accept version {{version}} (in force from {{effectiveOn}}) to continue',
  'membership.tier-already-held': 'The organisation already holds {{tier}} until {{validTo}}',
  'membership.tier-change-window-passed': 'The tier could be changed until {{lastChangeDay}}, 14 days after the {{tier}} membership started; another tier can start on {{startsFrom}}',
  'organisation.waiting-for-evidence': 'Submitted; waiting for an evidence document to arrive',
  'registration.duplicate': 'This serial number is already registered for this product model.',
  'registration.organisation-rejected': 'The organisation was rejected: it registers no gear until it is corrected and submitted again.',
  'membership.waiting-for-card': 'Waiting for the card authorisation on the payment page',
  // Card declines (shared/text/cardDeclines.ts): the reason the customer reads; the provider's own message stays with the back office.
  'card.declined': 'The bank declined the card without giving a reason. Contact your bank or use another card.',
  'card.insufficient-funds': 'The card has insufficient funds. Use another card or contact your bank.',
  'card.limit-exceeded': 'The card has reached its spending limit. Use another card or contact your bank.',
  'card.expired': 'The card has expired. Use a valid card.',
  'card.incorrect-cvc': 'The security code (CVC) of the card is incorrect. Check it and try again.',
  'card.incorrect-number': 'The card number is incorrect. Check it and try again.',
  'card.processing-error': 'The payment provider could not process the card just now. Try again later.',
  'card.authentication-required': 'The bank wants you to confirm the card (3-D Secure). Try again and complete the bank’s check.',
  'card.not-supported': 'This card cannot be used for this payment. Use another card.',
  'card.no-card': 'No authorised card is on record. Authorise a card.',
  'card.declined-code': 'The card was declined (payment provider code “{{code}}”). Contact your bank or use another card.',
} as const;

/** A code of {@link reasonFallbacks}. */
export type ReasonCode = keyof typeof reasonFallbacks;

/** Parameter values of a reason. */
export type ReasonParams = Readonly<Record<string, string | number>>;

/** A decoded reason. `code` may be one this version does not know (a newer server). */
export interface Reason {
  code: string;
  params: ReasonParams;
}

const CODE = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/;

/** True for a string shaped like a reason code (`area.what`, lower case, dots and hyphens). */
export function isReasonCode(s: string): boolean {
  return CODE.test(s);
}

/**
 * The `statusReason` form of a reason: `code` or `code?name=value&…` (names in the given order,
 * values as text, both URI-component encoded).
 * @throws RangeError when `code` is not shaped like a reason code.
 */
export function encodeReason(code: ReasonCode, params: ReasonParams = {}): string {
  if (!CODE.test(code)) throw new RangeError(`encodeReason: "${code}" is not a reason code`);
  const q = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return q.length ? `${code}?${q.join('&')}` : code;
}

/**
 * Reads a `statusReason`: the reason when it has the encoded form, null otherwise (no text, or
 * text to show as it is). Parameter values come back as strings.
 */
export function decodeReason(statusReason: string | null | undefined): Reason | null {
  if (!statusReason) return null;
  const q = statusReason.indexOf('?');
  const code = q < 0 ? statusReason : statusReason.slice(0, q);
  if (!CODE.test(code)) return null;
  const params: Record<string, string> = {};
  if (q >= 0) {
    for (const part of statusReason.slice(q + 1).split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      try {
        const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
        params[name] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
      } catch {
        return null; // malformed escape: not ours
      }
    }
  }
  return { code, params };
}

/** Fills `{{name}}` placeholders of `template` from `params` (a missing one stays as written). */
export function fillTemplate(template: string, params: ReasonParams): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

/**
 * The English fallback text of a `statusReason` (encoded or not) or of a reason: the template of
 * a known code filled with its parameters; the code itself for an unknown one; plain text as it is.
 */
export function reasonFallback(reason: string | Reason | null | undefined): string {
  if (reason == null) return '';
  const r = typeof reason === 'string' ? decodeReason(reason) : reason;
  if (!r) return typeof reason === 'string' ? reason : '';
  const template = (reasonFallbacks as Record<string, string>)[r.code];
  return template === undefined ? r.code : fillTemplate(template, r.params);
}
