/**
 * The signed-in session and the running sync, provided once at the app root.
 *
 * - The app works on the local replica of one (program server, user) account
 *   (renderer/accounts): the user and the account come from the `ReplicaGate`; the bearer token is
 *   in the platform secret store under the account (`tokenSecretName(key)`).
 * - Sign-in posts `{email, password}` to `<serverUrl>/auth/login` (renderer/actions/auth.ts).
 *   The same user again (session expired) resumes sync; anyone else gets their own replica: the
 *   gate closes this one and opens theirs.
 * - Sync (renderer/sync `startSync`) runs once a token exists and the configured server is the
 *   account's server; it stops on sign-out. Screens read `status` and call `retryNow()`.
 * - When the server refuses the token, `needsSignIn` turns true; local writes keep queueing.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RxDatabase } from 'rxdb';
import { tokenSecretName } from '../../shared/platform/api';
import { accountKey, serverOrigin } from '../accounts/accounts';
import { login, logout, SignInError } from '../actions/auth';
import { serverFetch, serverRequest } from '../actions/server';
import { useReplica, type SessionUser } from '../accounts/replica';
import { startSync, type SyncController } from '../sync/replication';
import type { SyncStatus } from '../sync/status';
import { useApp } from './context';

export { SignInError };
export type { SessionUser };

/** What screens read from the session. */
export interface SessionValue {
  user: SessionUser | null;
  /** The running sync, null when signed out or not started yet. */
  sync: SyncController | null;
  /** Latest sync status, null without sync. */
  status: SyncStatus | null;
  /** True when the server refused the stored token, or the configured server is not the account's (sign in again). */
  needsSignIn: boolean;
  /** Where the token lives: `secure` (OS keychain / encrypted), `memory` (insecure backend: not kept across restarts). */
  tokenStorage: 'secure' | 'memory' | null;
  /**
   * Signs in against the configured server. Another user than the signed-in one gets their own replica.
   * @throws SignInError with `reason` `credentials` (401/403), `network` (server unreachable) or `server`.
   */
  signIn(email: string, password: string): Promise<SessionUser>;
  /**
   * Stops sync, tells the server, forgets the token and closes this user's replica. With
   * `removeData`, also deletes the replica and the user's settings from this computer.
   */
  signOut(options?: { removeData?: boolean }): Promise<void>;
  /**
   * A JSON request to the program server with the session's token (for the few online-only
   * actions, e.g. the migration dry-run). Returns the parsed body.
   * @throws SignInError `network` when unreachable, `credentials` on 401/403, `server` with the server's message otherwise.
   */
  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /**
   * A request to the program server with the session's bearer token, answered as is (any status),
   * for callers that read bytes or error codes themselves (renderer/actions/desk.ts).
   * @throws SignInError `network` when the server is unreachable.
   */
  authorisedFetch(path: string, init?: RequestInit): Promise<Response>;
}

function sameOrigin(account: { serverOrigin: string }, serverUrl: string): boolean {
  try {
    return serverOrigin(serverUrl) === account.serverOrigin;
  } catch {
    return false;
  }
}

const SessionContext = createContext<SessionValue | null>(null);

/** Provides the session and runs sync for the tree below. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { db, platform, settings } = useApp();
  const replica = useReplica();
  const account = replica?.account ?? null;
  const user = replica?.user ?? null;
  const tokenName = account ? tokenSecretName(account.key) : null;
  const [sync, setSync] = useState<SyncController | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [needsSignIn, setNeedsSignIn] = useState(false);
  const [tokenStorage, setTokenStorage] = useState<'secure' | 'memory' | null>(null);
  const memoryToken = useRef<string | null>(replica?.memoryToken ?? null);
  const [generation, setGeneration] = useState(0);

  const getToken = useCallback(async () => memoryToken.current ?? (tokenName ? await platform.secrets.read(tokenName) : null), [platform, tokenName]);

  useEffect(() => {
    if (!user || !account || !settings.serverUrl) return;
    if (!sameOrigin(account, settings.serverUrl)) {
      // this replica belongs to another server: never sync it there
      setNeedsSignIn(true);
      return;
    }
    let controller: SyncController | null = null;
    let cancelled = false;
    let sub: { unsubscribe(): void } | null = null;
    void (async () => {
      const token = await getToken();
      if (cancelled || !token) {
        if (!token && !cancelled) setNeedsSignIn(true);
        return;
      }
      setNeedsSignIn(false);
      setTokenStorage(memoryToken.current ? 'memory' : 'secure');
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
  }, [db, account?.key, settings.serverUrl, generation, getToken]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const res = await login(settings.serverUrl, email, password);
      const key = await accountKey(settings.serverUrl, res.user.id);
      if (account && tokenName && key === account.key) {
        const stored = await platform.secrets.store(tokenName, res.token);
        memoryToken.current = stored.stored ? null : res.token;
        setTokenStorage(stored.stored ? 'secure' : 'memory');
        setNeedsSignIn(false);
        if (sync) sync.signedIn();
        else setGeneration((g) => g + 1);
        return res.user;
      }
      if (!replica) throw new SignInError('server', 'signing in is not available here');
      // someone else: their own replica (this one's sync stops before it closes)
      if (sync) await sync.stop();
      await replica.startSession(settings.serverUrl, res);
      return res.user;
    },
    [platform, settings.serverUrl, account, tokenName, sync, replica],
  );

  const signOut = useCallback(
    async (options: { removeData?: boolean } = {}) => {
      const token = await getToken();
      if (sync) await sync.stop();
      if (token && settings.serverUrl) await logout(settings.serverUrl, token);
      if (tokenName) await platform.secrets.remove(tokenName);
      memoryToken.current = null;
      setTokenStorage(null);
      setNeedsSignIn(false);
      await replica?.endSession({ removeData: options.removeData === true });
    },
    [getToken, sync, settings.serverUrl, platform, tokenName, replica],
  );

  const request = useCallback(
    <T,>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => serverRequest<T>({ serverUrl: settings.serverUrl, getToken }, method, path, body),
    [getToken, settings.serverUrl],
  );

  const authorisedFetch = useCallback(
    (path: string, init: RequestInit = {}): Promise<Response> => serverFetch({ serverUrl: settings.serverUrl, getToken }, path, init),
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
