/**
 * The local replica per (program server, user) (renderer/accounts/accounts.ts) on real RxDB/Dexie
 * over fake-indexeddb: the account key is stable, hex and free of the e-mail; two users get two
 * databases; the single `cps-desk` database is adopted by the first user only; removing a user's
 * data leaves no IndexedDB database of theirs, their token or settings, and keeps the other's.
 */
import { describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { DeskApi } from '../../../shared/platform/api';
import { defaultUserSettings, type LocalAccount, type UserSettings } from '../../../shared/platform/settings';
import { accountKey, indexedDbNamesOf, legacyDatabaseName, openAccount, removeAccountData } from '../../../renderer/accounts/accounts';
import { createDeskDatabase } from '../../../renderer/db/database';

const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });

/** The accounts and secrets parts of the platform, in memory. */
function memoryPlatform() {
  const accounts = new Map<string, LocalAccount>();
  const settings = new Map<string, UserSettings>();
  const secrets = new Map<string, string>();
  const platform = {
    accounts: {
      list: async () => [...accounts.values()],
      remember: async (a: LocalAccount) => void accounts.set(a.key, a),
      forget: async (key: string) => void (accounts.delete(key), settings.delete(key)),
      getSettings: async (key: string) => settings.get(key) ?? defaultUserSettings,
      setSettings: async (key: string, patch: Partial<UserSettings>) => {
        const next = { ...(settings.get(key) ?? defaultUserSettings), ...patch };
        settings.set(key, next);
        return next;
      },
    },
    secrets: {
      available: async () => true,
      store: async (name: string, value: string) => (secrets.set(name, value), { stored: true as const }),
      read: async (name: string) => secrets.get(name) ?? null,
      remove: async (name: string) => void secrets.delete(name),
    },
  } as unknown as DeskApi;
  return { platform, secrets, settings };
}

async function withData(name: string) {
  const db = await createDeskDatabase({ name, storage: storage(), devMode: false, multiInstance: false });
  await db.organisations.insert({ id: `o-${name}`, name: `Studio ${name}`, country: 'NL', dealerId: 'd1', status: 'draft', statusReason: null, legacyEmail: null, updatedAt: '2026-12-01T10:00:00.000Z' });
  await db.close();
}

describe('local replica per (server, user)', () => {
  it('the account key is 32 hex digits, stable, per server and user, and does not contain the e-mail', async () => {
    const k = await accountKey('http://127.0.0.1:8787/', 'user-1');
    expect(k).toMatch(/^[0-9a-f]{32}$/);
    expect(await accountKey('http://127.0.0.1:8787', 'user-1')).toBe(k);
    expect(await accountKey('http://127.0.0.1:8788', 'user-1')).not.toBe(k);
    expect(await accountKey('http://127.0.0.1:8787', 'user-2')).not.toBe(k);
  });

  it('the first user adopts the single cps-desk database, the next gets their own; removing one leaves the other', async () => {
    const { platform, secrets, settings } = memoryPlatform();
    await withData(legacyDatabaseName);
    secrets.set('sync-token', 'old token of whoever used the single database');
    const a = await openAccount(platform, 'http://127.0.0.1:8787', { id: 'user-a', email: 'a@example.test' }, indexedDB);
    expect(a.databaseName).toBe(legacyDatabaseName);
    expect(secrets.has('sync-token')).toBe(false);
    const b = await openAccount(platform, 'http://127.0.0.1:8787', { id: 'user-b', email: 'b@example.test' }, indexedDB);
    expect(b.databaseName).toBe(`cps-desk-${b.key}`);
    expect(b.databaseName).not.toContain('example');
    expect((await openAccount(platform, 'http://127.0.0.1:8787', { id: 'user-a', email: 'a@example.test' }, indexedDB)).databaseName).toBe(legacyDatabaseName);
    await withData(b.databaseName);
    secrets.set(`token-${a.key}`, 'token a');
    secrets.set(`token-${b.key}`, 'token b');
    await platform.accounts.setSettings(a.key, { dealerName: 'Foto A' });

    expect(await indexedDbNamesOf(a.databaseName, indexedDB)).not.toEqual([]);
    await removeAccountData(platform, a, { storage: storage(), idb: indexedDB });
    expect(await indexedDbNamesOf(a.databaseName, indexedDB)).toEqual([]);
    expect(secrets.has(`token-${a.key}`)).toBe(false);
    expect(settings.has(a.key)).toBe(false);
    expect((await platform.accounts.list()).map((x) => x.email)).toEqual(['b@example.test']);
    expect(secrets.get(`token-${b.key}`)).toBe('token b');
    const dbB = await createDeskDatabase({ name: b.databaseName, storage: storage(), devMode: false, multiInstance: false });
    expect((await dbB.organisations.find().exec()).map((o) => o.name)).toEqual([`Studio ${b.databaseName}`]);
    await dbB.close();
  });
});
