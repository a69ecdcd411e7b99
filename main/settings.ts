/**
 * Settings persistence in main: electron-store (a JSON file in the user-data folder) holding only
 * values that passed `settingsSchema` (zod). Secrets never go here (see `secrets.ts`).
 */
import { defaultSettings, settingsSchema, settingsPatchSchema, type Settings } from '../shared/platform/settings';

/** The minimal key-value store interface electron-store offers (and tests fake). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Reads and writes settings through a store, validating both ways. */
export class SettingsService {
  constructor(private readonly store: KeyValueStore) {}

  /** Current settings; a corrupt stored value falls back to the defaults, field by field. */
  get(): Settings {
    const raw = this.store.get('settings');
    const parsed = settingsSchema.safeParse(raw ?? {});
    if (parsed.success) return parsed.data;
    const merged: Record<string, unknown> = { ...defaultSettings };
    for (const [key, value] of Object.entries((raw as Record<string, unknown>) ?? {})) {
      const one = settingsSchema.partial().safeParse({ [key]: value });
      if (one.success && key in one.data) merged[key] = value;
    }
    return settingsSchema.parse(merged);
  }

  /**
   * Merges a validated patch and persists it.
   * @throws ZodError when the patch has unknown keys or out-of-schema values.
   */
  set(patch: Partial<Settings>): Settings {
    const valid = settingsPatchSchema.parse(patch);
    const next = settingsSchema.parse({ ...this.get(), ...valid });
    this.store.set('settings', next);
    return next;
  }
}

/** Opens the electron-store file (ESM-only package, loaded lazily in main). */
export async function openSettingsStore(): Promise<KeyValueStore> {
  const { default: Store } = await import('electron-store');
  return new Store({ name: 'settings', clearInvalidConfig: true }) as unknown as KeyValueStore;
}
