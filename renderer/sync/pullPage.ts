/**
 * One page of a collection's pull (`GET /sync/:collection/pull`), through the connection gate
 * (token, backoff, offline pause). Shared by the first-pull bootstrap and the live replication.
 */
import type { CollectionName } from '../../shared/schemas/common';
import type { Checkpoint, PullResponse } from '../../shared/sync/protocol';
import type { SyncConnection } from './connection';
import { networkError, responseError } from './errors';

/**
 * Fetches the documents after `checkpoint` (from the start when undefined), at most `limit`.
 * @param what human description of the download for error messages, e.g. "the download of registrations".
 * @throws the connection's typed errors: network failure, or the server's answer as a readable error.
 */
export function fetchPullPage(connection: SyncConnection, name: CollectionName, checkpoint: Checkpoint | undefined, limit: number, what: string): Promise<PullResponse> {
  const base = connection.serverUrl;
  return connection.run(name, async (token, signal) => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (checkpoint) {
      q.set('id', checkpoint.id);
      q.set('updatedAt', checkpoint.updatedAt);
    }
    let res: Response;
    try {
      res = await connection.fetch(`${base}/sync/${name}/pull?${q}`, { headers: { Authorization: `Bearer ${token}` }, signal, cache: 'no-store' });
    } catch (e) {
      throw networkError(base, e);
    }
    if (!res.ok) throw await responseError(res, what);
    return (await res.json()) as PullResponse;
  });
}
