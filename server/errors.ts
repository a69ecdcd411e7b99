/** An error answered to the client as `{ statusCode, code, message }` (shared/sync/protocol `ErrorBody`). */
export class HttpError extends Error {
  constructor(
    /** HTTP status, 4xx for the client's fault. */
    readonly statusCode: number,
    /** Stable machine-readable code, e.g. `schema-invalid`, `forbidden`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
