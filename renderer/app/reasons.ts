/**
 * The program server's reasons and refusals in the user's language. The server sends codes with
 * parameters (shared/text/reasons.ts for a document's `statusReason`, `ErrorBody.code`/`params`
 * for a refused request); the words come from the catalogs here:
 * - `reason.<code>` for a statusReason code (e.g. `reason.membership.not-enough-points`);
 * - `refusal.<code>` for an HTTP refusal (e.g. `refusal.forbidden`).
 * A code the catalogs do not know yet (a newer server) falls back to the server's English text;
 * a statusReason that is no code (the back office's own words) is shown as it is.
 *
 * Parameters are data: `YYYY-MM-DD` values are written in the UI's date format at render time
 * (the catalogs use `{{name, day}}`, the `day` formatter of renderer/i18n), ids are looked up by
 * the caller and never shown.
 */
import { decodeReason, reasonFallback } from '../../shared/text/reasons';
import { uiMessage, type UiMessage } from './message';

/**
 * The message for a document's `statusReason`; null for none. A coded reason becomes
 * `reason.<code>` with its parameters (and the English fallback as i18next `defaultValue`);
 * any other text is shown as it is (`reason.text`).
 */
export function statusReasonMessage(statusReason: string | null | undefined): UiMessage | null {
  if (!statusReason) return null;
  const r = decodeReason(statusReason);
  if (!r) return uiMessage('reason.text', { text: statusReason });
  return uiMessage(`reason.${r.code}`, { ...r.params, defaultValue: reasonFallback(r) });
}

/** What the app knows locally to name a refused document's organisation (never shown as an id). */
export interface RefusalContext {
  /** The organisation's name from the local database, when this computer has it. */
  organisationName?: string | null;
  /** Whether the catalogs hold a key (i18next `exists`); without it every code is assumed worded. */
  knows?: (key: string) => boolean;
}

/**
 * The message for a request the server refused: `refusal.<code>` with the server's parameters
 * (ids dropped: the caller names things through `context`). A code the catalogs do not word
 * (`context.knows`), or none, becomes `refusal.unknown`, which names no detail: the server's
 * English `serverMessage` (with ids) is for the log and the support, never the screen.
 */
export function refusalMessage(code: string | null, params: Readonly<Record<string, unknown>> | null | undefined, serverMessage: string, context: RefusalContext = {}): UiMessage {
  const { id: _id, organisationId: _org, collection: _c, ...data } = params ?? {};
  const organisation = context.organisationName?.trim() ? context.organisationName.trim() : null;
  const key = !code ? 'refusal.unknown' : code === 'forbidden' && organisation === null ? 'refusal.forbidden-unnamed' : `refusal.${code}`;
  if (key !== 'refusal.unknown' && context.knows && !context.knows(key)) return uiMessage('refusal.unknown');
  return uiMessage(key, { ...data, ...(organisation !== null ? { organisation } : {}), defaultValue: serverMessage });
}
