/**
 * One local replica per (program server, user). Counter PCs are shared: each person who signs in
 * gets their own RxDB database, so the replication checkpoints, the refusal list (local documents)
 * and the outbox — all kept inside the database — belong to that person too. The token and the
 * user's settings are keyed the same way (`tokenSecretName(key)`, `platform.accounts`).
 *
 * - `accountKey(server, userId)`: 32 hex digits of SHA-256 over the server origin and the user's id
 *   (Web Crypto): a valid IndexedDB/RxDB name part that does not reveal the e-mail.
 * - The database of a new account is `cps-desk-<key>`. The single `cps-desk` database of earlier
 *   versions is adopted, unchanged, by the first user who signs in while no account has it.
 * - `removeAccountData` deletes the account's IndexedDB databases, its token, settings and entry.
 */
import { removeRxDatabase, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { tokenSecretName, type DeskApi } from '../../shared/platform/api';
import type { LocalAccount } from '../../shared/platform/settings';

/** Name of the single local database of versions before per-user replicas. */
export const legacyDatabaseName = 'cps-desk';

/** Name of the secret that held the token in versions before per-user replicas. */
export const legacyTokenName = 'sync-token';

/** The `origin` of a server URL (`http://host:port`). @throws TypeError on a malformed URL. */
export function serverOrigin(serverUrl: string): string {
  return new URL(serverUrl).origin;
}

/** The account key of (server, user): 32 lower-case hex digits. @throws TypeError on a malformed URL. */
export async function accountKey(serverUrl: string, userId: string): Promise<string> {
  const data = new TextEncoder().encode(`${serverOrigin(serverUrl)}\n${userId}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** RxDB database name of a new account's replica. */
export function replicaDatabaseName(key: string): string {
  return `cps-desk-${key}`;
}

/** Prefix of every IndexedDB database RxDB's Dexie storage creates for `databaseName` (`rxdb-dexie-<name>--<version>--<collection>`). */
function indexedDbPrefix(databaseName: string): string {
  return `rxdb-dexie-${databaseName}--`;
}

/** Names of the IndexedDB databases that hold the RxDB database `databaseName`. */
export async function indexedDbNamesOf(databaseName: string, idb: IDBFactory = indexedDB): Promise<string[]> {
  const prefix = indexedDbPrefix(databaseName);
  return (await idb.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(prefix));
}

/** What `openAccount` needs to know of the signed-in user. */
export interface AccountUser {
  id: string;
  email: string;
}

/**
 * Finds or creates the account of `user` on `serverUrl` and records the sign-in in the index.
 * A new account adopts the legacy `cps-desk` database when it exists and no account has it yet.
 * @throws TypeError on a malformed server URL; the platform's validation error on a bad entry.
 */
export async function openAccount(platform: DeskApi, serverUrl: string, user: AccountUser, idb: IDBFactory = indexedDB): Promise<LocalAccount> {
  const key = await accountKey(serverUrl, user.id);
  const accounts = await platform.accounts.list();
  let databaseName = accounts.find((a) => a.key === key)?.databaseName;
  if (!databaseName) {
    const legacyTaken = accounts.some((a) => a.databaseName === legacyDatabaseName);
    databaseName = !legacyTaken && (await indexedDbNamesOf(legacyDatabaseName, idb)).length > 0 ? legacyDatabaseName : replicaDatabaseName(key);
    // the legacy token belonged to whoever used the single database; it is never reused
    if (databaseName === legacyDatabaseName) await platform.secrets.remove(legacyTokenName);
  }
  const account: LocalAccount = { key, serverOrigin: serverOrigin(serverUrl), userId: user.id, email: user.email, databaseName, lastSignInAt: new Date().toISOString() };
  await platform.accounts.remember(account);
  return account;
}

/**
 * Removes everything of `account` from this computer: its local database (every IndexedDB
 * database of it, RxDB's own removal only empties them), its token, its settings and its entry in
 * the index. The database must be closed first.
 */
export async function removeAccountData(
  platform: DeskApi,
  account: LocalAccount,
  options: { storage?: RxStorage<unknown, unknown>; idb?: IDBFactory } = {},
): Promise<void> {
  const idb = options.idb ?? indexedDB;
  await removeRxDatabase(account.databaseName, (options.storage ?? getRxStorageDexie()) as RxStorage<unknown, unknown>, false);
  for (const name of await indexedDbNamesOf(account.databaseName, idb)) {
    await new Promise<void>((resolve, reject) => {
      const req = idb.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error ?? new Error(`could not delete IndexedDB database ${name}`));
    });
  }
  await platform.secrets.remove(tokenSecretName(account.key));
  await platform.accounts.forget(account.key);
}
