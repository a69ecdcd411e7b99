/**
 * The card provider on Stripe's official Node SDK (`stripe`), following Stripe's documented flow:
 * - a Checkout Session in `setup` mode is the hosted page where the customer enters the card; it
 *   creates a SetupIntent that verifies the card (zero amount) and saves it to the customer
 *   (https://docs.stripe.com/payments/save-and-reuse?platform=checkout);
 * - the result arrives as the webhooks `setup_intent.succeeded` / `setup_intent.setup_failed` and
 *   `checkout.session.expired`, verified with `stripe.webhooks.constructEvent` (Stripe-Signature
 *   `t=…,v1=HMAC-SHA256`, 300 s tolerance; https://docs.stripe.com/webhooks#verify-events);
 * - the due-date charge is a PaymentIntent created with `off_session: true, confirm: true` and an
 *   `Idempotency-Key` (https://docs.stripe.com/payments/save-and-reuse#charge-saved-payment-method,
 *   https://docs.stripe.com/api/idempotent_requests).
 * The API base URL (host, port, protocol), secret key and webhook signing secret come from the
 * server configuration, so the same code talks to api.stripe.com or to the local stand-in.
 */
import Stripe from 'stripe';
import { WebhookRefused, type CardEvent, type CardProvider, type ChargeResult, type HostedSetup } from './provider';

/** Connection settings of the Stripe provider. */
export interface StripeSettings {
  /** Secret API key (`sk_live_…`, `sk_test_…`). */
  secretKey: string;
  /** Webhook endpoint signing secret (`whsec_…`). */
  webhookSecret: string;
  /** API base URL; default `https://api.stripe.com`. */
  apiBase?: string | undefined;
  /** Webhook timestamp tolerance in seconds (default 300, Stripe's). */
  toleranceSeconds?: number | undefined;
  /** Request timeout, ms (default 20,000). */
  timeoutMs?: number | undefined;
}

/** Temporary card refusals: another attempt later may succeed (https://docs.stripe.com/declines/codes). */
const temporaryDeclines = new Set(['processing_error', 'try_again_later', 'issuer_not_available', 'reenter_transaction', 'approve_with_id']);

const iso = (unixSeconds: number | null | undefined): string => new Date((unixSeconds ?? 0) * 1000).toISOString();

/** Builds the provider. @throws Error when the API base is not an http(s) URL. */
export function stripeProvider(settings: StripeSettings): CardProvider {
  const base = new URL(settings.apiBase ?? 'https://api.stripe.com');
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`STRIPE_API_BASE must be an http(s) URL, got ${settings.apiBase}`);
  const protocol = base.protocol === 'https:' ? 'https' : 'http';
  const stripe = new Stripe(settings.secretKey, {
    host: base.hostname,
    port: base.port ? Number(base.port) : protocol === 'https' ? 443 : 80,
    protocol,
    timeout: settings.timeoutMs ?? 20_000,
    // Our charge job decides about retries (same idempotency key when the outcome is unknown).
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: 'CPS Desk program server' },
  });
  const tolerance = settings.toleranceSeconds ?? 300;

  return {
    name: 'stripe',

    async createCustomer(input, idempotencyKey) {
      const c = await stripe.customers.create(
        { name: input.name, ...(input.email ? { email: input.email } : {}), metadata: { organisationId: input.organisationId } },
        { idempotencyKey },
      );
      return c.id;
    },

    async createHostedSetup(input, idempotencyKey): Promise<HostedSetup> {
      const metadata = { membershipId: input.membershipId, organisationId: input.organisationId };
      const s = await stripe.checkout.sessions.create(
        {
          mode: 'setup',
          customer: input.customerId,
          currency: input.currency.toLowerCase(),
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          locale: input.locale,
          metadata,
          setup_intent_data: { metadata },
        },
        { idempotencyKey },
      );
      if (!s.url) throw new Error(`Stripe returned checkout session ${s.id} without a URL`);
      return { sessionId: s.id, setupIntentId: typeof s.setup_intent === 'string' ? s.setup_intent : (s.setup_intent?.id ?? null), url: s.url, expiresAt: iso(s.expires_at) };
    },

    async expireHostedSetup(sessionId) {
      try {
        await stripe.checkout.sessions.expire(sessionId);
      } catch (err) {
        // Completed or already expired: nothing to end.
        if (err instanceof Stripe.errors.StripeInvalidRequestError) return;
        throw err;
      }
    },

    async charge(input, idempotencyKey): Promise<ChargeResult> {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: input.amountCents,
            currency: input.currency.toLowerCase(),
            customer: input.customerId,
            payment_method: input.paymentMethodId,
            off_session: true,
            confirm: true,
            description: `CPS invoice ${input.invoiceNumber}`,
            metadata: { invoiceId: input.invoiceId, invoiceNumber: input.invoiceNumber },
          },
          { idempotencyKey },
        );
        if (pi.status === 'succeeded') return { outcome: 'paid', paymentIntentId: pi.id };
        return { outcome: 'declined', temporary: pi.status === 'processing', code: pi.status, reason: `The payment is ${pi.status}`, paymentIntentId: pi.id };
      } catch (err) {
        if (err instanceof Stripe.errors.StripeCardError) {
          const code = err.decline_code ?? err.code ?? 'card_declined';
          return { outcome: 'declined', temporary: temporaryDeclines.has(code), code, reason: err.message, paymentIntentId: (err.payment_intent as { id?: string } | undefined)?.id ?? null };
        }
        if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeRateLimitError || err instanceof Stripe.errors.StripeAPIError)
          return { outcome: 'unknown', code: err.type, reason: err.message };
        throw err;
      }
    },

    readWebhook(rawBody, signatureHeader): CardEvent {
      if (!signatureHeader) throw new WebhookRefused('missing Stripe-Signature header');
      let event: { id: string; type: string; created: number; data: { object: Record<string, unknown> } };
      try {
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader, settings.webhookSecret, tolerance) as unknown as typeof event;
      } catch (err) {
        throw new WebhookRefused((err as Error).message);
      }
      const o = event.data.object;
      const meta = (o.metadata ?? {}) as Record<string, string>;
      const head = { id: event.id, createdAt: iso(event.created) };
      const membershipId = meta.membershipId;
      if (!membershipId) return { ...head, kind: 'ignored', type: event.type };
      const idOf = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' && v && 'id' in v ? String((v as { id: unknown }).id) : '');
      switch (event.type) {
        case 'setup_intent.succeeded':
          return { ...head, kind: 'setup-succeeded', sessionId: null, setupIntentId: String(o.id), membershipId, paymentMethodId: idOf(o.payment_method), customerId: idOf(o.customer) };
        case 'setup_intent.setup_failed': {
          const e = (o.last_setup_error ?? {}) as { code?: string; decline_code?: string; message?: string };
          return { ...head, kind: 'setup-failed', sessionId: null, setupIntentId: String(o.id), membershipId, code: e.decline_code ?? e.code ?? 'setup_failed', reason: e.message ?? 'The card could not be authorised' };
        }
        case 'checkout.session.expired':
          return { ...head, kind: 'setup-abandoned', sessionId: String(o.id), membershipId };
        default:
          return { ...head, kind: 'ignored', type: event.type };
      }
    },
  };
}
