/**
 * Picks the platform implementation: the Electron preload's `window.desk` when present, otherwise
 * the browser implementation. The rest of the renderer only sees the `DeskApi` interface.
 */
import type { DeskApi } from '../../shared/platform/api';
import { createBrowserPlatform } from './browser';

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

let platform: DeskApi | undefined;

/** The platform API of this renderer (created once). */
export function getPlatform(): DeskApi {
  platform ??= window.desk ?? createBrowserPlatform();
  return platform;
}
