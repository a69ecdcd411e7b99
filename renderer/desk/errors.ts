/** The desk's request errors as UI messages (i18n keys under `desk.error`), never a raw library or server text (that goes to the log). */
import { SignInError } from '../app/session';
import { uiMessage, type UiMessage } from '../app/message';
import { DeskRequestError } from '../actions/desk';
import { bankErrorCodes } from '../../shared/sync/bank';

/** What to tell the clerk about a failed desk request. */
export function deskErrorMessage(err: unknown): UiMessage {
  if (err instanceof SignInError) return uiMessage(err.reason === 'network' ? 'desk.error.offline' : 'desk.error.signIn');
  if (err instanceof DeskRequestError) {
    if (err.status === 401) return uiMessage('desk.error.signIn');
    if (err.status === 403) return uiMessage('desk.error.forbidden');
    // the server's English text (with ids, logins and times) goes to the log; the clerk reads the code's words
    console.warn('desk request refused:', err);
    if (err.code === 'changed-since-opened' || err.code === 'already-decided') return uiMessage('desk.error.conflict');
    if (err.status === 404) return uiMessage('desk.error.notFound');
    if (deskCodes.has(err.code)) return uiMessage(`desk.error.${err.code}`);
    return uiMessage('desk.error.server');
  }
  console.warn('desk request failed:', err);
  return uiMessage('desk.error.server');
}

/** Server codes of desk requests with words of their own (i18n `desk.error.<code>`; server/backoffice.ts). */
const deskCodes = new Set(['wrong-status', 'reason-required', 'reason-too-long', 'unknown-reason', 'no-vat-number']);

/** Codes of the bank-transfer requests with a message of their own (i18n `bank.error.<code>`; shared/sync/bank.ts). */
const bankCodes = new Set<string>([...bankErrorCodes, 'file-too-large']);

/** What to tell the clerk about a failed bank-statement import or resolve request. */
export function bankErrorMessage(err: unknown): UiMessage {
  if (err instanceof DeskRequestError) {
    if (err.code === 'body-too-large') return uiMessage('bank.error.statement-too-large');
    if (bankCodes.has(err.code)) return uiMessage(`bank.error.${err.code}`, { detail: err.message });
  }
  return deskErrorMessage(err);
}
