/**
 * The main window, locked down: context isolation, sandboxed renderer, no Node integration, no
 * navigation away from the app, no new windows, no permission prompts. Remembers its size.
 */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import type { Settings } from '../shared/platform/settings';
import { isAppPageUrl } from './ipc';

/** The secure web preferences every window of the app uses. */
export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** Window options from the remembered bounds (or a sensible default for a counter screen). */
export function windowOptions(preloadPath: string, iconPath: string, bounds: Settings['windowBounds']): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    ...(bounds?.x !== undefined && bounds?.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'CPS Desk',
    icon: iconPath,
    backgroundColor: '#f5f6f8',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** True when a navigation target stays inside the app (same scheme-and-host rule as IPC senders). */
export function isAppUrl(url: string): boolean {
  return isAppPageUrl(url);
}

/** Blocks navigation away from the app and every `window.open`. */
export function lockDownNavigation(win: BrowserWindowType): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
