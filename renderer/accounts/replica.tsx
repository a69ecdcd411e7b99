/**
 * The replica context: which (program server, user) account the app is working on, and the two
 * ways to change it. Provided by `ReplicaGate`; read by the session (renderer/app/session.tsx).
 * Kept apart from the gate so the session and screens do not import the entry's snapshots.
 */
import { createContext, useContext } from 'react';
import type { LocalAccount } from '../../shared/platform/settings';
import type { LoginResponse } from '../../shared/sync/protocol';

/** The signed-in user as the server described it at sign-in. */
export type SessionUser = LoginResponse['user'];

/** What the session reads of the replica. */
export interface ReplicaValue {
  /** The signed-in account; null while nobody has signed in on this computer yet (the unclaimed database). */
  account: LocalAccount | null;
  /** The signed-in user; null with `account`. */
  user: SessionUser | null;
  /** The token, when the secret store could not keep it (insecure backend): lives only in memory. */
  memoryToken: string | null;
  /**
   * Opens the replica of a user who just signed in (creating it when new, adopting the unclaimed
   * database for the first user), stores the token under the account, and shows the app.
   * The caller stops sync first. @throws the platform's or the database's error; nothing changed then.
   */
  startSession(serverUrl: string, login: LoginResponse): Promise<void>;
  /**
   * Closes the replica and shows the sign-in screen. With `removeData`, deletes the replica, the
   * token and the user's settings from this computer. The caller stops sync and forgets the token first.
   */
  endSession(options: { removeData: boolean }): Promise<void>;
}

export const ReplicaContext = createContext<ReplicaValue | null>(null);

/** The replica, or null outside a `ReplicaGate` (the UI benchmark page). */
export function useReplica(): ReplicaValue | null {
  return useContext(ReplicaContext);
}
