/**
 * What the window chrome and the Sync screen say about the connection, from the session and the
 * sync status:
 * - `no-network`: this computer has no network (`navigator.onLine` is false) — nothing to try;
 * - `server-unreachable`: the network is there but the program server does not answer (the sync
 *   connection is `offline` while the platform is online) — the server or the way to it is down;
 * - otherwise the connection's own state (`connecting`, `online`, `unauthorized`, `stopped`), or
 *   `signed-out`.
 * And when the last successful exchange with the server was, so "offline since when" is visible.
 */
import type { SyncStatus } from '../sync/status';

/** The state shown (`syncState.<state>` in the catalogs). */
export type ShownSyncState = 'signed-out' | 'unauthorized' | 'no-network' | 'server-unreachable' | 'connecting' | 'online' | 'stopped';

/** The state to show; see the module comment. */
export function shownSyncState(signedIn: boolean, needsSignIn: boolean, platformOnline: boolean, status: Pick<SyncStatus, 'connection'> | null): ShownSyncState {
  if (!signedIn) return 'signed-out';
  if (needsSignIn) return 'unauthorized';
  if (!platformOnline) return 'no-network';
  const c = status?.connection ?? 'connecting';
  return c === 'offline' ? 'server-unreachable' : c;
}

/** ISO time of the latest successful pull or push of any collection; null before the first. */
export function lastSyncedAt(status: Pick<SyncStatus, 'collections'> | null): string | null {
  let last: string | null = null;
  for (const c of Object.values(status?.collections ?? {})) {
    for (const at of [c?.lastPullAt, c?.lastPushAt]) if (at && (last === null || at > last)) last = at;
  }
  return last;
}
