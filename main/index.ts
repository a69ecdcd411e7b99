/**
 * Electron entry point: single-instance lock, the `app://` protocol with the CSP header, the
 * secure main window, the menu, and the validated IPC handlers. Kept thin: logic lives in the
 * sibling modules, which are tested without the Electron binary.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MenuCommand } from '../shared/platform/api';
import { AccountsService } from './accounts';
import { contentSecurityPolicy } from './csp';
import { openDocument, saveFile, type DialogLike } from './files';
import { appOrigin, registerIpcHandlers } from './ipc';
import { menuTemplate } from './menu';
import { contentTypeOf, resolveAppFile } from './protocol';
import { createSecretStore } from './secrets';
import { openSettingsStore, SettingsService } from './settings';
import { lockDownNavigation, windowOptions } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const resourcesRoot = app.isPackaged ? process.resourcesPath : join(here, '..', '..', 'resources');

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    const settingsStore = await openSettingsStore();
    const settings = new SettingsService(settingsStore);
    const accounts = new AccountsService(settingsStore);
    const secretFile = join(app.getPath('userData'), 'secrets.json');
    const secrets = createSecretStore(
      safeStorage,
      {
        read: () => (existsSync(secretFile) ? (JSON.parse(readFileSync(secretFile, 'utf8')) as Record<string, string>) : {}),
        write: (data) => {
          mkdirSync(dirname(secretFile), { recursive: true });
          writeFileSync(secretFile, JSON.stringify(data), { mode: 0o600 });
        },
      },
      process.platform,
    );

    protocol.handle('app', async (request) => {
      const file = resolveAppFile(rendererRoot, request.url);
      if (!file || !existsSync(file)) return new Response('Not found', { status: 404 });
      const response = await net.fetch(pathToFileURL(file).toString());
      return new Response(response.body, {
        status: 200,
        headers: { 'content-type': contentTypeOf(file), 'content-security-policy': contentSecurityPolicy(settings.get().serverUrl) },
      });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

    const dialogs = {
      showOpenDialog: (options: Parameters<typeof dialog.showOpenDialog>[0]) => dialog.showOpenDialog(options),
      showSaveDialog: (options: Parameters<typeof dialog.showSaveDialog>[0]) => dialog.showSaveDialog(options),
    } as unknown as DialogLike;
    registerIpcHandlers(ipcMain, {
      'app:info': () => ({ name: 'CPS Desk', version: app.getVersion(), platform: 'electron', os: process.platform }),
      'settings:get': () => settings.get(),
      'settings:set': (patch) => settings.set(patch),
      'file:open-document': () => openDocument(dialogs),
      'file:save': (name, kind, bytes) => saveFile(dialogs, name, kind, bytes),
      'secrets:available': () => secrets.available(),
      'secrets:store': (name, value) => secrets.store(name, value),
      'secrets:read': (name) => secrets.read(name),
      'secrets:remove': (name) => secrets.remove(name),
      'accounts:list': () => accounts.list(),
      'accounts:remember': (account) => accounts.remember(account),
      'accounts:forget': (key) => accounts.forget(key),
      'accounts:get-settings': (key) => accounts.getSettings(key),
      'accounts:set-settings': (key, patch) => accounts.setSettings(key, patch),
      // The payload schema allows https (and http on loopback) only: the provider's hosted card page.
      'shell:open-external': (url) => shell.openExternal(url),
    });

    const send = (command: MenuCommand) => mainWindow?.webContents.send('menu:command', command);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send, process.platform === 'darwin') as Parameters<typeof Menu.buildFromTemplate>[0]));

    mainWindow = new BrowserWindow(windowOptions(preloadPath, join(resourcesRoot, 'icon.png'), settings.get().windowBounds));
    lockDownNavigation(mainWindow);
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.on('close', () => {
      if (!mainWindow || mainWindow.isMinimized()) return;
      const { x, y, width, height } = mainWindow.getNormalBounds();
      settings.set({ windowBounds: { x, y, width, height } });
    });
    await mainWindow.loadURL(`${appOrigin}/index.html`);
  });
}

