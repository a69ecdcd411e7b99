/**
 * The one IPC entry point of main: every channel of `shared/platform/ipc.ts` is registered here,
 * every call is checked for a trusted sender (a frame of our own `app://` origin) and its payload
 * validated with zod before the handler runs. A handler never sees an unvalidated argument.
 */
import { ipcChannels, parseIpcPayload, type IpcArgs, type IpcChannel } from '../shared/platform/ipc';

/** What this module needs of Electron's `ipcMain`. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
}

/** What this module reads of an IPC event: the URL of the calling frame. */
export interface IpcEventLike {
  senderFrame?: { url: string } | null;
}

/** One handler per channel, typed by the channel's zod schema. */
export type IpcHandlers = { [C in IpcChannel]: (...args: IpcArgs<C>) => unknown };

/** Origin of the app's own pages (served by `protocol.ts`). */
export const appOrigin = 'app://desk';

/** True when the call comes from a frame of the app's own origin (not a remote or injected page). */
export function isTrustedSender(event: IpcEventLike): boolean {
  const url = event.senderFrame?.url ?? '';
  try {
    return new URL(url).origin === appOrigin || url.startsWith(`${appOrigin}/`);
  } catch {
    return false;
  }
}

/**
 * Registers all channels.
 * @throws (to the renderer, as a rejected promise) IpcPayloadError for a malformed payload, or an
 *   Error for an untrusted sender.
 */
export function registerIpcHandlers(ipc: IpcMainLike, handlers: IpcHandlers, trusted = isTrustedSender): void {
  for (const channel of Object.keys(ipcChannels) as IpcChannel[]) {
    ipc.handle(channel, async (event, ...args) => {
      if (!trusted(event)) throw new Error(`IPC channel "${channel}" refused: the sender is not part of the app`);
      const parsed = parseIpcPayload(channel, args) as unknown[];
      const handler = handlers[channel] as (...a: unknown[]) => unknown;
      return handler(...parsed);
    });
  }
}
