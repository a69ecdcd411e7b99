/**
 * A status or error message kept as an i18n key plus its parameters and translated when rendered,
 * so a message already on screen follows a later language switch. Parameters are data (names,
 * counts, serials, a server's or library's text), never already-translated text.
 */
import type { TFunction } from 'i18next';

/** `key`: an i18n catalog key (e.g. `counter.saved`); `params`: its interpolation values. */
export interface UiMessage {
  key: string;
  params?: Record<string, unknown>;
}

/** Builds a UiMessage. */
export function uiMessage(key: string, params?: Record<string, unknown>): UiMessage {
  return params ? { key, params } : { key };
}

/** The message in the current language ('' for null). */
export function renderMessage(t: TFunction, message: UiMessage | null): string {
  return message ? String(t(message.key, message.params ?? {})) : '';
}
