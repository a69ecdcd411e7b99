/**
 * HTTP routes of the card payments:
 * - `POST /payments/card/setup {membershipId, language?}` (any user whose scope holds the
 *   membership) → `{url, sessionId, expiresAt}`: the provider's hosted page for the card's
 *   zero-amount authorisation; 409 `card-setup-not-possible` when the membership needs none;
 * - `POST /payments/stripe/webhook` — the provider's webhook: raw body, `Stripe-Signature` verified
 *   (400 `bad-signature` otherwise), each event id taken once (`{received: true, duplicate: true}`
 *   for a replay, which changes nothing);
 * - `GET /payments/card/done`, `GET /payments/card/cancelled?session=` — the pages the hosted page
 *   returns to (cancelled ends the provider's session, so it is announced as abandoned);
 * - `GET /payments/card/update` (page; one-time token in the URL fragment, never logged) and
 *   `POST /payments/card/update {token, language?}` → `{url}`: a new hosted setup after a failed charge;
 * The back office's `POST /admin/payments/charge-due` is a command of the command table
 * (server/payments/commands.ts), a CLI command too.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { WebhookRefused } from './provider';
import { applyCardEvent, cancelHostedSetup, openHostedSetup, openHostedSetupByLink } from './cardAuthorisation';
import type { CardPayments } from './index';

const languageOf = (v: unknown): 'nl' | 'en' => (v === 'nl' ? 'nl' : 'en');

/** Registers the routes above on `app`. */
export async function registerCardRoutes(app: FastifyInstance, payments: CardPayments, authenticate: (req: FastifyRequest) => Promise<void>): Promise<void> {
  app.post('/payments/card/setup', { preHandler: authenticate }, async (req) => {
    const b = req.body as { membershipId?: unknown; language?: unknown } | null;
    if (!b || typeof b.membershipId !== 'string' || b.membershipId.length > 64) throw new HttpError(400, 'bad-request', 'body must be {membershipId: string, language?: "nl" | "en"}');
    const s = await openHostedSetup(payments.ctx, req.user!, b.membershipId, languageOf(b.language));
    return { url: s.url, sessionId: s.sessionId, expiresAt: s.expiresAt };
  });

  // The webhook needs the body byte for byte (the signature covers it): its own JSON parser, in its own scope.
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    raw.post('/payments/stripe/webhook', async (req) => {
      const sig = req.headers['stripe-signature'];
      let event;
      try {
        event = payments.provider.readWebhook(typeof req.body === 'string' ? req.body : '', typeof sig === 'string' ? sig : undefined);
      } catch (err) {
        if (err instanceof WebhookRefused) {
          req.log.warn({ reason: err.message }, 'webhook refused');
          throw new HttpError(400, 'bad-signature', `webhook refused: ${err.message}`);
        }
        throw err;
      }
      const r = await applyCardEvent(payments.ctx, event);
      return { received: true, ...(r === 'duplicate' ? { duplicate: true } : {}) };
    });
  });

  app.get('/payments/card/done', async (_req, reply) => reply.type('text/html; charset=utf-8').send(returnPage('done')));
  app.get('/payments/card/cancelled', async (req, reply) => {
    const session = (req.query as { session?: unknown }).session;
    if (typeof session === 'string' && /^[A-Za-z0-9_]{1,200}$/.test(session)) await cancelHostedSetup(payments.ctx, session);
    return reply.type('text/html; charset=utf-8').send(returnPage('cancelled'));
  });
  app.get('/payments/card/update', async (_req, reply) => reply.type('text/html; charset=utf-8').send(updatePage));
  app.post('/payments/card/update', { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req) => {
    const b = req.body as { token?: unknown; language?: unknown } | null;
    if (!b || typeof b.token !== 'string' || b.token.length > 200) throw new HttpError(400, 'bad-request', 'body must be {token: string}');
    const s = await openHostedSetupByLink(payments.ctx, b.token, languageOf(b.language));
    return { url: s.url };
  });

}

/** The page the hosted card page returns to (Dutch and English: the browser's language is unknown here). */
function returnPage(kind: 'done' | 'cancelled'): string {
  const [en, nl] =
    kind === 'done'
      ? ['Your card is saved. You can close this page and return to CPS Desk.', 'Uw kaart is opgeslagen. U kunt deze pagina sluiten en teruggaan naar CPS Desk.']
      : ['No card was saved. Return to CPS Desk to try again.', 'Er is geen kaart opgeslagen. Ga terug naar CPS Desk om het opnieuw te proberen.'];
  return `<!doctype html><html><head><meta charset="utf-8"><title>CPS</title></head><body style="font:16px system-ui;max-width:30rem;margin:3rem auto">
<p lang="en">${en}</p><p lang="nl">${nl}</p></body></html>`;
}

const updatePage = `<!doctype html><html><head><meta charset="utf-8"><title>CPS — update your card / kaart bijwerken</title></head>
<body style="font:16px system-ui;max-width:30rem;margin:3rem auto"><p id="m" role="status">Opening the payment page… / Betaalpagina openen…</p>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token');
fetch('/payments/card/update', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, language: navigator.language.startsWith('nl') ? 'nl' : 'en' }) })
  .then(async (r) => { const b = await r.json(); if (r.ok) location.replace(b.url); else document.getElementById('m').textContent = b.message; });
</script></body></html>`;
