/**
 * The back-office commands of bank-transfer reconciliation, entries of the command table
 * (server/commands.ts), which makes each both an `/admin` route and a CLI command:
 * - `import-bank-statement <file.xml>` — `POST /admin/bank/statements`, body the camt.053 XML
 *   (`application/xml` or `text/xml`, at most {@link STATEMENT_MAX_BYTES}) → StatementImport
 * - `bank-review` — `GET /admin/bank/review` → BankCredit[] waiting for a person
 * - `resolve-bank-credit <id> --action mark-paid|dismiss [--invoice <number>] [--note "<text>"]` —
 *   `POST /admin/bank/credits/:id/resolve` {action, invoiceNumber?, note?} → BankCredit
 * Wire types: shared/sync/bank.ts.
 */
import { HttpError } from '../../errors';
import type { BackOfficeCommand } from '../../commands';
import type { ResolveBankCredit } from '../../../shared/sync/bank';
import { importBankStatement, listBankReview, resolveBankCredit } from './reconcile';

/** The body of an `application/xml` request. @throws HttpError 415 `unsupported-media-type` when it was sent as anything else. */
export function xmlBody(body: unknown): string {
  if (typeof body !== 'string') throw new HttpError(415, 'unsupported-media-type', 'send the camt.053 statement as application/xml');
  return body;
}

/** Reads a resolve request's body. @throws HttpError 400 `bad-request` for fields of the wrong type. */
function resolveBody(body: unknown): ResolveBankCredit {
  const b = (body ?? {}) as Record<string, unknown>;
  for (const k of ['action', 'invoiceNumber', 'note'] as const)
    if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string') throw new HttpError(400, 'bad-request', `${k} must be a string`);
  const out: ResolveBankCredit = { action: b.action as ResolveBankCredit['action'] };
  if (typeof b.invoiceNumber === 'string' && b.invoiceNumber.trim()) out.invoiceNumber = b.invoiceNumber;
  if (typeof b.note === 'string') out.note = b.note;
  return out;
}

export const bankCommands: readonly BackOfficeCommand[] = [
  {
    name: 'import-bank-statement',
    args: '<camt053.xml>',
    method: 'POST',
    path: '/admin/bank/statements',
    fromCli: (a) => ({ params: {}, query: {}, body: a.readFile(a.need(0, '<camt053.xml>')), contentType: 'application/xml' }),
    run: ({ services, user }, req) => importBankStatement(services, user.email, xmlBody(req.body)),
  },
  {
    name: 'bank-review',
    args: '',
    method: 'GET',
    path: '/admin/bank/review',
    fromCli: () => ({ params: {}, query: {}, body: undefined }),
    run: ({ services }) => listBankReview(services.db),
  },
  {
    name: 'resolve-bank-credit',
    args: '<id> --action mark-paid|dismiss [--invoice <number>] [--note "<text>"]',
    method: 'POST',
    path: '/admin/bank/credits/:id/resolve',
    fromCli: (a) => ({
      params: { id: a.need(0, '<bank credit id>') },
      query: {},
      body: { action: a.flag('action') ?? a.usage('resolve-bank-credit: --action mark-paid|dismiss is required'), invoiceNumber: a.flag('invoice'), note: a.flag('note') },
    }),
    run: ({ services, user }, req) => resolveBankCredit(services, user.email, req.params.id!, resolveBody(req.body)),
  },
];
