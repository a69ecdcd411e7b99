/**
 * The Fastify application: opens the database, migrates, seeds, and serves
 * - `GET /health`
 * - auth: `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`, `POST /auth/set-password`
 *   (+ `GET /auth/set-password`, a small form reading the one-time token from the URL fragment)
 * - replication: `GET /sync/:collection/pull`, `POST /sync/:collection/push`, `GET /sync/:collection/pull-stream`
 * - program: `GET /program` (supplier block for invoices)
 * - back office and migration routes (server/routes-admin.ts)
 * - evidence files: tus uploads at `/files/`, `GET /evidence/:evidenceDocumentId/file` (server/files.ts)
 * Every answer ≥ 400 has the body `{ statusCode, code, message }`.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { join } from 'node:path';
import { collectionNames } from '../shared/schemas/common';
import { pullLimits } from '../shared/sync/protocol';
import type { ServerConfig } from './config';
import { openDatabase, type Db } from './db';
import { migrate } from './migrations';
import { seed, loadProgramData, type SeedResult } from './seed';
import { login, revokeToken, userForToken, setPassword, normaliseEmail, tokenHash, type User } from './auth';
import { HttpError } from './errors';
import { readFeed, headCheckpoint, parseCheckpointQuery } from './store';
import { scopeOf } from './scope';
import { applyPush } from './push';
import { StreamHub } from './streams';
import { Outbox } from './outbox';
import type { ServerServices } from './authority/index';
import { registerAdminRoutes } from './routes-admin';
import { markOverdueInvoices } from './backoffice';
import { isCollectionName } from './validate';
import { findJsonTextProblem, describeTextProblem } from '../shared/text/index';
import { registerFileRoutes } from './files';
import { blobStoreFor } from './blobs';
import { createCardPayments, type CardPayments, type CardPaymentsOptions } from './payments/index';
import { registerCardRoutes } from './payments/routes';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

/** A built server: the Fastify app, its services, and how it was seeded. */
export interface CpsServer {
  app: FastifyInstance;
  services: ServerServices;
  hub: StreamHub;
  /** Card payments: provider, authorisations, due-date charge job (server/payments/). */
  payments: CardPayments;
  seedResult: SeedResult;
  /** Stops streams, the outbox and the database. */
  close(): Promise<void>;
}

/** Today as `YYYY-MM-DD` (UTC). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Builds the server from `config` (not listening yet: call `app.listen`). Opens `db` unless given.
 * @throws when the database cannot be opened or migrated.
 */
export async function buildServer(config: ServerConfig, opts: { db?: Db; mailDir?: string; logger?: boolean; payments?: CardPaymentsOptions } = {}): Promise<CpsServer> {
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') }));
  await migrate(db);
  const seedResult = await seed(db, config.demoPassword);
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : { level: config.logLevel, redact: { paths: ['req.headers.authorization', 'body.password', 'body.token'], remove: true } },
    bodyLimit: config.bodyLimit,
    forceCloseConnections: true,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  });
  const outbox = new Outbox(db, {
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    mailDir: opts.mailDir ?? join(config.dataDir, 'outbox'),
    onError: (err, id) => app.log.warn({ outboxId: id, err: String((err as Error)?.message ?? err) }, 'outbox delivery failed'),
  });
  const services: ServerServices = { db, program: loadProgramData(), outbox, today: todayUtc, publicUrl: config.publicUrl };
  const hub = new StreamHub(db, config.heartbeatMs, config.pullStreamsPerToken, config.pullStreamsMax);
  await hub.start();
  outbox.start();
  const overdue = () => void markOverdueInvoices(services).catch((err: unknown) => app.log.warn({ err: String(err) }, 'marking overdue invoices failed'));
  const overdueTimer = setInterval(overdue, 3600_000);
  overdueTimer.unref();
  overdue();
  const payments = await createCardPayments(config, services, opts.payments);
  app.server.once('listening', () => {
    const addr = app.server.address();
    // With PORT=0 (tests) or the default PUBLIC_URL, return pages and links name the address actually taken.
    if (typeof addr === 'object' && addr)
      payments.listeningOn(`http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`, config.port === 0 || config.publicUrl === `http://${config.host}:${config.port}`);
    payments.start((err) => app.log.warn({ err: String(err) }, 'card charge job failed'));
  });

  await app.register(cors, {
    origin: config.corsOrigins,
    // tus uploads (server/files.ts) need PATCH/HEAD, their headers, and to read Location/Upload-Offset.
    allowedHeaders: ['authorization', 'content-type', 'tus-resumable', 'upload-length', 'upload-metadata', 'upload-offset', 'upload-defer-length'],
    exposedHeaders: ['location', 'upload-offset', 'upload-length', 'tus-resumable', 'content-disposition', 'x-evidence-sha256'],
    methods: ['GET', 'POST', 'PATCH', 'HEAD'],
  });
  await app.register(rateLimit, { global: false });
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.decorateRequest('user', null);
  // Path parameters and query strings are text too (a NUL in an id would reach PostgreSQL).
  app.addHook('preValidation', async (req) => {
    const p = findJsonTextProblem({ params: req.params ?? {}, query: req.query ?? {} });
    if (p) throw new HttpError(400, 'invalid-text', `${p.inKey ? 'a key in ' : ''}${p.pointer} contains ${describeTextProblem(p)}; control characters and unpaired surrogates cannot be stored`);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof HttpError) return reply.status(err.statusCode).send({ statusCode: err.statusCode, code: err.code, message: err.message });
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const code =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.name === 'SyntaxError'
        ? 'malformed-json'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body-too-large'
          : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported-media-type'
            : status === 429
              ? 'rate-limited'
              : status >= 500
                ? 'internal'
                : 'bad-request';
    const message = status >= 500 ? 'internal server error' : code === 'body-too-large' ? `request body is larger than the limit of ${config.bodyLimit} bytes` : err.message;
    return reply.status(status).send({ statusCode: status, code, message });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ statusCode: 404, code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` }));

  /** preHandler: requires a valid bearer token; sets `req.user`. */
  const authenticate = async (req: FastifyRequest): Promise<void> => {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    if (!m) throw new HttpError(401, 'unauthorised', 'missing bearer token (Authorization: Bearer <token>)');
    const user = await userForToken(db, m[1]!);
    if (!user) throw new HttpError(401, 'unauthorised', 'token is unknown, expired or revoked');
    req.user = user;
  };

  app.get('/health', async () => ({ status: 'ok', engine: db.engine }));

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
    await revokeToken(db, /^Bearer\s+(\S+)$/i.exec(req.headers.authorization!)![1]!);
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

  app.get('/program', { preHandler: authenticate }, async () => ({ supplier: services.program.supplier }));

  const collectionOf = (req: FastifyRequest): (typeof collectionNames)[number] => {
    const c = (req.params as { collection: string }).collection;
    if (!isCollectionName(c)) throw new HttpError(404, 'unknown-collection', `unknown collection "${c}"; known: ${collectionNames.join(', ')}`);
    return c;
  };

  app.get('/sync/:collection/pull', { preHandler: authenticate }, async (req, reply) => {
    const collection = collectionOf(req);
    const q = req.query as { id?: unknown; updatedAt?: unknown; limit?: string };
    const limit = q.limit === undefined || q.limit === '' ? pullLimits.default : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > pullLimits.max) throw new HttpError(400, 'bad-request', `limit must be an integer 1..${pullLimits.max}`);
    const after = parseCheckpointQuery(q);
    const page = await readFeed(db, collection, scopeOf(req.user!), after, limit);
    return reply.type('application/json').send(`{"documents":[${page.json.join(',')}],"checkpoint":${JSON.stringify(page.checkpoint)}}`);
  });

  app.post('/sync/:collection/push', { preHandler: authenticate }, async (req) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json')
      throw new HttpError(415, 'unsupported-media-type', `a push body must be sent as application/json, got ${type ? `"${type}"` : 'no content-type'}`);
    const c = (req.params as { collection: string }).collection;
    const conflicts = await applyPush(services, req.user!, c, req.body);
    void outbox.flushIfQueued();
    return conflicts;
  });

  app.get('/sync/:collection/pull-stream', { preHandler: authenticate }, async (req, reply) => {
    const collection = collectionOf(req);
    const user = req.user!;
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization!)![1]!;
    if (hub.full) {
      void reply.header('retry-after', '30');
      throw new HttpError(503, 'too-many-streams', `this server holds its maximum of ${config.pullStreamsMax} pull streams; try again later`);
    }
    const scope = scopeOf(user);
    const checkpoint = await headCheckpoint(db, collection, scope);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = String(v);
    reply.hijack();
    reply.raw.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    reply.raw.write('retry: 2000\n\ndata: "RESYNC"\n\n');
    const stream = { collection, scope, checkpoint, res: reply.raw, owner: tokenHash(token), stillAuthorised: async () => (await userForToken(db, token)) !== null };
    hub.add(stream);
    void hub.flush(stream);
  });

  registerAdminRoutes(app, services, authenticate, { url: config.viesUrl, timeoutMs: config.viesTimeoutMs, requester: config.viesRequester });
  await registerCardRoutes(app, payments, authenticate);
  registerFileRoutes(app, { db, blobs: blobStoreFor(db, join(config.dataDir, 'blobs')), uploadDir: join(config.dataDir, 'uploads'), maxUploadBytes: config.maxUploadBytes, corsOrigins: config.corsOrigins }, authenticate);

  return {
    app,
    services,
    hub,
    payments,
    seedResult,
    async close() {
      clearInterval(overdueTimer);
      await payments.close();
      await hub.stop();
      await app.close();
      await outbox.stop();
      if (!opts.db) await db.close();
    },
  };
}

export type { FastifyReply };

/**
 * Refuses a body holding text that cannot be stored (shared/text: NUL and other control characters
 * but tab and line feed, unpaired surrogates), anywhere in keys or values.
 * @throws HttpError 400 `invalid-text` naming the field by its JSON Pointer (RFC 6901), e.g. `/0/newDocumentState/serialNumber`.
 */
function refuseInvalidText(value: unknown): void {
  const p = findJsonTextProblem(value);
  if (!p) return;
  const field = p.inKey ? `a key in ${p.pointer.slice(0, p.pointer.lastIndexOf('/')) || '/'}` : `field ${p.pointer || '/'}`;
  throw new HttpError(400, 'invalid-text', `${field} contains ${describeTextProblem(p)}; control characters and unpaired surrogates cannot be stored`);
}

/**
 * Parses a JSON request body. Keys that could pollute prototypes are refused, as Fastify's own
 * parser does (secure-json-parse, protoAction/constructorAction 'error'), but with a message that
 * says so: `__proto__` anywhere, and `constructor` holding a `prototype`.
 * Text that cannot be stored is refused here too, before any route sees it ({@link refuseInvalidText}).
 * @throws HttpError 400 `malformed-json` (syntax error), `forbidden-key` or `invalid-text`.
 */
export function parseJsonBody(text: string): unknown {
  // The reviver sees every key decoded (also `\u005f_proto__`); only walk when a key could match.
  const suspicious = text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
  let forbidden: string | null = null;
  let value: unknown;
  try {
    value = suspicious
      ? JSON.parse(text, function (key, v: unknown) {
          if (key === '__proto__' || (key === 'constructor' && v !== null && typeof v === 'object' && Object.hasOwn(v, 'prototype'))) forbidden ??= key;
          return v;
        })
      : JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'malformed-json', `body is not valid JSON: ${(err as Error).message}`);
  }
  if (forbidden)
    throw new HttpError(400, 'forbidden-key', `the body contains a forbidden key ${forbidden === '__proto__' ? '__proto__' : 'constructor.prototype'} (refused to protect against prototype pollution)`);
  refuseInvalidText(value);
  return value;
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
