/**
 * The Fastify application: builds the services (server/services.ts) and serves the routes of
 * each area, every one through the HTTP helper module (server/http.ts):
 * - `GET /health`, `GET /program`, `POST /organisations/:id/migrate-legacy` (server/routes-program.ts)
 * - auth: `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`, `POST /auth/set-password`
 *   (+ `GET /auth/set-password`) (server/routes-auth.ts)
 * - replication: `GET /sync/:collection/pull`, `POST /sync/:collection/push`, `GET /sync/:collection/pull-stream` (server/routes-sync.ts)
 * - back office: `/admin/…`, generated from the command table (server/routes-admin.ts, server/commands.ts)
 * - evidence files: tus uploads at `/files/`, `GET /evidence/:evidenceDocumentId/file` (server/files.ts)
 * - card payments: `/payments/…` and the provider's webhook (server/payments/routes.ts); the
 *   due-date charge job runs on a timer once the server listens
 * Every answer ≥ 400 has the body `{ statusCode, code, message }`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { join } from 'node:path';
import type { ServerConfig } from './config';
import type { Db } from './db';
import type { SeedResult } from './seed';
import { StreamHub } from './streams';
import type { ServerServices } from './authority/index';
import { createServices } from './services';
import { listenForRevocations } from './auth';
import { authenticator, installHttpBasics, type RouteContext } from './http';
import { registerAuthRoutes } from './routes-auth';
import { registerSyncRoutes } from './routes-sync';
import { registerProgramRoutes } from './routes-program';
import { registerAdminRoutes } from './routes-admin';
import { registerFileRoutes } from './files';
import { blobStoreFor } from './blobs';
import { markOverdueInvoices } from './backoffice';
import { createCardPayments, type CardPayments, type CardPaymentsOptions } from './payments/index';
import { registerCardRoutes } from './payments/routes';

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

/**
 * Builds the server from `config` (not listening yet: call `app.listen`). Opens `db` unless given.
 * @throws when the database cannot be opened or migrated.
 */
export async function buildServer(config: ServerConfig, opts: { db?: Db; mailDir?: string; logger?: boolean; payments?: CardPaymentsOptions } = {}): Promise<CpsServer> {
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
  const created = await createServices(config, {
    db: opts.db,
    mailDir: opts.mailDir,
    onOutboxError: (err, id) => app.log.warn({ outboxId: id, err: String((err as Error)?.message ?? err) }, 'outbox delivery failed'),
  });
  const { services, vies, seedResult } = created;
  const { db, outbox } = services;
  const hub = new StreamHub(db, config.heartbeatMs, config.pullStreamsPerToken, config.pullStreamsMax);
  await hub.start();
  const unlistenRevocations = await listenForRevocations(db);
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
  installHttpBasics(app, { bodyLimit: config.bodyLimit });

  const ctx: RouteContext = { services, config, authenticate: authenticator(db, config.tokenCacheMs), hub, vies, payments };
  registerProgramRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  await registerCardRoutes(app, payments, ctx.authenticate);
  registerFileRoutes(app, { db, blobs: blobStoreFor(db, join(config.dataDir, 'blobs')), uploadDir: join(config.dataDir, 'uploads'), maxUploadBytes: config.maxUploadBytes, corsOrigins: config.corsOrigins }, ctx.authenticate);

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
      await unlistenRevocations();
      await app.close();
      await created.close();
    },
  };
}
