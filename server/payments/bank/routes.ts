/**
 * HTTP routes of bank-transfer reconciliation (role `back-office`; wire types shared/sync/bank.ts):
 * - `POST /admin/bank/statements`           body: camt.053 XML (`application/xml` or `text/xml`,
 *   at most {@link STATEMENT_MAX_BYTES}) → StatementImport
 * - `GET  /admin/bank/review`               → BankCredit[] waiting for a person
 * - `POST /admin/bank/credits/:id/resolve`  {action: 'mark-paid' | 'dismiss', invoiceNumber?, note?} → BankCredit
 * The XML body parser is registered in this plugin's own scope, so its larger body limit applies
 * to statements only.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../../errors';
import type { ServerServices } from '../../authority/index';
import type { ResolveBankCredit } from '../../../shared/sync/bank';
import { STATEMENT_MAX_BYTES } from './camt053';
import { importBankStatement, listBankReview, resolveBankCredit } from './reconcile';

/** Registers the routes; `authenticate` is the bearer-token preHandler. */
export function registerBankRoutes(app: FastifyInstance, services: ServerServices, authenticate: (req: FastifyRequest) => Promise<void>): void {
  const backOffice = async (req: FastifyRequest): Promise<void> => {
    await authenticate(req);
    if (req.user!.role !== 'back-office') throw new HttpError(403, 'forbidden', 'back-office role required');
  };
  void app.register(async (scope) => {
    scope.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: STATEMENT_MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.post('/admin/bank/statements', { preHandler: backOffice, bodyLimit: STATEMENT_MAX_BYTES }, async (req) => {
      if (typeof req.body !== 'string') throw new HttpError(415, 'unsupported-media-type', 'send the camt.053 statement as application/xml');
      const result = await importBankStatement(services, req.user!.email, req.body);
      return result;
    });
  });
  app.get('/admin/bank/review', { preHandler: backOffice }, async () => listBankReview(services.db));
  app.post('/admin/bank/credits/:id/resolve', { preHandler: backOffice }, async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    for (const k of ['invoiceNumber', 'note'] as const)
      if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string') throw new HttpError(400, 'bad-request', `${k} must be a string`);
    const body: ResolveBankCredit = { action: b.action as ResolveBankCredit['action'] };
    if (typeof b.invoiceNumber === 'string' && b.invoiceNumber.trim()) body.invoiceNumber = b.invoiceNumber;
    if (typeof b.note === 'string') body.note = b.note;
    return resolveBankCredit(services, req.user!.email, (req.params as { id: string }).id, body);
  });
}
