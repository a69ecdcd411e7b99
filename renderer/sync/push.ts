/**
 * Sends one push of a collection and keeps a refused document from blocking the others.
 *
 * The server applies a push atomically: one document it refuses for good (see
 * `permanentPushStatuses`) fails the whole request. Then the rows are split in halves and sent
 * again, recursively, until every refused document stands alone; those are handed to `onRefused`
 * (recorded in the RefusalStore) and answered to RxDB as handled, the rest is stored by the
 * server as usual. With k refused rows among n, that costs about k·log2(n) extra requests, and
 * nothing when no row is refused. Any other failure (network, 401, 409, 5xx) is thrown for the
 * connection gate to retry; rows the server already took are then sent again, which the server
 * treats as no-ops.
 */
import type { PushRow, ReplicatedDocument } from '../../shared/sync/protocol';
import { responseError, SyncRequestError } from './errors';
import { permanentPushStatuses } from './refusals';

/** What {@link pushIsolatingRefusals} needs. */
export interface PushRequest {
  /** Sends rows to `POST /sync/:collection/push`; rejects with a network error when unreachable. */
  send(rows: PushRow[]): Promise<Response>;
  /** Words for error messages, e.g. "the upload of registrations". */
  what: string;
  /** Records a row the server refused for good; awaited before RxDB hears about the row (answered as handled). */
  onRefused(row: PushRow, error: SyncRequestError): Promise<void>;
  /**
   * Whether a refusal of `rows` is for good. Default: the status is one of `permanentPushStatuses`.
   * (A 409 `unknown-organisation` is for good only when that organisation was itself refused.)
   */
  isPermanent?(error: SyncRequestError, rows: PushRow[]): boolean | Promise<boolean>;
}

/**
 * True when `error` is a refusal for good by its status alone. Only an answer of the program
 * server itself counts (it carries an error `code`): a proxy's or maintenance page's 403/404 is
 * retried, never taken as the server's verdict on the documents.
 */
export function permanentByStatus(error: SyncRequestError): boolean {
  return error.kind === 'rejected' && error.code !== null && error.status !== null && permanentPushStatuses.includes(error.status);
}

/**
 * Pushes `rows`; returns the server's conflicting master documents.
 * @throws SyncRequestError for every failure that is not a permanent refusal of single rows.
 */
export async function pushIsolatingRefusals(rows: PushRow[], request: PushRequest): Promise<ReplicatedDocument[]> {
  if (rows.length === 0) return [];
  const res = await request.send(rows);
  if (res.ok) return (await res.json()) as ReplicatedDocument[];
  const error = await responseError(res, request.what);
  if (!(request.isPermanent ? await request.isPermanent(error, rows) : permanentByStatus(error))) throw error;
  if (rows.length === 1) {
    await request.onRefused(rows[0]!, error);
    return [];
  }
  const mid = Math.ceil(rows.length / 2);
  const first = await pushIsolatingRefusals(rows.slice(0, mid), request);
  const second = await pushIsolatingRefusals(rows.slice(mid), request);
  return [...first, ...second];
}
