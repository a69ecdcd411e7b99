/**
 * The new-account form's VAT number check: asks the program server (`POST /vat-check`), which asks
 * VIES, the EU VAT Information Exchange System (server/vies.ts) — the app never calls VIES itself.
 * The answer is `valid` (with the registered name and address where the member state discloses
 * them), `invalid`, or `unknown` when the service could not answer (shared/sync/desk.ts `VatCheck`).
 */
import type { VatCheck } from '../../shared/sync/desk';
import { DeskRequestError, type AuthorisedFetch } from './desk';

/**
 * The VIES result for `vatNumber` (as typed or read; `country` for a number without its prefix).
 * @throws DeskRequestError — 400 `invalid-vat-number` / `not-in-vies`, 403 for a studio manager,
 *   429 `rate-limited`; SignInError `network` when the server cannot be reached.
 */
export async function checkVatNumber(fetcher: AuthorisedFetch, vatNumber: string, country: string): Promise<VatCheck> {
  const res = await fetcher('/vat-check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(country ? { vatNumber, country } : { vatNumber }) });
  const body = (await res.json().catch(() => ({}))) as VatCheck & { code?: string; message?: string };
  if (!res.ok) throw new DeskRequestError(res.status, body.code ?? 'http', body.message ?? `HTTP ${res.status}`);
  return body;
}
