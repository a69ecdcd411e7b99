/**
 * The back-office desk's requests to the program server (shared/sync/desk.ts), over the session's
 * authorised fetch. Desk screens reach these through renderer/hooks/desk.ts (reads) and `useActions()` (decisions, VAT checks), never `fetch`.
 *
 * The scan of an evidence document comes from `GET /evidence/:evidenceDocumentId/file`: this is
 * the ONE function the desk reads file bytes through ({@link fetchEvidenceScan}). A 404 means the
 * file is not on the server (yet): the desk shows "scan not uploaded yet", not an error.
 */
import type { Decision, DecisionResult, DecisionSeen, OrganisationReview, PendingOrganisation, VatCheck } from '../../shared/sync/desk';

/** The session's authorised fetch (renderer/app/session.tsx `authorisedFetch`). */
export type AuthorisedFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** A refused desk request: HTTP status, the server's error `code` and message. */
export class DeskRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeskRequestError';
  }
}

async function json<T>(fetcher: AuthorisedFetch, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetcher(path, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const parsed = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!res.ok) throw new DeskRequestError(res.status, parsed.code ?? 'http', parsed.message ?? `HTTP ${res.status}`);
  return parsed;
}

/** The queue: pending organisations, oldest first; `country` / `kind` filter it (empty: all). @throws DeskRequestError, SignInError `network`. */
export function fetchQueue(fetcher: AuthorisedFetch, filter: { country?: string; kind?: string } = {}): Promise<PendingOrganisation[]> {
  const q = new URLSearchParams();
  if (filter.country) q.set('country', filter.country);
  if (filter.kind) q.set('kind', filter.kind);
  return json(fetcher, 'GET', `/admin/pending${q.size ? `?${q}` : ''}`);
}

/** The review of one organisation. @throws DeskRequestError (404 unknown), SignInError `network`. */
export function fetchReview(fetcher: AuthorisedFetch, organisationId: string): Promise<OrganisationReview> {
  return json(fetcher, 'GET', `/admin/organisations/${encodeURIComponent(organisationId)}/review`);
}

/** Runs the VIES check on the server (stored on the organisation). @throws DeskRequestError, SignInError `network`. */
export function runVatCheck(fetcher: AuthorisedFetch, organisationId: string): Promise<VatCheck> {
  return json(fetcher, 'POST', `/admin/organisations/${encodeURIComponent(organisationId)}/vies-check`, {});
}

/**
 * Sends a decision with what the clerk saw.
 * @throws DeskRequestError — 409 `changed-since-opened` / `already-decided` when another clerk was first; 400 without reason.
 */
export function sendDecision(fetcher: AuthorisedFetch, organisationId: string, decision: Decision, seen: DecisionSeen): Promise<DecisionResult> {
  const id = encodeURIComponent(organisationId);
  if (decision.kind === 'validate') return json(fetcher, 'POST', `/admin/organisations/${id}/validate`, { seen });
  return json(fetcher, 'POST', `/admin/organisations/${id}/${decision.kind}`, { reasonCode: decision.reasonCode, reason: decision.reason, seen });
}

/** A scan as fetched: its bytes, the server's (sniffed) type and the bytes' SHA-256 (hex). */
export interface EvidenceScan {
  bytes: Uint8Array;
  mimeType: string;
  sha256: string;
}

/**
 * The scan of evidence document `evidenceDocumentId`, or null when it is not on the server yet (404).
 * @throws DeskRequestError for other refusals, SignInError `network`.
 */
export async function fetchEvidenceScan(fetcher: AuthorisedFetch, evidenceDocumentId: string): Promise<EvidenceScan | null> {
  const res = await fetcher(`/evidence/${encodeURIComponent(evidenceDocumentId)}/file`, { method: 'GET' });
  if (res.status === 404) return null;
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new DeskRequestError(res.status, body.code ?? 'http', body.message ?? `HTTP ${res.status}`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return { bytes, mimeType: (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim(), sha256 };
}
