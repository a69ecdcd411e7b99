/**
 * An error answered to the client as `{ statusCode, code, message, params? }` (shared/sync/protocol
 * `ErrorBody`): `code` and `params` for the app to word it in the user's language, `message` the
 * English fallback (logs, the command line, a client that does not know the code).
 */
export class HttpError extends Error {
  constructor(
    /** HTTP status, 4xx for the client's fault. */
    readonly statusCode: number,
    /** Stable machine-readable code, e.g. `schema-invalid`, `forbidden`. */
    readonly code: string,
    message: string,
    /** Data the app words the refusal with (names, numbers, ids to look up locally); never words of a language. */
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
