/**
 * Sign-in against the program server: `POST <serverUrl>/auth/login` with `{email, password}`
 * (shared/sync/protocol.ts `LoginRequest`/`LoginResponse`). The password is sent once and never
 * stored.
 */
import type { LoginResponse } from '../../shared/sync/protocol';

/**
 * Why a sign-in or an online request failed. `message` is the detail for the log (the server's or
 * the browser's English text, never shown to users); `code` is the server's error code
 * (shared/sync/protocol.ts `ErrorBody.code`) when it answered with one, which screens word from
 * the catalogs (renderer/app/failures.ts).
 */
export class SignInError extends Error {
  constructor(
    readonly reason: 'credentials' | 'network' | 'server',
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/**
 * Signs in and returns the token and the user.
 * @throws SignInError `credentials` (401/403), `network` (server unreachable) or `server` (any other failure, with the server's message).
 */
export async function login(serverUrl: string, email: string, password: string): Promise<LoginResponse> {
  const base = serverUrl.replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  } catch (e) {
    throw new SignInError('network', e instanceof Error ? e.message : String(e));
  }
  const body = (await res.json().catch(() => ({}))) as Partial<LoginResponse> & { message?: string; code?: string };
  const code = typeof body.code === 'string' ? body.code : null;
  if (res.status === 401 || res.status === 403) throw new SignInError('credentials', body.message ?? res.statusText, code);
  if (!res.ok || !body.token || !body.user) throw new SignInError('server', body.message ?? `HTTP ${res.status}`, code);
  return body as LoginResponse;
}

/** Tells the server the token is no longer used (best effort: offline, the token simply expires). */
export async function logout(serverUrl: string, token: string): Promise<void> {
  await fetch(`${serverUrl.replace(/\/+$/, '')}/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
}
