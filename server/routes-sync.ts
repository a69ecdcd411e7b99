/**
 * Replication routes (RxDB's HTTP replication protocol; docs/sync.md), all with a bearer token:
 * - `GET  /sync/:collection/pull?id=&updatedAt=&limit=` → `{ documents, checkpoint }` in the user's scope
 * - `POST /sync/:collection/push` `[{assumedMasterState, newDocumentState}]` → conflicting master documents (server/push.ts)
 * - `GET  /sync/:collection/pull-stream` → Server-Sent Events: `"RESYNC"` first, then changes (server/streams.ts)
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectionNames } from '../shared/schemas/common';
import { pullLimits } from '../shared/sync/protocol';
import { userForToken, tokenHash } from './auth';
import { HttpError, bearerToken, type RouteContext } from './http';
import { readFeed, headCheckpoint, parseCheckpointQuery } from './store';
import { scopeOf } from './scope';
import { applyPush } from './push';
import { isCollectionName } from './validate';

/** The `:collection` path parameter. @throws HttpError 404 `unknown-collection`. */
function collectionOf(req: FastifyRequest): (typeof collectionNames)[number] {
  const c = (req.params as { collection: string }).collection;
  if (!isCollectionName(c)) throw new HttpError(404, 'unknown-collection', `unknown collection "${c}"; known: ${collectionNames.join(', ')}`);
  return c;
}

/** Registers pull, push and pull stream. */
export function registerSyncRoutes(app: FastifyInstance, { services, config, authenticate, hub }: RouteContext): void {
  const { db, outbox } = services;

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
    // The body's size bounds the group of concurrent pushes this one is written with (server/groupCommit.ts).
    const bytes = Number(req.headers['content-length']) || 0;
    const conflicts = await applyPush(services, req.user!, c, req.body, bytes);
    void outbox.flushIfQueued();
    return conflicts;
  });

  app.get('/sync/:collection/pull-stream', { preHandler: authenticate }, async (req, reply) => {
    const collection = collectionOf(req);
    const user = req.user!;
    const token = bearerToken(req)!;
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
}
