/**
 * HTTP routes of the back office (role `back-office`) and the legacy migration:
 * - `GET  /admin/pending?country=&kind=`           → PendingOrganisation[] (oldest first)
 * - `GET  /admin/organisations/:id/review`         → OrganisationReview (server/desk.ts)
 * - `POST /admin/organisations/:id/vies-check`     → VatCheck (server/vies.ts), stored on the organisation
 * - `POST /admin/organisations/:id/validate`       {seen?}
 * - `POST /admin/organisations/:id/reject`         {reason?, reasonCode?, seen?} (one of the two reasons)
 * - `POST /admin/organisations/:id/request-document` {reason?, reasonCode?, seen?}
 *   `seen` = {organisationUpdatedAt?, evidence?: [{id, sha256}]}: what the clerk looked at; a
 *   decision on an organisation changed or decided since then is a 409 conflict.
 * - `POST /admin/invoices/:number/mark-paid`
 * - `POST /admin/catalog/import`   body text/csv
 * - `POST /admin/legacy/import`    body text/csv
 * - `GET  /admin/audit?limit=`
 * - `POST /organisations/:id/migrate-legacy` {dryRun?: boolean} — any user whose scope holds the organisation
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors';
import type { ServerServices } from './authority/index';
import { listPending, validateOrganisation, rejectOrganisation, requestEvidenceDocument, markInvoicePaid, importCatalog, importLegacy, auditLog, type DecisionReason, type DecisionSeen } from './backoffice';
import { checkOrganisationVat, reviewOrganisation } from './desk';
import type { ViesOptions } from './vies';
import { evidenceKinds } from '../shared/schemas/evidenceDocuments';

/** Reads `seen` of a decision body. @throws HttpError 400 when malformed. */
function seenOf(body: unknown): DecisionSeen {
  const seen = (body as { seen?: unknown } | null)?.seen;
  if (seen === undefined || seen === null) return {};
  const s = seen as { organisationUpdatedAt?: unknown; evidence?: unknown };
  if (typeof s !== 'object' || (s.organisationUpdatedAt !== undefined && typeof s.organisationUpdatedAt !== 'string'))
    throw new HttpError(400, 'bad-request', 'seen must be {organisationUpdatedAt?: string, evidence?: [{id, sha256}]}');
  const evidence = s.evidence === undefined ? undefined : s.evidence;
  if (evidence !== undefined && (!Array.isArray(evidence) || evidence.length > 50 || !evidence.every((e: { id?: unknown; sha256?: unknown }) => typeof e?.id === 'string' && (e.sha256 === null || (typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256))))))
    throw new HttpError(400, 'bad-request', 'seen.evidence must be [{id: string, sha256: 64 hex digits or null}]');
  return { organisationUpdatedAt: s.organisationUpdatedAt as string | undefined, evidence: evidence as DecisionSeen['evidence'] };
}

/** Reads `{reason, reasonCode}` of a decision body (checked by the decision itself). */
function reasonOf(body: unknown): DecisionReason {
  const b = (body ?? {}) as { reason?: unknown; reasonCode?: unknown };
  if (b.reason !== undefined && typeof b.reason !== 'string') throw new HttpError(400, 'bad-request', 'reason must be a string');
  if (b.reasonCode !== undefined && b.reasonCode !== null && typeof b.reasonCode !== 'string') throw new HttpError(400, 'bad-request', 'reasonCode must be a string');
  return { text: (b.reason as string | undefined) ?? '', code: (b.reasonCode as DecisionReason['code']) ?? null };
}
import { migrateLegacy } from './legacy';

/** Registers the routes; `authenticate` is the bearer-token preHandler, `vies` where VAT numbers are checked. */
export function registerAdminRoutes(app: FastifyInstance, services: ServerServices, authenticate: (req: FastifyRequest) => Promise<void>, vies: ViesOptions = { url: '', timeoutMs: 10_000 }): void {
  const backOffice = async (req: FastifyRequest): Promise<void> => {
    await authenticate(req);
    if (req.user!.role !== 'back-office') throw new HttpError(403, 'forbidden', 'back-office role required');
  };
  const csvBody = (req: FastifyRequest): string => {
    if (typeof req.body !== 'string') throw new HttpError(415, 'unsupported-media-type', 'send the CSV as text/csv');
    return req.body;
  };
  const afterWrite = () => void services.outbox.flush();

  app.get('/admin/pending', { preHandler: backOffice }, async (req) => {
    const q = req.query as { country?: unknown; kind?: unknown };
    const country = typeof q.country === 'string' && q.country ? q.country : undefined;
    const kind = typeof q.kind === 'string' && q.kind ? q.kind : undefined;
    if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) throw new HttpError(400, 'bad-request', 'country must be an ISO 3166 alpha-2 code');
    if (kind !== undefined && !(evidenceKinds as readonly string[]).includes(kind)) throw new HttpError(400, 'bad-request', `kind must be one of ${evidenceKinds.join(', ')}`);
    return listPending(services.db, services.today(), { country, kind });
  });
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  app.get('/admin/organisations/:id/review', { preHandler: backOffice }, async (req) => reviewOrganisation(services, req.user!, idOf(req)));
  app.post('/admin/organisations/:id/vies-check', { preHandler: backOffice }, async (req) => checkOrganisationVat(services, vies, req.user!.email, idOf(req)));
  app.post('/admin/organisations/:id/validate', { preHandler: backOffice }, async (req) => {
    const r = await validateOrganisation(services, req.user!.email, idOf(req), seenOf(req.body));
    afterWrite();
    return r;
  });
  app.post('/admin/organisations/:id/reject', { preHandler: backOffice }, async (req) => {
    const r = await rejectOrganisation(services, req.user!.email, idOf(req), reasonOf(req.body), seenOf(req.body));
    afterWrite();
    return r;
  });
  app.post('/admin/organisations/:id/request-document', { preHandler: backOffice }, async (req) => {
    const r = await requestEvidenceDocument(services, req.user!.email, idOf(req), reasonOf(req.body), seenOf(req.body));
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
