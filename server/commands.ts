/**
 * The back-office commands, in ONE table: the HTTP admin routes (server/routes-admin.ts) and the
 * CLI (`npm run server -- <command>`, server/cli.ts) are both generated from it, so a command
 * exists on both or on neither, with the same validation and the same result.
 *
 * A command has a CLI name, an HTTP route (method + path with `:params`), a way to turn CLI
 * arguments into the request that route receives ({@link BackOfficeCommand.fromCli}), and `run`,
 * which reads that request (`params`, `query`, `body`, as Fastify hands them over) and acts. The
 * CLI either sends the request to a running server (filling the path, query and body) or calls
 * `run` itself with the same request — one parsing path for both.
 */
import { HttpError } from './errors';
import { csvBody, parseJsonBody } from './http';
import { publishTerms } from './terms';
import type { User } from './auth';
import type { ServerServices } from './authority/index';
import type { ViesOptions } from './vies';
import { listPending, validateOrganisation, rejectOrganisation, requestEvidenceDocument, markInvoicePaid, importCatalog, importLegacy, auditLog, type DecisionReason, type DecisionSeen } from './backoffice';
import { checkOrganisationVat, reviewOrganisation } from './desk';
import { withdrawRegistration } from './registrationWithdrawal';
import { evidenceKinds } from '../shared/schemas/evidenceDocuments';
import { bankCommands } from './payments/bank/commands';
import { cardCommands } from './payments/commands';
import type { CardPayments } from './payments/index';

/** A command's request, shaped like Fastify's: path parameters, query string, parsed body. */
export interface CommandRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** Content type of `body` when the CLI sends it to a server (default `application/json`). */
  contentType?: string;
}

/**
 * What a command runs with: the services, the acting back-office user (audited by e-mail), the VIES
 * options, and the card payments (the server's own; a CLI run builds them only for a command with
 * {@link BackOfficeCommand.needsCardPayments}).
 */
export interface CommandContext {
  services: ServerServices;
  user: User;
  vies: ViesOptions;
  payments?: CardPayments | undefined;
}

/** The CLI's arguments of one command. */
export interface CliArgs {
  /** Positional argument `n` (0-based), or a usage error (exit 2) naming `what`. */
  need(n: number, what: string): string;
  /** Positional argument `n`, or undefined. */
  optional(n: number): string | undefined;
  /** The value after `--name`, or undefined. */
  flag(name: string): string | undefined;
  /** Reads a file given on the command line (UTF-8). */
  readFile(path: string): string;
  /** Stops with a usage error (exit 2) saying `message`. */
  usage(message: string): never;
}

/** One back-office command (see module doc). */
export interface BackOfficeCommand {
  /** CLI name, e.g. `reject-organisation`. */
  name: string;
  /** CLI arguments as shown in the usage text, e.g. `<id> --reason "<text>"`. */
  args: string;
  method: 'GET' | 'POST';
  /** Fastify path, e.g. `/admin/organisations/:id/reject`. */
  path: string;
  /** The request the CLI makes from its arguments. */
  fromCli(a: CliArgs): CommandRequest;
  /** Acts on `req`. @throws HttpError for a refused request (the CLI exits 1 with its message). */
  run(ctx: CommandContext, req: CommandRequest): Promise<unknown>;
  /** Whether the command may queue e-mails (the outbox is flushed after it). */
  sendsMail?: boolean;
  /** Whether it talks to the payment provider (the CLI's way there: server/payments/commands.ts). */
  needsCardPayments?: boolean;
}

/** Reads `seen` of a decision body. @throws HttpError 400 when malformed. */
export function seenOf(body: unknown): DecisionSeen {
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
export function reasonOf(body: unknown): DecisionReason {
  const b = (body ?? {}) as { reason?: unknown; reasonCode?: unknown };
  if (b.reason !== undefined && typeof b.reason !== 'string') throw new HttpError(400, 'bad-request', 'reason must be a string');
  if (b.reasonCode !== undefined && b.reasonCode !== null && typeof b.reasonCode !== 'string') throw new HttpError(400, 'bad-request', 'reasonCode must be a string');
  return { text: (b.reason as string | undefined) ?? '', code: (b.reasonCode as DecisionReason['code']) ?? null };
}

/** A request with only path parameters. */
const withParams = (params: Record<string, string>, body: unknown = undefined): CommandRequest => ({ params, query: {}, body });

/** The table. Order = order in the CLI's usage text. */
export const backOfficeCommands: readonly BackOfficeCommand[] = [
  {
    name: 'list-pending',
    args: '[--country NL] [--kind vat-certificate]',
    method: 'GET',
    path: '/admin/pending',
    fromCli: (a) => ({ params: {}, query: { ...(a.flag('country') ? { country: a.flag('country') } : {}), ...(a.flag('kind') ? { kind: a.flag('kind') } : {}) }, body: undefined }),
    run: async ({ services }, req) => {
      const q = req.query as { country?: unknown; kind?: unknown };
      const country = typeof q.country === 'string' && q.country ? q.country : undefined;
      const kind = typeof q.kind === 'string' && q.kind ? q.kind : undefined;
      if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) throw new HttpError(400, 'bad-request', 'country must be an ISO 3166 alpha-2 code');
      if (kind !== undefined && !(evidenceKinds as readonly string[]).includes(kind)) throw new HttpError(400, 'bad-request', `kind must be one of ${evidenceKinds.join(', ')}`);
      return listPending(services.db, services.today(), { country, kind });
    },
  },
  {
    name: 'review-organisation',
    args: '<id>',
    method: 'GET',
    path: '/admin/organisations/:id/review',
    fromCli: (a) => withParams({ id: a.need(0, '<organisation id>') }),
    run: ({ services, user }, req) => reviewOrganisation(services, user, req.params.id!),
  },
  {
    name: 'check-vat',
    args: '<id>',
    method: 'POST',
    path: '/admin/organisations/:id/vies-check',
    fromCli: (a) => withParams({ id: a.need(0, '<organisation id>') }, {}),
    run: ({ services, user, vies }, req) => checkOrganisationVat(services, vies, user.email, req.params.id!),
  },
  {
    name: 'validate-organisation',
    args: '<id>',
    method: 'POST',
    path: '/admin/organisations/:id/validate',
    fromCli: (a) => withParams({ id: a.need(0, '<organisation id>') }, {}),
    run: ({ services, user }, req) => validateOrganisation(services, user.email, req.params.id!, seenOf(req.body)),
    sendsMail: true,
  },
  {
    name: 'reject-organisation',
    args: '<id> --reason "<text>"',
    method: 'POST',
    path: '/admin/organisations/:id/reject',
    fromCli: (a) => withParams({ id: a.need(0, '<organisation id>') }, { reason: a.flag('reason') ?? a.usage('reject-organisation: --reason "<text>" is required') }),
    run: ({ services, user }, req) => rejectOrganisation(services, user.email, req.params.id!, reasonOf(req.body), seenOf(req.body)),
    sendsMail: true,
  },
  {
    name: 'request-document',
    args: '<id> --reason "<text>"',
    method: 'POST',
    path: '/admin/organisations/:id/request-document',
    fromCli: (a) => withParams({ id: a.need(0, '<organisation id>') }, { reason: a.flag('reason') ?? a.usage('request-document: --reason "<text>" is required') }),
    run: ({ services, user }, req) => requestEvidenceDocument(services, user.email, req.params.id!, reasonOf(req.body), seenOf(req.body)),
    sendsMail: true,
  },
  {
    name: 'mark-invoice-paid',
    args: '<number>',
    method: 'POST',
    path: '/admin/invoices/:number/mark-paid',
    fromCli: (a) => withParams({ number: a.need(0, '<invoice number>') }, {}),
    run: ({ services, user }, req) => markInvoicePaid(services, user.email, req.params.number!),
  },
  {
    name: 'withdraw-registration',
    args: '<id> --reason "<text>"',
    method: 'POST',
    path: '/admin/registrations/:id/withdraw',
    fromCli: (a) => withParams({ id: a.need(0, '<registration id>') }, { reason: a.flag('reason') ?? a.usage('withdraw-registration: --reason "<text>" is required') }),
    run: ({ services, user }, req) => {
      const reason = (req.body as { reason?: unknown } | null | undefined)?.reason;
      if (typeof reason !== 'string') throw new HttpError(400, 'reason-required', 'withdrawing a registration needs a reason (string)');
      return withdrawRegistration(services, user.email, req.params.id!, reason);
    },
  },
  {
    name: 'import-catalog',
    args: '<file.csv>',
    method: 'POST',
    path: '/admin/catalog/import',
    fromCli: (a) => ({ params: {}, query: {}, body: a.readFile(a.need(0, '<file.csv>')), contentType: 'text/csv' }),
    run: ({ services, user }, req) => importCatalog(services, user.email, csvBody(req.body)),
  },
  {
    name: 'import-legacy',
    args: '<file.csv>',
    method: 'POST',
    path: '/admin/legacy/import',
    fromCli: (a) => ({ params: {}, query: {}, body: a.readFile(a.need(0, '<file.csv>')), contentType: 'text/csv' }),
    run: ({ services, user }, req) => importLegacy(services, user.email, csvBody(req.body)),
  },
  {
    // Terms and conditions (server/terms.ts): one version or an array, each {id, version, effectiveOn, texts: {nl, en}}.
    name: 'publish-terms',
    args: '<terms.json>',
    method: 'POST',
    path: '/admin/terms',
    fromCli: (a) => ({ params: {}, query: {}, body: parseJsonBody(a.readFile(a.need(0, '<terms.json>'))) }),
    run: ({ services, user }, req) => publishTerms(services.db, user.email, Array.isArray(req.body) ? req.body : [req.body]),
  },
  {
    name: 'audit',
    args: '[limit]',
    method: 'GET',
    path: '/admin/audit',
    // The CLI shows the last 50 entries by default, the HTTP route 100.
    fromCli: (a) => ({ params: {}, query: { limit: a.optional(0) ?? '50' }, body: undefined }),
    run: async ({ services }, req) => {
      const limit = Number((req.query as { limit?: string }).limit ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new HttpError(400, 'bad-request', 'limit must be 1..10000');
      return auditLog(services.db, limit);
    },
  },
  ...bankCommands,
  ...cardCommands,
];

/** `path` with its `:params` filled from `params` (URI-encoded) and `query` appended. */
export function commandUrl(path: string, req: CommandRequest): string {
  const filled = path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(req.params[name] ?? ''));
  const q = new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return q ? `${filled}?${q}` : filled;
}
