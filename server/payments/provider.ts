/**
 * The card side of payments behind one small interface (docs/program.md#sign-up-and-payment):
 * a zero-amount authorisation on the provider's hosted page (the card is entered there, never in
 * this app or on this server), the provider's webhook telling the result, and an off-session charge
 * of the saved card on the invoice due date. `stripeProvider.ts` implements it with Stripe's
 * official SDK; the same SDK talks to the local stand-in (`stripeStandIn.ts`) in tests and demo mode.
 */

/** A new hosted card setup. */
export interface HostedSetup {
  /** The provider's session id. */
  sessionId: string;
  /** The setup (zero-amount authorisation) the session completes, when the provider creates it up front. */
  setupIntentId: string | null;
  /** The hosted page the customer opens (https, or http on loopback for the stand-in). */
  url: string;
  /** When the page stops working, ISO 8601. */
  expiresAt: string;
}

/** What a verified webhook event means for us. `ignored`: an event type we do not act on. */
export type CardEvent =
  | { id: string; createdAt: string; kind: 'setup-succeeded'; sessionId: string | null; setupIntentId: string; membershipId: string; paymentMethodId: string; customerId: string }
  | { id: string; createdAt: string; kind: 'setup-failed'; sessionId: string | null; setupIntentId: string; membershipId: string; code: string; reason: string }
  | { id: string; createdAt: string; kind: 'setup-abandoned'; sessionId: string; membershipId: string }
  | { id: string; createdAt: string; kind: 'ignored'; type: string };

/** The answer to an off-session charge. */
export type ChargeResult =
  | { outcome: 'paid'; paymentIntentId: string }
  /** The card was refused; `temporary` refusals (processing error, try again later) may succeed on a later attempt. */
  | { outcome: 'declined'; temporary: boolean; code: string; reason: string; paymentIntentId: string | null }
  /** No answer, a rate limit or a provider error: the outcome is unknown; retry with the SAME idempotency key. */
  | { outcome: 'unknown'; code: string; reason: string };

/** A webhook that fails verification (bad or missing signature, timestamp outside the tolerance). */
export class WebhookRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRefused';
  }
}

/** The payment provider's card operations (all may throw on configuration errors; charge never throws for card or network failures). */
export interface CardProvider {
  /** Provider name stored beside its ids (`stripe`). */
  readonly name: string;
  /** Creates the provider's customer for an organisation. @returns the customer id. */
  createCustomer(input: { organisationId: string; name: string; email: string | null }, idempotencyKey: string): Promise<string>;
  /** Opens a hosted card setup (setup mode: zero amount) for `membershipId`. */
  createHostedSetup(
    input: { customerId: string; membershipId: string; organisationId: string; currency: string; successUrl: string; cancelUrl: string; locale: 'nl' | 'en' },
    idempotencyKey: string,
  ): Promise<HostedSetup>;
  /** Ends a hosted setup the customer left (the provider then announces it as abandoned). Already ended: no error. */
  expireHostedSetup(sessionId: string): Promise<void>;
  /**
   * Charges `amountCents` (ISO 4217 `currency`) to the saved card, off-session, confirmed at once.
   * `idempotencyKey` makes a retry of the same attempt charge at most once.
   */
  charge(
    input: { customerId: string; paymentMethodId: string; amountCents: number; currency: string; invoiceId: string; invoiceNumber: string },
    idempotencyKey: string,
  ): Promise<ChargeResult>;
  /**
   * Verifies a webhook (raw body exactly as received, the signature header) and reads it.
   * @throws WebhookRefused when the signature is missing or wrong or its timestamp is outside the tolerance.
   */
  readWebhook(rawBody: string, signatureHeader: string | undefined): CardEvent;
}
