/**
 * The card step of a card sign-up (docs/program.md#sign-up-and-payment): asks the program server
 * for the payment provider's hosted page (`POST /payments/card/setup`: a zero-amount authorisation
 * of the card, which is entered there and never in this app) and opens it outside the app through
 * the platform API (the system browser in Electron, a new tab in the browser build). The result
 * arrives by sync: the membership's `cardAuthorisation` becomes `authorised` and the membership
 * active, or `declined` / `abandoned` with the provider's reason.
 */
import type { DeskApi } from '../../shared/platform/api';
import type { Membership } from '../../shared/schemas';

/** The step a card membership is at, as the membership card shows it. */
export type CardStep = 'none' | 'queued' | 'pending' | 'declined' | 'abandoned';

/**
 * Which card step `m` shows: `none` (not a card sign-up, or the server already decided it),
 * `queued` (the server has not accepted the sign-up yet — offline, or waiting for the organisation's
 * validation: no authorisation can start), else the server's `cardAuthorisation`.
 */
export function cardStepOf(m: Pick<Membership, 'paymentMethod' | 'status' | 'cardAuthorisation'>): CardStep {
  if (m.paymentMethod !== 'card' || m.status !== 'requested') return 'none';
  const a = m.cardAuthorisation;
  return a === 'pending' || a === 'declined' || a === 'abandoned' ? a : 'queued';
}

/** A JSON request with the session's token (renderer/actions/server.ts `serverRequest`, bound). */
export type SessionRequest = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;

/**
 * Opens the hosted card page of membership `membershipId` (a new one each time: "try again").
 * @throws SignInError (`network` when offline, `server` with the server's message, e.g. when the
 *   sign-up needs no card step); Error when the platform refuses the URL (not https, nor http on loopback).
 */
export async function authoriseCard(request: SessionRequest, platform: Pick<DeskApi, 'openExternal'>, membershipId: string, language: 'nl' | 'en'): Promise<void> {
  const { url } = await request<{ url: string }>('POST', '/payments/card/setup', { membershipId, language });
  await platform.openExternal(url);
}
