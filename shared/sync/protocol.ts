/**
 * The replication protocol between the desktop and the program server (docs/sync.md): RxDB's HTTP
 * replication protocol, one endpoint set per collection.
 *
 *   GET  /sync/:collection/pull?id=&updatedAt=&limit=  → PullResponse   (ordered by (updatedAt, id))
 *   POST /sync/:collection/push   body: PushRow[]      → conflicting master documents (empty = ok)
 *   GET  /sync/:collection/pull-stream                 → text/event-stream of PullStreamEvent
 *
 * All requests carry `Authorization: Bearer <token>`; the stream too (never a token in the URL).
 */
import type { CollectionName } from '../schemas/common';

/** Position in a collection's change feed: the last document seen, by (updatedAt, id). */
export interface Checkpoint {
  id: string;
  /** ISO 8601 timestamp assigned by the server, strictly increasing in commit order. */
  updatedAt: string;
}

/** A replicated document as it travels: the collection's fields plus RxDB's `_deleted`. */
export type ReplicatedDocument = Record<string, unknown> & { id: string; updatedAt: string; _deleted: boolean };

/** Answer of a pull: documents after the checkpoint, and the checkpoint of the last one. */
export interface PullResponse {
  documents: ReplicatedDocument[];
  /** Checkpoint after this batch; equal to the request's when nothing changed. Null only for an empty collection. */
  checkpoint: Checkpoint | null;
}

/**
 * One row of a push: the state the client last saw from the server, and its new state.
 * The answer lists master documents: the current master when the row was refused (stale
 * assumedMasterState, or the document is no longer editable by the conflict rule), or the stored
 * document when the server accepted the row but decided server-owned fields differently from what
 * was sent (e.g. `points-assigned`, a membership number) — the client's conflict handler then adopts
 * them. Differences in `updatedAt`/`createdAt` alone are not reported (they come with the next pull).
 */
export interface PushRow {
  /** Null when the client believes the document is new to the server. */
  assumedMasterState: ReplicatedDocument | null;
  newDocumentState: ReplicatedDocument;
}

/**
 * An event on the pull stream: a batch of changes, or `RESYNC` (the client must pull again).
 * Wire format: each event is one SSE `data:` line holding `JSON.stringify(event)` (so RESYNC is
 * `data: "RESYNC"`); the server sends RESYNC first on every (re)connection, then a batch per
 * change after the head at connect time, and `: heartbeat` comment lines every
 * `pullStreamHeartbeatMs`. A stream whose token is revoked or expired is closed at the next heartbeat.
 */
export type PullStreamEvent = { documents: ReplicatedDocument[]; checkpoint: Checkpoint } | 'RESYNC';

/** Collections a client may push. Catalog, program data and invoices replicate down only. */
export const pushableCollections = ['organisations', 'evidenceDocuments', 'registrations', 'memberships'] as const satisfies readonly CollectionName[];

/** Most rows the server accepts in one push (more: 413 `too-many-rows`; the client splits its pushes to fit). */
export const maxPushRows = 1000;

/** Default and maximum page size of a pull. */
export const pullLimits = { default: 1000, max: 5000 } as const;

/** Milliseconds between heartbeats (an SSE comment line) on the pull stream. */
export const pullStreamHeartbeatMs = 15_000;

/** Login request and answer (`POST /auth/login`). */
export interface LoginRequest {
  email: string;
  password: string;
}
export type UserRole = 'dealer' | 'studio-manager' | 'back-office';
export interface LoginResponse {
  /** Opaque bearer token. */
  token: string;
  /** ISO 8601 expiry. */
  expiresAt: string;
  user: { id: string; email: string; role: UserRole; name: string; dealerId: string | null; organisationId: string | null };
}

/**
 * Error body of every 4xx/5xx answer: a stable `code`, optional `params` (data such as ids, names
 * and numbers) the app words the error with from its own nl/en catalogs, and `message`, the
 * server's English fallback text.
 */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}
