/** The desk's request errors as UI messages (i18n keys under `desk.error`), never a raw library text. */
import { SignInError } from '../app/session';
import { uiMessage, type UiMessage } from '../app/message';
import { DeskRequestError } from '../actions/desk';

/** What to tell the clerk about a failed desk request. */
export function deskErrorMessage(err: unknown): UiMessage {
  if (err instanceof SignInError) return uiMessage(err.reason === 'network' ? 'desk.error.offline' : 'desk.error.signIn');
  if (err instanceof DeskRequestError) {
    if (err.status === 401) return uiMessage('desk.error.signIn');
    if (err.status === 403) return uiMessage('desk.error.forbidden');
    if (err.code === 'changed-since-opened' || err.code === 'already-decided') return uiMessage('desk.error.conflict', { detail: err.message });
    if (err.status === 404) return uiMessage('desk.error.notFound');
    return uiMessage('desk.error.server', { detail: err.message });
  }
  return uiMessage('desk.error.server', { detail: err instanceof Error ? err.message : String(err) });
}
