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
import type { CollectionName } from '../../shared/schemas/common';
import { normaliseSerial } from '../../shared/program/registration';
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

/** How {@link pushInChunks} splits a push. */
export interface ChunkOptions {
  /** Most rows per request (the server's limit, `maxPushRows`). */
  maxRows: number;
  /** Most bytes of JSON per request (below the server's body limit). */
  maxBytes: number;
  /** Requests in flight at once. */
  inFlight: number;
  /**
   * Rows whose changes must reach the server in order share a key (e.g. a registration's product
   * model and serial: the first one received holds the serial). Rows with a key seen earlier go in
   * the same request as the first one, or, when that request is full, in a later round sent only
   * after every request before it has been answered. Null: no order needed.
   */
  orderKey?(row: PushRow): string | null;
}

/** Splits `rows` into rounds of requests (see {@link ChunkOptions}); exported for tests. */
export function planChunks(rows: PushRow[], opts: Omit<ChunkOptions, 'inFlight'>): PushRow[][][] {
  if (rows.length === 0) return [];
  const chunks: { rows: PushRow[]; bytes: number }[] = [];
  const chunkOfKey = new Map<string, { rows: PushRow[]; bytes: number }>();
  const later: PushRow[] = [];
  const laterKeys = new Set<string>();
  let current: { rows: PushRow[]; bytes: number } | null = null;
  for (const row of rows) {
    const bytes = JSON.stringify(row).length + 1;
    const key = opts.orderKey?.(row) ?? null;
    if (key !== null && laterKeys.has(key)) {
      later.push(row);
      continue;
    }
    const fits = (c: { rows: PushRow[]; bytes: number }) => c.rows.length < opts.maxRows && (c.rows.length === 0 || c.bytes + bytes <= opts.maxBytes);
    const home = key !== null ? chunkOfKey.get(key) : undefined;
    if (home) {
      if (fits(home)) {
        home.rows.push(row);
        home.bytes += bytes;
      } else {
        later.push(row);
        laterKeys.add(key!);
      }
      continue;
    }
    if (!current || !fits(current)) chunks.push((current = { rows: [], bytes: 2 }));
    current.rows.push(row);
    current.bytes += bytes;
    if (key !== null) chunkOfKey.set(key, current);
  }
  return [chunks.map((c) => c.rows), ...planChunks(later, opts)];
}

/**
 * Pushes `rows` as several requests: each round's requests go `inFlight` at a time (each with
 * {@link pushIsolatingRefusals}), rounds one after another (see {@link ChunkOptions.orderKey}).
 * Returns all conflicts in row order of the requests. When a request fails, the requests already
 * in flight are awaited and the first error is thrown (the caller retries the whole push; rows
 * the server already took are no-ops then).
 */
export async function pushInChunks(rows: PushRow[], request: PushRequest, opts: ChunkOptions): Promise<ReplicatedDocument[]> {
  const out: ReplicatedDocument[] = [];
  for (const round of planChunks(rows, opts)) {
    const answers: ReplicatedDocument[][] = new Array<ReplicatedDocument[]>(round.length);
    let next = 0;
    let failure: { error: unknown } | null = null;
    await Promise.all(
      Array.from({ length: Math.min(Math.max(1, opts.inFlight), round.length) }, async () => {
        while (!failure && next < round.length) {
          const i = next++;
          try {
            answers[i] = await pushIsolatingRefusals(round[i]!, request);
          } catch (error) {
            failure ??= { error };
          }
        }
      }),
    );
    if (failure) throw (failure as { error: unknown }).error;
    for (const a of answers) out.push(...a);
  }
  return out;
}

/**
 * Order keys per collection (see {@link ChunkOptions.orderKey}): registrations of one product model
 * and serial (the server's first receipt holds the serial), memberships of one organisation (an
 * activated membership ends the earlier one). Other documents need no order among themselves.
 */
export const pushOrderKeys: Partial<Record<CollectionName, (row: PushRow) => string | null>> = {
  registrations: (row) => {
    const d = row.newDocumentState as Record<string, unknown>;
    const serial = normaliseSerial(typeof d.serialNumber === 'string' ? d.serialNumber : null);
    return typeof d.productModelId === 'string' && serial !== '' ? `${d.productModelId}\u0000${serial}` : null;
  },
  memberships: (row) => {
    const o = (row.newDocumentState as Record<string, unknown>).organisationId;
    return typeof o === 'string' ? o : null;
  },
};
