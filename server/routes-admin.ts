/**
 * HTTP routes of the back office (role `back-office`), generated from the command table
 * (server/commands.ts) — the CLI is generated from the same table:
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
 * - bank statements: `POST /admin/bank/statements`, `GET /admin/bank/review`,
 *   `POST /admin/bank/credits/:id/resolve` (server/payments/bank/commands.ts)
 * - `POST /admin/payments/charge-due {asOf?}` the card due-date charge job (server/payments/commands.ts)
 */
import type { FastifyInstance } from 'fastify';
import { requireRole, type RouteContext } from './http';
import { backOfficeCommands, type CommandRequest } from './commands';

/** Registers one route per back-office command (role `back-office`). */
export function registerAdminRoutes(app: FastifyInstance, { services, authenticate, vies, payments }: RouteContext): void {
  const backOffice = requireRole(authenticate, 'back-office');
  for (const command of backOfficeCommands) {
    app.route({
      method: command.method,
      url: command.path,
      preHandler: backOffice,
      handler: async (req) => {
        const request: CommandRequest = { params: (req.params ?? {}) as Record<string, string>, query: (req.query ?? {}) as Record<string, unknown>, body: req.body };
        const result = await command.run({ services, user: req.user!, vies, payments }, request);
        if (command.sendsMail) void services.outbox.flush();
        return result;
      },
    });
  }
}
