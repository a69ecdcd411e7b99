/**
 * The per-computer index of accounts with a local replica, and each account's own settings, in
 * the same electron-store file as the computer's settings (`accounts` and `userSettings` keys).
 * Everything read is re-validated with the zod schemas of `shared/platform/settings.ts`: a
 * corrupt entry is dropped, never passed to the renderer.
 */
import {
  defaultUserSettings,
  localAccountSchema,
  userSettingsPatchSchema,
  userSettingsSchema,
  type LocalAccount,
  type UserSettings,
} from '../shared/platform/settings';
import type { KeyValueStore } from './settings';

/** Reads and writes the account index and user settings through a store. */
export class AccountsService {
  constructor(private readonly store: KeyValueStore) {}

  /** Every valid entry, most recent sign-in first. */
  list(): LocalAccount[] {
    const raw = this.store.get('accounts');
    const entries = Array.isArray(raw) ? raw : [];
    const valid: LocalAccount[] = [];
    for (const e of entries) {
      const parsed = localAccountSchema.safeParse(e);
      if (parsed.success) valid.push(parsed.data);
    }
    return valid.sort((a, b) => b.lastSignInAt.localeCompare(a.lastSignInAt));
  }

  /** Adds or replaces the entry of `account.key`. @throws ZodError on an invalid entry. */
  remember(account: LocalAccount): void {
    const valid = localAccountSchema.parse(account);
    this.store.set('accounts', [...this.list().filter((a) => a.key !== valid.key), valid]);
  }

  /** Removes the entry of `key` and its settings. */
  forget(key: string): void {
    this.store.set('accounts', this.list().filter((a) => a.key !== key));
    const all = this.allSettings();
    delete all[key];
    this.store.set('userSettings', all);
  }

  /** Settings of `key`; defaults for an unknown key or a corrupt value. */
  getSettings(key: string): UserSettings {
    const parsed = userSettingsSchema.safeParse(this.allSettings()[key] ?? {});
    return parsed.success ? parsed.data : defaultUserSettings;
  }

  /** Merges a validated patch into the settings of `key`. @throws ZodError on unknown keys or invalid values. */
  setSettings(key: string, patch: Partial<UserSettings>): UserSettings {
    const valid = userSettingsPatchSchema.parse(patch);
    const next = userSettingsSchema.parse({ ...this.getSettings(key), ...valid });
    this.store.set('userSettings', { ...this.allSettings(), [key]: next });
    return next;
  }

  private allSettings(): Record<string, unknown> {
    const raw = this.store.get('userSettings');
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
  }
}
