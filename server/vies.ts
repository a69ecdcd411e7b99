/**
 * VAT number check against VIES, the European Commission's VAT Information Exchange System, over
 * its REST API: `POST <url>` (default
 * `https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number`) with
 * `{ countryCode, vatNumber, requesterMemberStateCode?, requesterNumber? }`, answered with
 * `{ countryCode, vatNumber, requestDate, valid, requestIdentifier, name, address, userError }`.
 * `userError` is `VALID` / `INVALID` on an answer, or why there is none (`MS_UNAVAILABLE`,
 * `SERVICE_UNAVAILABLE`, `TIMEOUT`, `MS_MAX_CONCURRENT_REQ`, `GLOBAL_MAX_CONCURRENT_REQ`,
 * `INVALID_INPUT`, …). Member states that do not disclose name or address answer `---`.
 * The consultation number (`requestIdentifier`) is only issued when the requester's own VAT
 * number is given (`VIES_REQUESTER`).
 *
 * The result is `valid`, `invalid` or `unknown`: an unreachable service, a timeout, an error
 * answer or anything unparseable is `unknown`, never `invalid`.
 */
import type { VatCheck } from '../shared/sync/desk';

/** Where and how to ask VIES. */
export interface ViesOptions {
  /** The `check-vat-number` URL; empty string: VIES checks are off (every check is `unknown`). */
  url: string;
  /** Time allowed for one answer, ms. */
  timeoutMs: number;
  /** The requester's own VAT number (e.g. `NL004495445B01`), for a consultation number; optional. */
  requester?: string | undefined;
}

/** Default `check-vat-number` endpoint of the EU VAT service. */
export const defaultViesUrl = 'https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number';

/** Outcome of one check, as stored on the organisation and shown on the desk (shared/sync/desk.ts). */
export type { VatCheck };

const noData = (s: unknown): string | null => {
  if (typeof s !== 'string') return null;
  const t = s.trim();
  return t === '' || /^-+$/.test(t) ? null : t;
};

/** Splits a VAT number into its VIES country code and number (`NL004495445B01` → `NL`, `004495445B01`). */
export function splitVatNumber(vatNumber: string): { countryCode: string; number: string } {
  const compact = vatNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return { countryCode: compact.slice(0, 2), number: compact.slice(2) };
}

/**
 * Asks VIES about `vatNumber` (with its country prefix). Never throws: every failure is an
 * `unknown` result naming the reason in `error`.
 */
export async function checkVatNumber(opts: ViesOptions, vatNumber: string, now: () => Date = () => new Date()): Promise<VatCheck> {
  const { countryCode, number } = splitVatNumber(vatNumber);
  const base = { vatNumber: countryCode + number, name: null, address: null, consultationNumber: null };
  const unknown = (error: string): VatCheck => ({ ...base, result: 'unknown', checkedAt: now().toISOString(), error });
  if (!opts.url) return unknown('DISABLED');
  if (!/^[A-Z]{2}$/.test(countryCode) || !number) return unknown('INVALID_INPUT');
  const body: Record<string, string> = { countryCode, vatNumber: number };
  if (opts.requester) {
    const r = splitVatNumber(opts.requester);
    body.requesterMemberStateCode = r.countryCode;
    body.requesterNumber = r.number;
  }
  let res: Response;
  try {
    res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const name = (err as Error)?.name;
    return unknown(name === 'TimeoutError' || name === 'AbortError' ? 'TIMEOUT' : 'NETWORK');
  }
  let answer: Record<string, unknown>;
  try {
    answer = (await res.json()) as Record<string, unknown>;
  } catch (err) {
    return unknown((err as Error)?.name === 'TimeoutError' ? 'TIMEOUT' : `HTTP_${res.status}`);
  }
  const userError = typeof answer?.userError === 'string' ? answer.userError : null;
  // An error answer (HTTP 4xx/5xx, or 200 with an error code) is no verdict on the number.
  if (!res.ok || typeof answer?.valid !== 'boolean' || (userError && userError !== 'VALID' && userError !== 'INVALID'))
    return unknown(userError ?? (Array.isArray(answer?.errorWrappers) ? String((answer.errorWrappers as { error?: string }[])[0]?.error ?? `HTTP_${res.status}`) : `HTTP_${res.status}`));
  return {
    ...base,
    result: answer.valid ? 'valid' : 'invalid',
    name: noData(answer.name),
    address: noData(answer.address),
    consultationNumber: noData(answer.requestIdentifier),
    checkedAt: now().toISOString(),
    error: null,
  };
}
