/**
 * Program routes for every signed-in user (and the health check):
 * - `GET  /health` → `{ status: 'ok', engine }` (no token)
 * - `GET  /program` → `{ supplier }` (the invoice supplier block)
 * - `GET  /program/terms?language=nl|en` → the terms and conditions in force today in that
 *   language (default `en`): `{ version, effectiveOn, language, title, sections }` (server/terms.ts);
 *   404 `no-terms` when no version is in force, 400 `bad-request` for another language
 * - `POST /organisations/:id/migrate-legacy` {dryRun?: boolean} — any user whose scope holds the
 *   organisation (server/legacy.ts)
 */
import type { FastifyInstance } from 'fastify';
import { HttpError, type RouteContext } from './http';
import { migrateLegacy } from './legacy';
import { termsInForce } from './terms';

/** Registers the health check, the program data and the legacy migration. */
export function registerProgramRoutes(app: FastifyInstance, { services, authenticate }: RouteContext): void {
  app.get('/health', async () => ({ status: 'ok', engine: services.db.engine }));
  app.get('/program', { preHandler: authenticate }, async () => ({ supplier: services.program.supplier }));
  app.get('/program/terms', { preHandler: authenticate }, async (req) => {
    const language = (req.query as { language?: unknown }).language ?? 'en';
    if (language !== 'nl' && language !== 'en') throw new HttpError(400, 'bad-request', 'language must be nl or en');
    return termsInForce(services.db, services.today(), language);
  });
  app.post('/organisations/:id/migrate-legacy', { preHandler: authenticate }, async (req) => {
    const body = req.body as { dryRun?: unknown } | null | undefined;
    if (body && body.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw new HttpError(400, 'bad-request', 'dryRun must be a boolean');
    return migrateLegacy(services, req.user!, (req.params as { id: string }).id, body?.dryRun === true);
  });
}
