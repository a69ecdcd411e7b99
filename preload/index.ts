/**
 * Preload: exposes ONE typed object, `window.desk` (the `DeskApi` contract of
 * `shared/platform/api.ts`), over IPC. Nothing else reaches the renderer; `ipcRenderer` itself is
 * never exposed. Runs sandboxed, bundled as CommonJS.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DeskApi, MenuCommand } from '../shared/platform/api';

const api: DeskApi = {
  appInfo: () => ipcRenderer.invoke('app:info'),
  settings: {
    get: () => ipcRenderer.invoke('settings:get'),
    set: (patch) => ipcRenderer.invoke('settings:set', patch),
  },
  openDocument: () => ipcRenderer.invoke('file:open-document'),
  saveFile: (name, kind, bytes) => ipcRenderer.invoke('file:save', name, kind, bytes),
  secrets: {
    available: () => ipcRenderer.invoke('secrets:available'),
    store: (name, value) => ipcRenderer.invoke('secrets:store', name, value),
    read: (name) => ipcRenderer.invoke('secrets:read', name),
    remove: (name) => ipcRenderer.invoke('secrets:remove', name),
  },
  accounts: {
    list: () => ipcRenderer.invoke('accounts:list'),
    remember: (account) => ipcRenderer.invoke('accounts:remember', account),
    forget: (key) => ipcRenderer.invoke('accounts:forget', key),
    getSettings: (key) => ipcRenderer.invoke('accounts:get-settings', key),
    setSettings: (key, patch) => ipcRenderer.invoke('accounts:set-settings', key, patch),
  },
  openExternal: (url) => ipcRenderer.invoke('shell:open-external', url),
  onMenuCommand: (listener) => {
    const wrapped = (_event: IpcRendererEvent, command: MenuCommand) => listener(command);
    ipcRenderer.on('menu:command', wrapped);
    return () => ipcRenderer.removeListener('menu:command', wrapped);
  },
};

contextBridge.exposeInMainWorld('desk', api);
