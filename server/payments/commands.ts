/**
 * The back-office command of the card payments, an entry of the command table (server/commands.ts),
 * which makes it both an `/admin` route and a CLI command:
 * - `charge-due-invoices [--as-of YYYY-MM-DD]` — `POST /admin/payments/charge-due {asOf?}` runs the
 *   due-date charge job now (server/payments/cardCharges.ts) → `{paid, retrying, failed}` (invoice
 *   numbers). `asOf` (an ISO 8601 date or date-time) injects the job's clock and is accepted in
 *   demo mode only (`CARD_PROVIDER=demo`): against the real provider the clock is the real one, so
 *   nobody charges an invoice before its due date.
 *
 * How the CLI reaches the provider: the job needs the provider's saved cards. With Stripe they are
 * at Stripe, so a CLI that opens the database itself (no server running on a PGlite data folder, or
 * PostgreSQL) builds the same Stripe provider from the configuration and runs the job directly —
 * safe beside running servers, since every charge is claimed with `FOR UPDATE SKIP LOCKED` and has
 * its idempotency key. In demo mode the cards live in the stand-in that the running server started
 * (server/payments/index.ts), so the command goes through that server (as every command does while
 * a server holds the data folder; with DATABASE_URL the CLI looks for it in `<DATA_DIR>/server.json`)
 * and is refused with exit 1 when none runs.
 */
import { HttpError } from '../errors';
import type { BackOfficeCommand } from '../commands';

/** Reads `asOf` of a charge-due request. @returns the job's clock; @throws HttpError 400 as the module doc says. */
function clockOf(body: unknown, mode: 'stripe' | 'demo'): Date {
  const asOf = (body as { asOf?: unknown } | null | undefined)?.asOf;
  if (asOf === undefined || asOf === null) return new Date();
  if (mode !== 'demo') throw new HttpError(400, 'clock-injection-refused', 'asOf is accepted in demo mode only (CARD_PROVIDER=demo)');
  if (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(asOf) || Number.isNaN(Date.parse(asOf)))
    throw new HttpError(400, 'bad-request', 'asOf must be an ISO 8601 date (YYYY-MM-DD) or date-time');
  return new Date(asOf);
}

export const cardCommands: readonly BackOfficeCommand[] = [
  {
    name: 'charge-due-invoices',
    args: '[--as-of YYYY-MM-DD]',
    method: 'POST',
    path: '/admin/payments/charge-due',
    fromCli: (a) => {
      const asOf = a.flag('as-of');
      if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) a.usage('charge-due-invoices: --as-of takes a date YYYY-MM-DD');
      return { params: {}, query: {}, body: asOf === undefined ? {} : { asOf } };
    },
    run: async ({ payments }, req) => {
      if (!payments) throw new HttpError(503, 'card-payments-unavailable', 'card payments are not set up in this process');
      return payments.runCharges(clockOf(req.body, payments.mode));
    },
    sendsMail: true,
    needsCardPayments: true,
  },
];
