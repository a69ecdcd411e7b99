/**
 * A status or error message kept as an i18n key plus its parameters and translated when rendered,
 * so a message already on screen follows a later language switch. Parameters are data (names,
 * counts, serials) or another UiMessage (a cause put into the sentence, translated with it), never
 * already-translated text nor a server's or library's English text (renderer/app/failures.ts).
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
  return message ? endSentence(String(t(message.key, translatedParams(t, message.params)))) : '';
}

/** `params` with every parameter that is itself a UiMessage (a cause put into a sentence) translated. */
function translatedParams(t: TFunction, params: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!params) return {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) out[name] = isUiMessage(value) ? String(t(value.key, translatedParams(t, value.params))) : value;
  return out;
}

function isUiMessage(value: unknown): value is UiMessage {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string' && Object.keys(value).every((k) => k === 'key' || k === 'params');
}

/** `text` with a doubled final full stop ("B.V..") made single; "..." stays. */
export function endSentence(text: string): string {
  return /[^.]\.\.$/.test(text) ? text.slice(0, -1) : text;
}
