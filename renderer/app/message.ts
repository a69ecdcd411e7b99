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

/**
 * The message in the current language ('' for null). A sentence whose last parameter already ends
 * in a full stop (an organisation called "Studio B.V.") gets no second one: "Signed in as Studio
 * B.V." (a sentence ending in an abbreviation takes one full stop — Chicago Manual of Style 6.13;
 * the same rule in Dutch). An ellipsis "…" or "..." is left alone.
 */
export function renderMessage(t: TFunction, message: UiMessage | null): string {
  return message ? endSentence(String(t(message.key, message.params ?? {}))) : '';
}

/** `text` with a doubled final full stop ("B.V..") made single; "..." stays. */
export function endSentence(text: string): string {
  return /[^.]\.\.$/.test(text) ? text.slice(0, -1) : text;
}
