/**
 * Program routes for every signed-in user (and the health check):
 * - `GET  /health` → `{ status: 'ok', engine }` (no token)
 * - `GET  /program` → `{ supplier }` (the invoice supplier block)
 * - `GET  /program/terms?language=nl|en` → the terms and conditions in force today in that
 *   language (default `en`): `{ version, effectiveOn, language, title, sections }` (server/terms.ts);
 *   404 `no-terms` when no version is in force, 400 `bad-request` for another language
 * - `POST /organisations/:id/migrate-legacy` {dryRun?: boolean} — any user whose scope holds the
 *   organisation (server/legacy.ts)
 * - `POST /vat-check` {vatNumber, country?} → `VatCheck` (shared/sync/desk.ts): the VIES result for
 *   a VAT number typed or read in the new-account form — users who may open business accounts
 *   (dealer, back office; a studio manager 403 `forbidden`), VAT_CHECK_RATE_LIMIT per minute per
 *   user (429 `rate-limited`), verdicts cached per VAT number (server/vatCheck.ts). A number that
 *   fails its checksum is 400 `invalid-vat-number` {error}; one VIES does not know (GB, CH, NO,
 *   OSS) 400 `not-in-vies`; VIES unavailable or too slow is `result: 'unknown'`, never `invalid`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError, type RouteContext } from './http';
import { migrateLegacy } from './legacy';
import { termsInForce } from './terms';
import { VatChecks } from './vatCheck';
import { validateVatNumber } from '../shared/identifiers/vat';
import { isViesVatNumber } from '../shared/identifiers/euMemberStates';
import { mayCreateOrganisation } from '../shared/program/roles';

/** Registers the health check, the program data, the legacy migration and the VAT number check. */
export function registerProgramRoutes(app: FastifyInstance, { services, config, authenticate, vies }: RouteContext): void {
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
  const vatChecks = new VatChecks(vies, { ttlMs: config.vatCheckCacheMs });
  app.post(
    '/vat-check',
    {
      preHandler: authenticate,
      // Runs after `authenticate` (appended to the route's preHandlers), so the key is the user.
      config: { rateLimit: { max: config.vatCheckRateLimit || 1_000_000, timeWindow: 60_000, hook: 'preHandler', keyGenerator: (req: FastifyRequest) => `vat-check|${req.user?.id ?? req.ip}` } },
    },
    async (req) => {
      if (!mayCreateOrganisation(req.user!.role)) throw new HttpError(403, 'forbidden', 'only users who open business accounts may check VAT numbers');
      const b = req.body as { vatNumber?: unknown; country?: unknown } | null | undefined;
      if (!b || typeof b.vatNumber !== 'string' || b.vatNumber.length > 40 || (b.country !== undefined && (typeof b.country !== 'string' || b.country.length > 2)))
        throw new HttpError(400, 'bad-request', 'body must be {vatNumber: string, country?: ISO 3166 alpha-2}');
      const vat = validateVatNumber(b.vatNumber, b.country as string | undefined);
      if (!vat.valid) throw new HttpError(400, 'invalid-vat-number', `${vat.normalised || 'the VAT number'} is not a valid VAT number (${vat.error})`, { error: vat.error ?? 'format' });
      if (!isViesVatNumber(vat.normalised)) throw new HttpError(400, 'not-in-vies', `VIES does not check ${vat.normalised.slice(0, 2)} VAT numbers`);
      return vatChecks.check(vat.normalised);
    },
  );
}
