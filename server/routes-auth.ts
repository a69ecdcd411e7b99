/**
 * Auth routes:
 * - `POST /auth/login {email, password}` → `{ token, expiresAt, user }` (rate-limited per client
 *   address + normalised e-mail, LOGIN_RATE_LIMIT per minute)
 * - `POST /auth/logout` revokes the bearer token; `GET /auth/me` → the user
 * - `POST /auth/set-password {token, password}` (the one-time link of the validation e-mail) and
 *   `GET /auth/set-password?lang=nl|en`, the page that link opens (server/setPasswordPage.ts: in
 *   the link's language, the password asked twice; the token travels in the URL fragment, so it
 *   never reaches a log).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { login, revokeToken, userForToken, setPassword, normaliseEmail } from './auth';
import { HttpError, bearerToken, type RouteContext } from './http';
import { minPasswordLength, setPasswordLanguage, setPasswordPage } from './setPasswordPage';

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
    if (b.password.length < minPasswordLength) throw new HttpError(400, 'weak-password', `the password needs at least ${minPasswordLength} characters`, { minLength: minPasswordLength });
    const user = await userForToken(db, b.token, 'set-password');
    if (!user) throw new HttpError(401, 'invalid-link', 'this link is unknown, used or expired; ask the back office for a new one');
    await setPassword(db, user.id, b.password);
    await revokeToken(db, b.token);
    return { email: user.email };
  });
  app.get('/auth/set-password', async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(setPasswordPage(setPasswordLanguage((req.query as { lang?: unknown } | undefined)?.lang, req.headers['accept-language']))),
  );
}
