/**
 * Errors of sync requests, classified by what the sync module does about them, each with a human
 * message for the Sync screen.
 */
import type { ErrorBody } from '../../shared/sync/protocol';

/** Why a request failed: decides between "offline", "sign in again" and "retry later". */
export type SyncFailureKind = 'network' | 'unauthorized' | 'server' | 'rejected' | 'aborted';

/** A failed sync request. `message` is written for the user; `detail` keeps the technical cause. */
export class SyncRequestError extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    /** HTTP status, when the server answered. */
    readonly status: number | null = null,
    /** The server's stable error code (`ErrorBody.code`), when it sent one. */
    readonly code: string | null = null,
    readonly detail: string | null = null,
    /** Failed attempts in a row of the request this error ended (1 unless the server keeps failing). */
    readonly attempts: number = 1,
    /** The server's parameters of the refusal (`ErrorBody.params`), when it sent any. */
    readonly params: Readonly<Record<string, string | number>> | null = null,
  ) {
    super(message);
    this.name = 'SyncRequestError';
  }
}

/**
 * The error reported once the program server has failed the same request `attempts` times in a row
 * with a server error (5xx): no longer "retries automatically" but a fault to look into, said so
 * on the Sync screen. Sync keeps retrying; nothing local is lost.
 */
export function persistentServerError(error: SyncRequestError, attempts: number): SyncRequestError {
  const cause = error.status !== null ? ` (HTTP ${error.status}${error.detail ? `: ${error.detail}` : ''})` : '';
  return new SyncRequestError(
    'server',
    `The program server failed ${attempts} times in a row${cause}. Your changes are kept on this computer and sync keeps trying; if this goes on, tell the program's back office.`,
    error.status,
    error.code,
    error.detail,
    attempts,
    error.params,
  );
}

/** Wraps a `fetch` rejection: an abort stays an abort, anything else means the server is unreachable. */
export function networkError(serverUrl: string, cause: unknown): SyncRequestError {
  if (isAbort(cause)) return new SyncRequestError('aborted', 'Sync stopped.');
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new SyncRequestError(
    'network',
    `The program server (${serverUrl}) cannot be reached. Your changes are kept on this computer and will be sent when it answers.`,
    null,
    null,
    detail,
  );
}

/** True for the errors `fetch` and `AbortSignal` throw when a request is aborted. */
export function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AbortError';
}

/**
 * Turns a non-2xx response into a `SyncRequestError` (reads the body as `ErrorBody` when it is JSON).
 * 401 → `unauthorized`; 5xx, 408 and 429 → `server` (transient); other 4xx → `rejected`.
 */
export async function responseError(res: Response, what: string): Promise<SyncRequestError> {
  let body: Partial<ErrorBody> | null;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const code = typeof body?.code === 'string' ? body.code : null;
  const serverMessage = typeof body?.message === 'string' ? body.message : res.statusText;
  if (res.status === 401) {
    return new SyncRequestError('unauthorized', 'Your sign-in has expired. Sign in again to resume syncing; your queued changes are kept.', 401, code, serverMessage);
  }
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    return new SyncRequestError('server', `The program server had a problem with ${what} (HTTP ${res.status}: ${serverMessage}). Sync retries automatically.`, res.status, code, serverMessage);
  }
  return new SyncRequestError('rejected', `The program server refused ${what} (HTTP ${res.status}: ${serverMessage}).`, res.status, code, serverMessage, 1, errorParams(body?.params));
}

/** `ErrorBody.params` when it is an object of strings and numbers (other values are dropped). */
function errorParams(value: unknown): Readonly<Record<string, string | number>> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return Object.keys(out).length ? out : null;
}
