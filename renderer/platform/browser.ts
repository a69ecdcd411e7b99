/**
 * The browser implementation of the platform API, for the web build and browser tests: a file
 * input for opening, a download link for saving, localStorage for settings, the account index and
 * each account's settings (validated with the same zod schemas main uses). Secrets live in
 * sessionStorage (gone with the tab): a browser has no OS keychain, so nothing outlives the session.
 */
import { isAllowedExternalUrl, type DeskApi, type MenuCommand, type OpenedFile, type SaveKind } from '../../shared/platform/api';
import {
  defaultSettings,
  defaultUserSettings,
  localAccountSchema,
  settingsPatchSchema,
  settingsSchema,
  userSettingsPatchSchema,
  userSettingsSchema,
  type LocalAccount,
  type Settings,
  type UserSettings,
} from '../../shared/platform/settings';

const settingsKey = 'cps-desk.settings';
const secretPrefix = 'cps-desk.secret.';
const accountsKey = 'cps-desk.accounts';
const userSettingsPrefix = 'cps-desk.user-settings.';

const mimeByExtension: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};
const saveMime: Record<SaveKind, string> = { pdf: 'application/pdf', zip: 'application/zip', json: 'application/json' };

function readSettings(): Settings {
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(localStorage.getItem(settingsKey) ?? '{}'));
    return parsed.success ? parsed.data : defaultSettings;
  } catch {
    return defaultSettings;
  }
}

function readJson(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function readAccounts(): LocalAccount[] {
  const raw = readJson(accountsKey);
  const valid: LocalAccount[] = [];
  for (const e of Array.isArray(raw) ? raw : []) {
    const parsed = localAccountSchema.safeParse(e);
    if (parsed.success) valid.push(parsed.data);
  }
  return valid.sort((a, b) => b.lastSignInAt.localeCompare(a.lastSignInAt));
}

function readUserSettings(key: string): UserSettings {
  const parsed = userSettingsSchema.safeParse(readJson(userSettingsPrefix + key) ?? {});
  return parsed.success ? parsed.data : defaultUserSettings;
}

/** Reads a picked `File` into the platform's `OpenedFile` shape (type from the browser or the extension). */
export async function fileToOpened(file: File): Promise<OpenedFile> {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return { name: file.name, mimeType: file.type || mimeByExtension[ext] || 'application/octet-stream', bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Creates the browser platform. `menuTarget` receives menu commands dispatched as DOM events. */
export function createBrowserPlatform(): DeskApi {
  return {
    async appInfo() {
      return { name: 'CPS Desk', version: import.meta.env.VITE_APP_VERSION ?? '0.1.0', platform: 'browser', os: 'web' };
    },
    settings: {
      async get() {
        return readSettings();
      },
      async set(patch) {
        const valid = settingsPatchSchema.parse(patch);
        const next = settingsSchema.parse({ ...readSettings(), ...valid });
        localStorage.setItem(settingsKey, JSON.stringify(next));
        return next;
      },
    },
    openDocument() {
      return new Promise((resolve, reject) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*';
        input.style.display = 'none';
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          input.remove();
          if (!file) return resolve(null);
          fileToOpened(file).then(resolve, reject);
        });
        input.addEventListener('cancel', () => {
          input.remove();
          resolve(null);
        });
        document.body.append(input);
        input.click();
      });
    },
    async saveFile(suggestedName, kind, bytes) {
      const blob = new Blob([bytes as BlobPart], { type: saveMime[kind] });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = suggestedName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { saved: true, path: suggestedName };
    },
    secrets: {
      async available() {
        return true;
      },
      async store(name, value) {
        sessionStorage.setItem(secretPrefix + name, value);
        return { stored: true };
      },
      async read(name) {
        return sessionStorage.getItem(secretPrefix + name);
      },
      async remove(name) {
        sessionStorage.removeItem(secretPrefix + name);
      },
    },
    accounts: {
      async list() {
        return readAccounts();
      },
      async remember(account) {
        const valid = localAccountSchema.parse(account);
        localStorage.setItem(accountsKey, JSON.stringify([...readAccounts().filter((a) => a.key !== valid.key), valid]));
      },
      async forget(key) {
        localStorage.setItem(accountsKey, JSON.stringify(readAccounts().filter((a) => a.key !== key)));
        localStorage.removeItem(userSettingsPrefix + key);
      },
      async getSettings(key) {
        return readUserSettings(key);
      },
      async setSettings(key, patch) {
        const valid = userSettingsPatchSchema.parse(patch);
        const next = userSettingsSchema.parse({ ...readUserSettings(key), ...valid });
        localStorage.setItem(userSettingsPrefix + key, JSON.stringify(next));
        return next;
      },
    },
    async openExternal(url) {
      if (!isAllowedExternalUrl(url)) throw new Error(`refused to open ${url.slice(0, 80)}: only https URLs (or http on localhost) may be opened`);
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    onMenuCommand(listener) {
      const handler = (event: Event) => listener((event as CustomEvent<MenuCommand>).detail);
      window.addEventListener('cps-desk:menu', handler);
      return () => window.removeEventListener('cps-desk:menu', handler);
    },
  };
}
