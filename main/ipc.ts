/**
 * The one IPC entry point of main: every channel of `shared/platform/ipc.ts` is registered here,
 * every call is checked for a trusted sender (the main frame of a page of our own `app://desk`
 * origin) and its payload validated with zod before the handler runs. A handler never sees an
 * unvalidated argument.
 */
import { ipcChannels, parseIpcPayload, type IpcArgs, type IpcChannel } from '../shared/platform/ipc';

/** What this module needs of Electron's `ipcMain`. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
}

/**
 * What this module reads of an IPC event: the calling frame's URL and its parent frame (Electron's
 * `WebFrameMain.parent`, `null` only for the top frame of the page).
 */
export interface IpcEventLike {
  senderFrame?: { url: string; parent: unknown } | null;
}

/** One handler per channel, typed by the channel's zod schema. */
export type IpcHandlers = { [C in IpcChannel]: (...args: IpcArgs<C>) => unknown };

/** Scheme and host of the app's own pages (served by `protocol.ts`). */
export const appScheme = 'app:';
export const appHost = 'desk';
/** Origin of the app's own pages, as a URL prefix. */
export const appOrigin = `app://${appHost}`;

/**
 * True when `url` is a page of the app: scheme `app:` and host `desk`, no user info, no port.
 * Compares the parts of the parsed URL, because Node's WHATWG URL gives every scheme it does not
 * know as "special" (`app:` among them) the opaque origin `"null"` (URL Standard, §4.7 origin),
 * so an origin comparison would refuse the app and could only be propped up by string prefixes.
 */
export function isAppPageUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === appScheme && parsed.host === appHost && parsed.username === '' && parsed.password === '';
}

/**
 * True when the call comes from the TOP frame of a page of the app. A sub-frame (an iframe, even
 * one of our own origin) is refused: only the window's main frame may call main, as VS Code's
 * `validateEvent` in `src/vs/base/parts/ipc/electron-main/ipcMain.ts` does. A missing frame
 * (navigated away or destroyed, see Electron's `IpcMainInvokeEvent.senderFrame`) is refused too.
 */
export function isTrustedSender(event: IpcEventLike): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  return frame.parent === null && isAppPageUrl(frame.url);
}

/**
 * Registers all channels.
 * @throws (to the renderer, as a rejected promise) IpcPayloadError for a malformed payload, or an
 *   Error for an untrusted sender.
 */
export function registerIpcHandlers(ipc: IpcMainLike, handlers: IpcHandlers, trusted = isTrustedSender): void {
  for (const channel of Object.keys(ipcChannels) as IpcChannel[]) {
    ipc.handle(channel, async (event, ...args) => {
      if (!trusted(event)) throw new Error(`IPC channel "${channel}" refused: the sender is not the main frame of the app`);
      const parsed = parseIpcPayload(channel, args) as unknown[];
      const handler = handlers[channel] as (...a: unknown[]) => unknown;
      return handler(...parsed);
    });
  }
}
