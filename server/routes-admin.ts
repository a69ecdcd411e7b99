/**
 * HTTP routes of the back office (role `back-office`) and the legacy migration:
 * - `GET  /admin/pending`                          → PendingOrganisation[]
 * - `POST /admin/organisations/:id/validate`
 * - `POST /admin/organisations/:id/reject`  {reason}
 * - `POST /admin/invoices/:number/mark-paid`
 * - `POST /admin/catalog/import`   body text/csv
 * - `POST /admin/legacy/import`    body text/csv
 * - `GET  /admin/audit?limit=`
 * - `POST /organisations/:id/migrate-legacy` {dryRun?: boolean} — any user whose scope holds the organisation
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors';
import type { ServerServices } from './authority/index';
import { listPending, validateOrganisation, rejectOrganisation, markInvoicePaid, importCatalog, importLegacy, auditLog } from './backoffice';
import { migrateLegacy } from './legacy';

/** Registers the routes; `authenticate` is the bearer-token preHandler. */
export function registerAdminRoutes(app: FastifyInstance, services: ServerServices, authenticate: (req: FastifyRequest) => Promise<void>): void {
  const backOffice = async (req: FastifyRequest): Promise<void> => {
    await authenticate(req);
    if (req.user!.role !== 'back-office') throw new HttpError(403, 'forbidden', 'back-office role required');
  };
  const csvBody = (req: FastifyRequest): string => {
    if (typeof req.body !== 'string') throw new HttpError(415, 'unsupported-media-type', 'send the CSV as text/csv');
    return req.body;
  };
  const afterWrite = () => void services.outbox.flush();

  app.get('/admin/pending', { preHandler: backOffice }, async () => listPending(services.db));
  app.post('/admin/organisations/:id/validate', { preHandler: backOffice }, async (req) => {
    const r = await validateOrganisation(services, req.user!.email, (req.params as { id: string }).id);
    afterWrite();
    return r;
  });
  app.post('/admin/organisations/:id/reject', { preHandler: backOffice }, async (req) => {
    const reason = (req.body as { reason?: unknown } | null)?.reason;
    const r = await rejectOrganisation(services, req.user!.email, (req.params as { id: string }).id, typeof reason === 'string' ? reason : '');
    afterWrite();
    return r;
  });
  app.post('/admin/invoices/:number/mark-paid', { preHandler: backOffice }, async (req) => markInvoicePaid(services, req.user!.email, (req.params as { number: string }).number));
  app.post('/admin/catalog/import', { preHandler: backOffice }, async (req) => importCatalog(services, req.user!.email, csvBody(req)));
  app.post('/admin/legacy/import', { preHandler: backOffice }, async (req) => importLegacy(services, req.user!.email, csvBody(req)));
  app.get('/admin/audit', { preHandler: backOffice }, async (req) => {
    const limit = Number((req.query as { limit?: string }).limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new HttpError(400, 'bad-request', 'limit must be 1..10000');
    return auditLog(services.db, limit);
  });
  app.post('/organisations/:id/migrate-legacy', { preHandler: authenticate }, async (req) => {
    const body = req.body as { dryRun?: unknown } | null | undefined;
    if (body && body.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw new HttpError(400, 'bad-request', 'dryRun must be a boolean');
    return migrateLegacy(services, req.user!, (req.params as { id: string }).id, body?.dryRun === true);
  });
}
