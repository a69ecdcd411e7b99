/**
 * The platform API: the ONE surface through which the renderer reaches the operating system
 * (docs/architecture.md). Declared here, implemented twice: by the Electron preload (`window.desk`, backed by
 * IPC handlers in main) and by the browser implementation in `renderer/platform/browser.ts` (file
 * input, download link, localStorage) for tests and the web build.
 */
import type { LocalAccount, Settings, UserSettings } from './settings';

/** Facts about the running application. */
export interface AppInfo {
  name: string;
  version: string;
  /** `electron` in the desktop app, `browser` in the web build and browser tests. */
  platform: 'electron' | 'browser';
  /** Operating system as Node names it (`linux`, `win32`, `darwin`), or `web`. */
  os: string;
}

/** A document file the user picked: the bytes as read, never a path the renderer could reuse. */
export interface OpenedFile {
  name: string;
  /** MIME type guessed from the extension (`application/pdf`, `image/png`, …). */
  mimeType: string;
  bytes: Uint8Array;
}

/** What kind of file a save dialog offers; decides the filter and default extension. */
export type SaveKind = 'pdf' | 'zip' | 'json';

/** Result of a save: the path (or download name) written, or `null` when the user cancelled. */
export type SaveResult = { saved: true; path: string } | { saved: false };

/**
 * The secret store. In Electron the token is encrypted with `safeStorage`; where the OS offers
 * only the plain-text backend, `store` refuses with `{ stored: false, reason: 'insecure-backend' }`.
 */
export interface SecretStore {
  /** Whether secrets can be stored encrypted on this machine. */
  available(): Promise<boolean>;
  store(name: string, value: string): Promise<{ stored: true } | { stored: false; reason: 'insecure-backend' | 'unavailable' }>;
  read(name: string): Promise<string | null>;
  remove(name: string): Promise<void>;
}

/** Screens of the app, in menu order; the menu and keyboard shortcuts navigate by these names. */
export const screens = ['counter', 'organisations', 'membership', 'invoices', 'sync', 'settings'] as const;
export type Screen = (typeof screens)[number];

/** A command from the application menu to the renderer. */
export type MenuCommand = { kind: 'navigate'; screen: Screen } | { kind: 'open-evidence' } | { kind: 'find' };

/** The typed object `window.desk` exposes to the renderer. Every method returns a promise. */
export interface DeskApi {
  appInfo(): Promise<AppInfo>;
  settings: {
    get(): Promise<Settings>;
    /** Merges `patch` into the settings; throws on values outside the schema. */
    set(patch: Partial<Settings>): Promise<Settings>;
  };
  /** Opens a file dialog for evidence documents (PDF, JPEG, PNG, TIFF); `null` on cancel. */
  openDocument(): Promise<OpenedFile | null>;
  /** Opens a save dialog proposing `suggestedName` and writes `bytes` there. */
  saveFile(suggestedName: string, kind: SaveKind, bytes: Uint8Array): Promise<SaveResult>;
  secrets: SecretStore;
  /**
   * Who has a local replica on this computer, and each one's own settings, keyed by the account
   * key of (program server, user) (`LocalAccount.key`). The token of an account is the secret
   * `tokenSecretName(key)`.
   */
  accounts: {
    /** Every account with data on this computer, most recent sign-in first. */
    list(): Promise<LocalAccount[]>;
    /** Adds or replaces the entry of `account.key`. @throws on values outside the schema. */
    remember(account: LocalAccount): Promise<void>;
    /** Removes the entry and the account's user settings (the database and the token are removed by the caller). */
    forget(key: string): Promise<void>;
    /** The account's settings (defaults for an unknown key). */
    getSettings(key: string): Promise<UserSettings>;
    /** Merges `patch` into the account's settings. @throws on unknown keys or values outside the schema. */
    setSettings(key: string, patch: Partial<UserSettings>): Promise<UserSettings>;
  };
  /**
   * Opens a web page of the payment provider (the hosted card page) outside the app: the system
   * browser in Electron (`shell.openExternal`), a new tab in the browser build. Only `https:` URLs,
   * and `http:` on a loopback host (the local stand-in of the demo mode) — {@link isAllowedExternalUrl}.
   * @throws Error naming the refused URL's scheme or host.
   */
  openExternal(url: string): Promise<void>;
  /** Subscribes to application-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** Name of the secret holding the sync token of the account `key` (fits the secret-name pattern). */
export function tokenSecretName(key: string): string {
  return `token-${key}`;
}

/**
 * Whether `url` may be opened outside the app ({@link DeskApi.openExternal}): `https:` with a host
 * and no user info, or `http:` on `localhost`, `127.0.0.1` or `[::1]` (the demo mode's local
 * payment stand-in). Everything else (`file:`, `javascript:`, custom schemes, plain http) is refused.
 */
export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password || !u.hostname || url.length > 2048) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]');
}
