/**
 * The signed-in session and the running sync, provided once at the app root.
 *
 * - Sign-in posts `{email, password}` to `<serverUrl>/auth/login` (shared/sync/protocol.ts
 *   `LoginRequest`/`LoginResponse`); the bearer token goes to the platform secret store
 *   (`platform.secrets`, name `sync-token`), the user (no secret: id, name, role, dealerId) to
 *   localStorage so the app knows who works at the counter while offline.
 * - Sync (renderer/sync `startSync`) starts once a token and a server URL exist, restarts when the
 *   server URL changes, and stops on sign-out. Screens read `status` and call `retryNow()`.
 * - When the server refuses the token, `needsSignIn` turns true; local writes keep queueing.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RxDatabase } from 'rxdb';
import type { LoginResponse } from '../../shared/sync/protocol';
import { startSync, type SyncController } from '../sync/replication';
import type { SyncStatus } from '../sync/status';
import { useApp } from './context';

/** The signed-in user as the server described it at sign-in. */
export type SessionUser = LoginResponse['user'];

/** What screens read from the session. */
export interface SessionValue {
  user: SessionUser | null;
  /** The running sync, null when signed out or not started yet. */
  sync: SyncController | null;
  /** Latest sync status, null without sync. */
  status: SyncStatus | null;
  /** True when the server refused the stored token (sign in again). */
  needsSignIn: boolean;
  /** Where the token lives: `secure` (OS keychain / encrypted), `memory` (insecure backend: not kept across restarts). */
  tokenStorage: 'secure' | 'memory' | null;
  /**
   * Signs in against the configured server.
   * @throws SignInError with `reason` `credentials` (401/403), `network` (server unreachable) or `server`.
   */
  signIn(email: string, password: string): Promise<SessionUser>;
  /** Stops sync, tells the server, forgets the token and the user (local data stays). */
  signOut(): Promise<void>;
  /**
   * A JSON request to the program server with the session's token (for the few online-only
   * actions, e.g. the migration dry-run). Returns the parsed body.
   * @throws SignInError `network` when unreachable, `credentials` on 401/403, `server` with the server's message otherwise.
   */
  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /**
   * A request to the program server with the session's bearer token, answered as is (any status),
   * for callers that read bytes or error codes themselves (renderer/sync/deskClient.ts).
   * @throws SignInError `network` when the server is unreachable.
   */
  authorisedFetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Why a sign-in failed. */
export class SignInError extends Error {
  constructor(
    readonly reason: 'credentials' | 'network' | 'server',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

const tokenName = 'sync-token';

const userKey = 'cps-desk.user';

function readStoredUser(): SessionUser | null {
  try {
    const raw = localStorage.getItem(userKey);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionValue | null>(null);

/** Provides the session and runs sync for the tree below. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { db, platform, settings, updateSettings } = useApp();
  const [user, setUser] = useState<SessionUser | null>(readStoredUser);
  const [sync, setSync] = useState<SyncController | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [needsSignIn, setNeedsSignIn] = useState(false);
  const [tokenStorage, setTokenStorage] = useState<'secure' | 'memory' | null>(null);
  const memoryToken = useRef<string | null>(null);
  const [generation, setGeneration] = useState(0);

  const getToken = useCallback(async () => memoryToken.current ?? (await platform.secrets.read(tokenName)), [platform]);

  useEffect(() => {
    if (!user || !settings.serverUrl) return;
    let controller: SyncController | null = null;
    let cancelled = false;
    let sub: { unsubscribe(): void } | null = null;
    void (async () => {
      const token = await getToken();
      if (cancelled || !token) {
        if (!token && !cancelled) setNeedsSignIn(true);
        return;
      }
      if (!tokenStorage) setTokenStorage(memoryToken.current ? 'memory' : 'secure');
      controller = startSync({ db: db as unknown as RxDatabase, serverUrl: settings.serverUrl, getToken, onUnauthorized: () => setNeedsSignIn(true) });
      sub = controller.status$.subscribe(setStatus);
      setSync(controller);
    })();
    return () => {
      cancelled = true;
      sub?.unsubscribe();
      if (controller) void controller.stop();
      setSync(null);
      setStatus(null);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, user?.id, settings.serverUrl, generation, getToken]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const base = settings.serverUrl.replace(/\/+$/, '');
      let res: Response;
      try {
        res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      } catch (e) {
        throw new SignInError('network', e instanceof Error ? e.message : String(e));
      }
      const body = (await res.json().catch(() => ({}))) as Partial<LoginResponse> & { message?: string };
      if (res.status === 401 || res.status === 403) throw new SignInError('credentials', body.message ?? res.statusText);
      if (!res.ok || !body.token || !body.user) throw new SignInError('server', body.message ?? `HTTP ${res.status}`);
      const stored = await platform.secrets.store(tokenName, body.token);
      memoryToken.current = stored.stored ? null : body.token;
      setTokenStorage(stored.stored ? 'secure' : 'memory');
      localStorage.setItem(userKey, JSON.stringify(body.user));
      const patch: Parameters<typeof updateSettings>[0] = { userEmail: body.user.email };
      if (!settings.dealerName && body.user.role === 'dealer') patch.dealerName = body.user.name;
      await updateSettings(patch);
      setNeedsSignIn(false);
      const sameUser = user?.id === body.user.id;
      setUser(body.user);
      if (sameUser) {
        if (sync) sync.signedIn();
        else setGeneration((g) => g + 1);
      }
      return body.user;
    },
    [platform, settings.serverUrl, settings.dealerName, updateSettings, user, sync],
  );

  const signOut = useCallback(async () => {
    const token = await getToken();
    if (sync) await sync.stop();
    if (token && settings.serverUrl) {
      await fetch(`${settings.serverUrl.replace(/\/+$/, '')}/auth/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
    }
    await platform.secrets.remove(tokenName);
    memoryToken.current = null;
    localStorage.removeItem(userKey);
    setTokenStorage(null);
    setUser(null);
    setNeedsSignIn(false);
  }, [getToken, sync, settings.serverUrl, platform]);

  const request = useCallback(
    async <T,>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
      const token = await getToken();
      let res: Response;
      try {
        res = await fetch(`${settings.serverUrl.replace(/\/+$/, '')}${path}`, {
          method,
          headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
      } catch (e) {
        throw new SignInError('network', e instanceof Error ? e.message : String(e));
      }
      const parsed = (await res.json().catch(() => ({}))) as T & { message?: string };
      if (res.status === 401 || res.status === 403) throw new SignInError('credentials', parsed.message ?? res.statusText);
      if (!res.ok) throw new SignInError('server', parsed.message ?? `HTTP ${res.status}`);
      return parsed;
    },
    [getToken, settings.serverUrl],
  );

  const authorisedFetch = useCallback(
    async (path: string, init: RequestInit = {}): Promise<Response> => {
      const token = await getToken();
      const headers = new Headers(init.headers);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      try {
        return await fetch(`${settings.serverUrl.replace(/\/+$/, '')}${path}`, { ...init, headers });
      } catch (e) {
        throw new SignInError('network', e instanceof Error ? e.message : String(e));
      }
    },
    [getToken, settings.serverUrl],
  );

  const value = useMemo<SessionValue>(
    () => ({ user, sync, status, needsSignIn, tokenStorage, signIn, signOut, request, authorisedFetch }),
    [user, sync, status, needsSignIn, tokenStorage, signIn, signOut, request, authorisedFetch],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; throws outside `<SessionProvider>`. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside SessionProvider');
  return value;
}
