/**
 * Auth routes:
 * - `POST /auth/login {email, password}` → `{ token, expiresAt, user }` (rate-limited per client
 *   address + normalised e-mail, LOGIN_RATE_LIMIT per minute)
 * - `POST /auth/logout` revokes the bearer token; `GET /auth/me` → the user
 * - `POST /auth/set-password {token, password}` (the one-time link of the validation e-mail) and
 *   `GET /auth/set-password`, the small page that link opens (the token travels in the URL
 *   fragment, so it never reaches a log).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { login, revokeToken, userForToken, setPassword, normaliseEmail } from './auth';
import { HttpError, bearerToken, type RouteContext } from './http';

/** Registers the auth routes. */
export function registerAuthRoutes(app: FastifyInstance, { services, config, authenticate }: RouteContext): void {
  const { db } = services;
  app.post(
    '/auth/login',
    {
      config: {
        rateLimit: {
          max: config.loginRateLimit || 1_000_000,
          timeWindow: 60_000,
          // After body parsing, so the key can include the e-mail being tried.
          hook: 'preHandler',
          // The same normalised form the account lookup uses, so " Dealer@x" counts against "dealer@x".
          keyGenerator: (req: FastifyRequest) => `${req.ip}|${normaliseEmail(String((req.body as { email?: unknown } | undefined)?.email ?? ''))}`,
        },
      },
    },
    async (req) => {
      const b = req.body as { email?: unknown; password?: unknown } | null;
      if (!b || typeof b.email !== 'string' || typeof b.password !== 'string' || b.email.length > 254 || b.password.length > 1024)
        throw new HttpError(400, 'bad-request', 'body must be {email: string, password: string}');
      const r = await login(db, b.email, b.password, config.tokenTtlMs);
      if (!r) throw new HttpError(401, 'invalid-credentials', 'e-mail or password is wrong');
      req.log.info({ userId: r.user.id, role: r.user.role }, 'login');
      return r;
    },
  );
  app.post('/auth/logout', { preHandler: authenticate }, async (req, reply) => {
    await revokeToken(db, bearerToken(req)!);
    return reply.status(204).send();
  });
  app.get('/auth/me', { preHandler: authenticate }, async (req) => req.user);
  app.post('/auth/set-password', { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (req) => {
    const b = req.body as { token?: unknown; password?: unknown } | null;
    if (!b || typeof b.token !== 'string' || typeof b.password !== 'string') throw new HttpError(400, 'bad-request', 'body must be {token, password}');
    if (b.password.length < 10) throw new HttpError(400, 'weak-password', 'the password needs at least 10 characters');
    const user = await userForToken(db, b.token, 'set-password');
    if (!user) throw new HttpError(401, 'invalid-link', 'this link is unknown, used or expired; ask the back office for a new one');
    await setPassword(db, user.id, b.password);
    await revokeToken(db, b.token);
    return { email: user.email };
  });
  app.get('/auth/set-password', async (_req, reply) => reply.type('text/html; charset=utf-8').send(setPasswordPage));
}

const setPasswordPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CPS — set your password</title>
<meta name="viewport" content="width=device-width"><style>body{font:16px system-ui;max-width:28rem;margin:3rem auto}input,button{font:inherit;padding:.4rem;width:100%;margin:.3rem 0}</style></head>
<body><h1>Set your CPS password</h1><form id="f"><label>New password (at least 10 characters)<input id="p" type="password" minlength="10" required autocomplete="new-password"></label>
<button>Set password</button></form><p id="m" role="status"></p>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token');
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await fetch('/auth/set-password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: document.getElementById('p').value }) });
  const b = await r.json();
  document.getElementById('m').textContent = r.ok ? 'Password set for ' + b.email + '. You can now sign in to CPS Desk.' : b.message;
});
</script></body></html>`;
