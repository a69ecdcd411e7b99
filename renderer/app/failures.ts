/**
 * Failures worded for users. A caught error (the browser's "Failed to fetch", a server's English
 * `message`, a library's exception) is never shown: the screen gets a catalog key in the user's
 * language, chosen from what is known about the failure (no network, session ended, the server's
 * error code), and the raw detail goes to the log (`console.warn`, the developer tools / the
 * Electron log).
 */
import { InvoiceInputError } from '../../shared/invoice';
import { SignInError } from '../actions/auth';
import { InvoiceExportRefused } from '../invoice/export';
import { uiMessage, type UiMessage } from './message';

/** Server error codes (shared/sync/protocol.ts `ErrorBody.code`) that have their own text under `failure.code.*`. */
export const wordedServerCodes = new Set(['not-found', 'forbidden', 'no-legacy-email', 'invalid-credentials', 'rate-limited']);

/**
 * Why `error` happened, as a catalog message meant to be put into a sentence (`{{cause}}`):
 * `failure.network`, `failure.session`, `failure.code.<code>` for a worded server code,
 * `failure.server` for another server refusal, `failure.unexpected` otherwise.
 */
export function failureCause(error: unknown): UiMessage {
  if (error instanceof SignInError) {
    if (error.reason === 'network') return uiMessage('failure.network');
    if (error.code && wordedServerCodes.has(error.code)) return uiMessage(`failure.code.${error.code}`);
    if (error.reason === 'credentials') return uiMessage('failure.session');
    return uiMessage('failure.server');
  }
  return uiMessage('failure.unexpected');
}

/**
 * The message `key` with `{{cause}}` (see {@link failureCause}) and `params`; logs `error` with `key`.
 * @param key a catalog key whose text has a `{{cause}}` placeholder (e.g. `migration.failed`)
 */
export function failureMessage(key: string, error: unknown, params: Record<string, unknown> = {}): UiMessage {
  console.warn(`${key}:`, error);
  return uiMessage(key, { ...params, cause: failureCause(error) });
}

/**
 * The message for a failed invoice export: the refused invoice and its organisation named
 * (`invoices.refused`), characters the PDF font cannot show (`invoices.refusedText`), or
 * {@link failureMessage} `invoices.failed`. The field and the English problem go to the log.
 */
export function invoiceExportFailure(error: unknown): UiMessage {
  if (error instanceof InvoiceExportRefused) {
    console.warn('invoices.refused:', error);
    return uiMessage('invoices.refused', { number: error.invoiceNumber, organisation: error.organisationName });
  }
  if (error instanceof InvoiceInputError) {
    console.warn('invoices.refusedText:', error);
    return uiMessage('invoices.refusedText');
  }
  return failureMessage('invoices.failed', error);
}
