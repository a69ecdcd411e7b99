/**
 * The one HTTP helper module every route file uses (routes-*.ts, files.ts):
 * - error replies: every answer ≥ 400 has the body `{ statusCode, code, message }`
 *   (shared/sync/protocol.ts `ErrorBody`) — {@link errorBody}, {@link installHttpBasics}'s error and
 *   not-found handlers;
 * - body parsing and validation: JSON bodies ({@link parseJsonBody}: prototype-polluting keys and
 *   text that cannot be stored are refused), `text/csv` bodies ({@link csvBody}), text in path
 *   parameters and query strings;
 * - bearer tokens: {@link bearerToken} parses `Authorization: Bearer <token>`, {@link authenticator}
 *   turns it into the preHandler that sets `req.user`, {@link requireRole} narrows that to a role.
 * Routes throw {@link HttpError}; the error handler installed here turns it into the reply.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../shared/sync/protocol';
import type { UserRole } from '../shared/sync/protocol';
import { findJsonTextProblem, describeTextProblem } from '../shared/text/index';
import { cachedUserForToken, type User } from './auth';
import type { Queryable } from './db';
import { HttpError } from './errors';
import type { ServerConfig } from './config';
import type { ServerServices } from './authority/index';
import type { StreamHub } from './streams';
import type { ViesOptions } from './vies';
import type { CardPayments } from './payments/index';
import { STATEMENT_MAX_BYTES } from './payments/bank/camt053';

export { HttpError } from './errors';

/** What every `register…Routes(app, ctx)` of a route file receives from server/app.ts. */
export interface RouteContext {
  services: ServerServices;
  config: ServerConfig;
  /** The bearer-token preHandler ({@link authenticator}). */
  authenticate: PreHandler;
  /** Pull-stream hub (server/streams.ts). */
  hub: StreamHub;
  vies: ViesOptions;
  /** Card payments (server/payments/): the charge-due command runs their job. */
  payments?: CardPayments | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

/** A route preHandler: resolves, or throws {@link HttpError}. */
export type PreHandler = (req: FastifyRequest) => Promise<void>;

/** The reply body of an error (status, stable code, human message). */
export function errorBody(statusCode: number, code: string, message: string, params?: Readonly<Record<string, string | number>>): ErrorBody {
  return params ? { statusCode, code, message, params: { ...params } } : { statusCode, code, message };
}

/**
 * The token of an `Authorization: Bearer <token>` header (case-insensitive scheme, RFC 6750 §2.1),
 * or null when the header is absent or has another form.
 */
export function bearerToken(req: Pick<FastifyRequest, 'headers'>): string | null {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1]! : null;
}

/**
 * The preHandler that requires a valid session token and sets `req.user`. The lookup is cached for
 * `cacheMs` (default 2 s; config `tokenCacheMs`); a revoked token is refused on the next request
 * all the same (server/auth.ts).
 * @throws HttpError 401 `unauthorised` without a bearer token, or with one unknown, expired or revoked.
 */
export function authenticator(db: Queryable, cacheMs?: number): PreHandler {
  return async (req) => {
    const token = bearerToken(req);
    if (!token) throw new HttpError(401, 'unauthorised', 'missing bearer token (Authorization: Bearer <token>)');
    const user = await cachedUserForToken(db, token, cacheMs);
    if (!user) throw new HttpError(401, 'unauthorised', 'token is unknown, expired or revoked');
    req.user = user;
  };
}

/**
 * `authenticate`, then the user's role must be `role`.
 * @throws HttpError 401 (see {@link authenticator}), 403 `forbidden` for another role.
 */
export function requireRole(authenticate: PreHandler, role: UserRole): PreHandler {
  return async (req) => {
    await authenticate(req);
    if (req.user!.role !== role) throw new HttpError(403, 'forbidden', `${role} role required`);
  };
}

/** The body of a `text/csv` request. @throws HttpError 415 `unsupported-media-type` when it was sent as anything else. */
export function csvBody(body: unknown): string {
  if (typeof body !== 'string') throw new HttpError(415, 'unsupported-media-type', 'send the CSV as text/csv');
  return body;
}

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

/**
 * Installs what every route relies on: the JSON and CSV body parsers, `req.user`, the text check
 * of path parameters and query strings, and the error and not-found handlers that answer
 * `{ statusCode, code, message }`. `bodyLimit` (bytes) is named in the 413 message.
 */
export function installHttpBasics(app: FastifyInstance, opts: { bodyLimit: number }): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Bank statements (camt.053) are XML and may be larger than other bodies (server/payments/bank).
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: STATEMENT_MAX_BYTES }, (_req, body, done) => done(null, body));
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
    if (err instanceof HttpError) return reply.status(err.statusCode).send(errorBody(err.statusCode, err.code, err.message, err.params));
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
    const message = status >= 500 ? 'internal server error' : code === 'body-too-large' ? `request body is larger than the limit of ${opts.bodyLimit} bytes` : err.message;
    return reply.status(status).send(errorBody(status, code, message));
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(errorBody(404, 'not-found', `no route ${req.method} ${req.url.split('?')[0]}`)));
}
