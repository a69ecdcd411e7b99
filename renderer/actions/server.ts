/**
 * Requests to the program server with a bearer token: the one place the signed-in app calls
 * `fetch` against the server outside sync (renderer/sync) and sign-in (./auth.ts). The session
 * (renderer/app/session.tsx) binds these to its server URL and token; screens reach them through
 * actions (`useActions()`), never directly.
 */
import { SignInError } from './auth';

/** Where a request goes and with which token (null: none stored). */
export interface ServerTarget {
  /** The program server's base URL (trailing slashes ignored). */
  serverUrl: string;
  /** The session's bearer token, read fresh for every request. */
  getToken(): Promise<string | null>;
}

function urlOf(serverUrl: string, path: string): string {
  return `${serverUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * A JSON request with the session's token. Returns the parsed body.
 * @throws SignInError `network` when unreachable, `credentials` on 401/403, `server` with the server's message otherwise.
 */
export async function serverRequest<T>(target: ServerTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const token = await target.getToken();
  let res: Response;
  try {
    res = await fetch(urlOf(target.serverUrl, path), {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new SignInError('network', e instanceof Error ? e.message : String(e));
  }
  const parsed = (await res.json().catch(() => ({}))) as T & { message?: string; code?: string };
  const code = typeof parsed.code === 'string' ? parsed.code : null;
  if (res.status === 401 || res.status === 403) throw new SignInError('credentials', parsed.message ?? res.statusText, code);
  if (!res.ok) throw new SignInError('server', parsed.message ?? `HTTP ${res.status}`, code);
  return parsed;
}

/**
 * A request with the session's bearer token, answered as is (any status), for callers that read
 * bytes or error codes themselves (./desk.ts).
 * @throws SignInError `network` when the server is unreachable.
 */
export async function serverFetch(target: ServerTarget, path: string, init: RequestInit = {}): Promise<Response> {
  const token = await target.getToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    return await fetch(urlOf(target.serverUrl, path), { ...init, headers });
  } catch (e) {
    throw new SignInError('network', e instanceof Error ? e.message : String(e));
  }
}
