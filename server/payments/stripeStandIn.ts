/**
 * A local stand-in of the Stripe API for tests and the server's demo mode: a small node:http server
 * that answers the calls the official SDK makes for our card flow the way Stripe documents them,
 * serves the hosted card page, and signs its webhooks like Stripe (https://docs.stripe.com/webhooks#verify-events:
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint secret>`).
 * It is not a payment service: nothing leaves the machine and no card is real. Long because it is
 * one self-contained fake of an external API (routes, hosted page, webhooks, idempotency).
 *
 * API (form-encoded bodies as the SDK sends them, `Authorization: Bearer <secret key>`):
 * `POST /v1/customers`, `POST /v1/checkout/sessions` (mode `setup` only; the session's SetupIntent
 * is created with it), `GET /v1/checkout/sessions/:id`, `POST /v1/checkout/sessions/:id/expire`,
 * `GET /v1/setup_intents/:id`, `POST /v1/payment_intents` (`off_session` + `confirm`),
 * `GET /v1/payment_intents/:id`. Errors are `{error: {type, code, decline_code, message, …}}` with
 * Stripe's status codes (400, 401, 402 card errors, 404). `Idempotency-Key`: the first executed
 * answer is kept per key and replayed (`Idempotent-Replayed: true`); the same key with other
 * parameters is a 400 `idempotency_error` (https://docs.stripe.com/api/idempotent_requests).
 *
 * Hosted page: `GET /pay/:sessionId` (card number form), `POST /pay/:sessionId`. Test cards
 * (https://docs.stripe.com/testing): 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined
 * (`generic_decline`) and 4000 0000 0000 9995 (`insufficient_funds`) at the authorisation;
 * 4000 0000 0000 0341 is authorised but every charge is declined (`card_declined`); with
 * 4000 0000 0000 0119 charges fail with the temporary `processing_error` (Stripe declines that card
 * at the authorisation too; the stand-in lets it through so a temporary charge failure can be shown).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type Obj = Record<string, unknown>;

/** Options of {@link startStripeStandIn}. */
export interface StandInOptions {
  /** The secret key callers must send. */
  secretKey: string;
  /** Signs webhooks. */
  webhookSecret: string;
  /** Where webhooks are POSTed (may be set later with `setWebhookUrl`). */
  webhookUrl?: string | undefined;
  /** Listen port on 127.0.0.1 (0: any free one). */
  port?: number;
}

/** A delivered (or attempted) webhook. */
export interface WebhookDelivery {
  eventId: string;
  type: string;
  status: number;
  body: string;
  signature: string;
}

/** A running stand-in. */
export interface StripeStandIn {
  /** `http://127.0.0.1:<port>`: the SDK's API base and the hosted pages' origin. */
  url: string;
  setWebhookUrl(url: string): void;
  /** Every API request received (method, path, idempotency key), oldest first. */
  requests: { method: string; path: string; idempotencyKey: string | null }[];
  /** Webhook deliveries, oldest first. */
  deliveries: WebhookDelivery[];
  /** Payment intents created (by id). */
  paymentIntents: Map<string, Obj>;
  /** The next `count` API calls whose path starts with `pathPrefix` answer `status` without doing anything (503 or 429: nothing is executed, nothing kept for the idempotency key). */
  failNext(pathPrefix: string, count: number, status?: 503 | 429): void;
  /** Completes the hosted page as a customer would (`card`: the number typed; null: Cancel), like `POST /pay/:id`. @returns the page's answer status and redirect. */
  completeHostedPage(sessionId: string, card: string | null): Promise<{ status: number; location: string | null }>;
  /** Sends the signed request of an earlier delivery again, byte for byte (a replay). */
  replay(eventId: string): Promise<number>;
  /** Waits until every webhook queued so far is delivered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const id = (prefix: string): string => `${prefix}_test_${randomBytes(12).toString('hex')}`;
const now = (): number => Math.floor(Date.now() / 1000);

/** Decodes `a[b][0]=x&c=y` (the SDK's encoding) into nested objects and arrays. */
export function decodeForm(body: string): Obj {
  const out: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, '').split('[');
    let node: Obj = out;
    path.forEach((k, i) => {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') return;
      if (i === path.length - 1) node[k] = value;
      else node = (node[k] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}) as Obj;
    });
  }
  return out;
}

/** The Stripe-Signature header value for `payload` at `timestamp` (unix seconds). */
export function stripeSignature(payload: string, secret: string, timestamp = now()): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex')}`;
}

const digits = (s: unknown): string => String(s ?? '').replace(/\D/g, '');
const setupDeclines: Record<string, { decline_code: string; message: string }> = {
  '4000000000000002': { decline_code: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': { decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
};
const chargeDeclines: Record<string, { decline_code: string; message: string }> = {
  '4000000000000341': { decline_code: 'card_declined', message: 'Your card was declined.' },
  '4000000000000119': { decline_code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
};

/** Starts the stand-in on 127.0.0.1. */
export async function startStripeStandIn(opts: StandInOptions): Promise<StripeStandIn> {
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  const setupIntents = new Map<string, Obj>();
  const paymentMethods = new Map<string, Obj & { number: string }>();
  const paymentIntents = new Map<string, Obj>();
  const kept = new Map<string, { params: string; status: number; body: string }>();
  const faults: { prefix: string; count: number; status: number }[] = [];
  const requests: StripeStandIn['requests'] = [];
  const deliveries: WebhookDelivery[] = [];
  const sent = new Map<string, { body: string; signature: string }>();
  let webhookUrl = opts.webhookUrl ?? '';
  let queue: Promise<void> = Promise.resolve();
  let base = '';

  const error = (status: number, e: Obj) => ({ status, body: { error: { ...e, request_log_url: null } } });
  const notFound = (what: string, v: string) => error(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such ${what}: '${v}'` });

  async function deliver(event: Obj, body: string, signature: string): Promise<void> {
    if (!webhookUrl) return;
    let status = 0;
    for (let attempt = 0; attempt < 3 && !(status >= 200 && status < 300); attempt++) {
      try {
        const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature }, body });
        status = res.status;
        await res.text();
      } catch {
        status = 0;
      }
      if (status < 200 || status >= 300) await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
    deliveries.push({ eventId: String(event.id), type: String(event.type), status, body, signature });
  }

  /** Queues a signed event; deliveries keep their order. */
  function emit(type: string, object: Obj): void {
    const event = { id: id('evt'), object: 'event', api_version: '2026-10-28.endive', created: now(), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object: structuredClone(object) } };
    const body = JSON.stringify(event, null, 2);
    const signature = stripeSignature(body, opts.webhookSecret);
    sent.set(event.id, { body, signature });
    queue = queue.then(() => deliver(event, body, signature));
  }

  function createPaymentIntent(p: Obj): { status: number; body: Obj } {
    const amount = Number(p.amount);
    if (!Number.isInteger(amount) || amount < 1) return error(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer: amount' });
    const pm = paymentMethods.get(String(p.payment_method));
    if (!pm) return notFound('payment_method', String(p.payment_method));
    if (pm.customer !== p.customer) return error(400, { type: 'invalid_request_error', code: 'payment_method_invalid_parameter', message: 'The provided PaymentMethod does not belong to the customer.' });
    const pi: Obj = { id: id('pi'), object: 'payment_intent', amount, amount_received: 0, currency: String(p.currency), customer: p.customer, payment_method: pm.id, description: p.description ?? null, metadata: p.metadata ?? {}, off_session: p.off_session === 'true', created: now(), livemode: false, last_payment_error: null, latest_charge: null, status: 'requires_confirmation' };
    paymentIntents.set(String(pi.id), pi);
    if (p.confirm !== 'true') return { status: 200, body: pi };
    const decline = chargeDeclines[pm.number];
    if (decline) {
      const err = { type: 'card_error', code: 'card_declined', ...decline, payment_method: { id: pm.id } };
      Object.assign(pi, { status: 'requires_payment_method', last_payment_error: err });
      emit('payment_intent.payment_failed', pi);
      return error(402, { ...err, payment_intent: structuredClone(pi) });
    }
    Object.assign(pi, { status: 'succeeded', amount_received: amount, latest_charge: id('ch') });
    emit('payment_intent.succeeded', pi);
    return { status: 200, body: pi };
  }

  /** One API call: answers `{status, body}`. */
  function api(method: string, path: string, p: Obj): { status: number; body: Obj } {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/customers') {
      const c = { id: id('cus'), object: 'customer', name: p.name ?? null, email: p.email ?? null, metadata: p.metadata ?? {}, created: now(), livemode: false };
      customers.set(c.id, c);
      return { status: 200, body: c };
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (p.mode !== 'setup') return error(400, { type: 'invalid_request_error', param: 'mode', message: 'The stand-in supports mode=setup only' });
      if (!customers.has(String(p.customer))) return notFound('customer', String(p.customer));
      for (const k of ['success_url', 'cancel_url'] as const)
        if (typeof p[k] !== 'string' || !/^https?:\/\//.test(p[k] as string)) return error(400, { type: 'invalid_request_error', param: k, message: `Not a valid URL: ${k}` });
      const setupData = (p.setup_intent_data ?? {}) as Obj;
      const si: Obj = { id: id('seti'), object: 'setup_intent', customer: p.customer, payment_method: null, status: 'requires_payment_method', usage: 'off_session', metadata: setupData.metadata ?? {}, last_setup_error: null, created: now(), livemode: false };
      setupIntents.set(String(si.id), si);
      const sid = id('cs');
      const s: Obj = { id: sid, object: 'checkout.session', mode: 'setup', status: 'open', customer: p.customer, currency: p.currency ?? null, locale: p.locale ?? 'auto', setup_intent: si.id, success_url: p.success_url, cancel_url: p.cancel_url, metadata: p.metadata ?? {}, url: `${base}/pay/${sid}`, expires_at: now() + 24 * 3600, created: now(), livemode: false };
      sessions.set(sid, s);
      return { status: 200, body: s };
    }
    if ((m = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path))) {
      const s = sessions.get(m[1]!);
      if (!s) return notFound('checkout.session', m[1]!);
      if (method === 'GET' && !m[2]) return { status: 200, body: s };
      if (method === 'POST' && m[2]) {
        if (s.status !== 'open') return error(400, { type: 'invalid_request_error', message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(s.status)}".` });
        Object.assign(s, { status: 'expired', url: null });
        emit('checkout.session.expired', s);
        return { status: 200, body: s };
      }
    }
    if (method === 'GET' && (m = /^\/v1\/setup_intents\/([^/]+)$/.exec(path))) return setupIntents.has(m[1]!) ? { status: 200, body: setupIntents.get(m[1]!)! } : notFound('setup_intent', m[1]!);
    if (method === 'POST' && path === '/v1/payment_intents') return createPaymentIntent(p);
    if (method === 'GET' && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) return paymentIntents.has(m[1]!) ? { status: 200, body: paymentIntents.get(m[1]!)! } : notFound('payment_intent', m[1]!);
    return error(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  /** The customer submits the hosted page with card number `card` (or `cancel`). */
  function submitPage(sessionId: string, card: string | null): { status: number; location: string | null; html?: string } {
    const s = sessions.get(sessionId);
    if (!s || s.status !== 'open') return { status: 410, location: null, html: page('This page has expired.', null) };
    if (card === null) return { status: 303, location: String(s.cancel_url).replace('{CHECKOUT_SESSION_ID}', sessionId) };
    const si = setupIntents.get(String(s.setup_intent))!;
    const number = digits(card);
    const decline = setupDeclines[number];
    if (decline || number.length < 12) {
      const err = decline ? { type: 'card_error', code: 'card_declined', ...decline } : { type: 'card_error', code: 'incorrect_number', message: 'Your card number is incorrect.' };
      Object.assign(si, { status: 'requires_payment_method', last_setup_error: err });
      emit('setup_intent.setup_failed', si);
      return { status: 402, location: null, html: page(String(err.message), s) };
    }
    const pm = { id: id('pm'), object: 'payment_method', type: 'card', customer: s.customer, card: { brand: number.startsWith('4') ? 'visa' : 'unknown', last4: number.slice(-4), exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 }, created: now(), number };
    paymentMethods.set(pm.id, pm);
    const { number: _n, ...publicPm } = pm;
    Object.assign(si, { status: 'succeeded', payment_method: publicPm.id, last_setup_error: null });
    Object.assign(s, { status: 'complete', url: null });
    emit('setup_intent.succeeded', si);
    emit('checkout.session.completed', s);
    return { status: 303, location: String(s.success_url).replace('{CHECKOUT_SESSION_ID}', sessionId) };
  }

  const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  function page(message: string | null, s: Obj | null): string {
    const nl = s?.locale === 'nl';
    const form = s
      ? `<form method="post"><label>${nl ? 'Kaartnummer' : 'Card number'} <input name="card" autocomplete="off" inputmode="numeric" required></label>
<button name="action" value="save">${nl ? 'Kaart opslaan' : 'Save card'}</button> <button name="action" value="cancel" formnovalidate>${nl ? 'Annuleren' : 'Cancel'}</button></form>`
      : '';
    return `<!doctype html><html lang="${nl ? 'nl' : 'en'}"><head><meta charset="utf-8"><title>${nl ? 'Kaart opslaan' : 'Save your card'} — payment provider stand-in</title></head>
<body style="font:16px system-ui;max-width:30rem;margin:3rem auto"><h1>${nl ? 'Kaart opslaan' : 'Save your card'}</h1>
<p>${nl ? 'Nu wordt € 0,00 geautoriseerd; de kaart wordt op de vervaldatum van de factuur belast.' : '€0.00 is authorised now; the card is charged on the invoice due date.'}</p>
${message ? `<p role="alert" style="color:#b00">${esc(message)}</p>` : ''}${form}<p><small>Local stand-in of the payment provider (no real card is charged).</small></p></body></html>`;
  }

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), 'stripe-version': '2026-10-28.endive', ...headers });
    res.end(body);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const method = req.method ?? 'GET';
      const raw = await readBody(req);
      const pageMatch = /^\/pay\/([^/]+)$/.exec(url.pathname);
      if (pageMatch) {
        const sid = pageMatch[1]!;
        if (method === 'GET') {
          const s = sessions.get(sid);
          const html = s && s.status === 'open' ? page(null, s) : page('This page has expired.', null);
          res.writeHead(s && s.status === 'open' ? 200 : 410, { 'content-type': 'text/html; charset=utf-8' }).end(html);
          return;
        }
        const form = new URLSearchParams(raw);
        const r = submitPage(sid, form.get('action') === 'cancel' ? null : (form.get('card') ?? ''));
        if (r.location) res.writeHead(303, { location: r.location }).end();
        else res.writeHead(r.status, { 'content-type': 'text/html; charset=utf-8' }).end(r.html);
        return;
      }
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      requests.push({ method, path: url.pathname, idempotencyKey: key });
      if (req.headers.authorization !== `Bearer ${opts.secretKey}`)
        return send(res, 401, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } }));
      const fault = faults.find((f) => f.count > 0 && url.pathname.startsWith(f.prefix));
      if (fault) {
        fault.count--;
        const body = fault.status === 429 ? { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } } : { error: { type: 'api_error', message: 'The service is temporarily unavailable' } };
        return send(res, fault.status, JSON.stringify(body), { 'stripe-should-retry': 'true' });
      }
      const params = method === 'GET' ? '' : raw;
      if (key && method === 'POST') {
        const k = kept.get(`${url.pathname} ${key}`);
        if (k && k.params !== params)
          return send(res, 400, JSON.stringify({ error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } }));
        if (k) return send(res, k.status, k.body, { 'idempotent-replayed': 'true', 'idempotency-key': key });
      }
      const r = api(method, url.pathname, method === 'GET' ? {} : decodeForm(raw));
      const body = JSON.stringify(r.body);
      if (key && method === 'POST') kept.set(`${url.pathname} ${key}`, { params, status: r.status, body });
      send(res, r.status, body, key ? { 'idempotency-key': key } : {});
    })().catch((err: unknown) => send(res, 500, JSON.stringify({ error: { type: 'api_error', message: String(err) } })));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  return {
    url: base,
    setWebhookUrl: (u) => void (webhookUrl = u),
    requests,
    deliveries,
    paymentIntents,
    failNext(prefix, count, status = 503) {
      faults.push({ prefix, count, status });
    },
    async completeHostedPage(sessionId, card) {
      const r = submitPage(sessionId, card);
      await queue;
      return { status: r.status, location: r.location };
    },
    async replay(eventId) {
      const s = sent.get(eventId);
      if (!s) throw new Error(`no event ${eventId}`);
      const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': s.signature }, body: s.body });
      await res.text();
      return res.status;
    },
    settled: () => queue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
