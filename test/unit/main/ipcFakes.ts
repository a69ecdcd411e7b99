/**
 * Fakes of Electron's IPC for the main-process tests (not a test file): a recording `ipcMain`
 * stand-in, the calling frame of the app's top window, and one handler per channel of the contract.
 */
import type { IpcEventLike, IpcHandlers } from '../../../main/ipc';

/** A recording stand-in of `ipcMain` (`handle` only). */
export function fakeIpc() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  return { handle: (c: string, fn: (event: IpcEventLike, ...args: unknown[]) => unknown) => void handlers.set(c, fn), handlers };
}
// A fake of Electron's IpcMainInvokeEvent: the calling frame's URL and its parent (null = top frame).
export const topFrame = { url: 'app://desk/index.html', parent: null };
export const trusted: IpcEventLike = { senderFrame: topFrame };
export const handlers: IpcHandlers = {
  'app:info': () => ({ name: 'CPS Desk', version: '1', platform: 'electron', os: 'linux' }),
  'settings:get': () => ({}),
  'settings:set': (patch) => patch,
  'file:open-document': () => null,
  'file:save': (name, kind, bytes) => ({ name, kind, size: bytes.byteLength }),
  'secrets:available': () => true,
  'secrets:store': () => ({ stored: true }),
  'secrets:read': () => null,
  'secrets:remove': () => undefined,
  'accounts:list': () => [],
  'accounts:remember': () => undefined,
  'accounts:forget': () => undefined,
  'accounts:get-settings': () => ({}),
  'accounts:set-settings': (_key, patch) => patch,
  'shell:open-external': (url) => ({ opened: url }),
};
