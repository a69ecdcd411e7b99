/**
 * Card payments of one server process: the provider chosen by configuration (Stripe, or the local
 * stand-in in demo mode — started here on 127.0.0.1 with keys made up for the run), the
 * authorisation context the routes use, and the due-date charge job on a timer.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServerConfig } from '../config';
import type { ServerServices } from '../authority/index';
import type { CardProvider } from './provider';
import { stripeProvider } from './stripeProvider';
import { startStripeStandIn, type StripeStandIn } from './stripeStandIn';
import { chargeDueInvoices, type ChargeRunResult } from './cardCharges';
import type { CardContext } from './cardAuthorisation';

/** The card payments of a running server. */
export interface CardPayments {
  mode: 'stripe' | 'demo';
  provider: CardProvider;
  /** The stand-in (demo mode only). */
  standIn: StripeStandIn | null;
  ctx: CardContext;
  /** Runs the due-date charge job once; `now` injects the clock (default: the real time), `batch`: charges per claim. */
  runCharges(now?: Date, batch?: number): Promise<ChargeRunResult>;
  /**
   * Tells where this server listens: the stand-in POSTs its webhooks there (demo mode), and when
   * `followPublicUrl` (no PUBLIC_URL of its own, or PORT=0) the return pages and e-mailed links use it.
   */
  listeningOn(url: string, followPublicUrl: boolean): void;
  /** Starts the job timer (runs now and every `cardChargeIntervalMs`). */
  start(onError: (err: unknown) => void): void;
  close(): Promise<void>;
}

/** Options for tests: an existing stand-in or provider shared by several server instances. */
export interface CardPaymentsOptions {
  provider?: CardProvider;
  /** Instance name in the charge claims (default host + pid + random). */
  instance?: string;
}

/** Builds the card payments from `config` (see module doc). */
export async function createCardPayments(config: ServerConfig, services: ServerServices, opts: CardPaymentsOptions = {}): Promise<CardPayments> {
  let standIn: StripeStandIn | null = null;
  let provider = opts.provider;
  if (!provider) {
    if (config.cardProvider === 'demo') {
      const secretKey = `sk_test_demo_${randomBytes(12).toString('hex')}`;
      const webhookSecret = `whsec_demo_${randomBytes(18).toString('hex')}`;
      standIn = await startStripeStandIn({ secretKey, webhookSecret });
      provider = stripeProvider({ secretKey, webhookSecret, apiBase: standIn.url });
    } else provider = stripeProvider({ secretKey: config.stripeSecretKey!, webhookSecret: config.stripeWebhookSecret!, apiBase: config.stripeApiBase });
  }
  const instance = opts.instance ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<ChargeRunResult> | null = null;
  let onError: (err: unknown) => void = () => {};
  const run = (now = new Date(), batch?: number): Promise<ChargeRunResult> =>
    chargeDueInvoices(services, provider, { now, instance, retryDelaysMinutes: config.cardRetryMinutes, publicUrl: payments.ctx.publicUrl, ...(batch ? { batch } : {}) });
  const kick = () => {
    if (running) return;
    running = run(new Date()).finally(() => (running = null));
    running.catch(onError);
  };
  const payments: CardPayments = {
    mode: opts.provider ? 'stripe' : config.cardProvider,
    provider,
    standIn,
    ctx: { services, provider, publicUrl: services.publicUrl, kickCharges: () => setTimeout(kick, 0).unref() },
    runCharges: run,
    listeningOn(url, followPublicUrl) {
      standIn?.setWebhookUrl(`${url}/payments/stripe/webhook`);
      if (followPublicUrl) payments.ctx.publicUrl = url;
    },
    start(errors) {
      onError = errors;
      kick();
      timer = setInterval(kick, Math.max(1000, config.cardChargeIntervalMs));
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
      await standIn?.close();
    },
  };
  return payments;
}
