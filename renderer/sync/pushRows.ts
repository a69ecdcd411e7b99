/**
 * One push of a collection's changed documents (`POST /sync/:collection/push`), through the
 * connection gate (token, backoff, offline pause): the counterpart of ./pullPage.ts, used as the
 * RxDB replication's push handler. Rows outdated while they waited are answered locally
 * (./outdatedRows.ts); the rest go in requests of bounded size (./push.ts `pushInChunks`), with
 * refusals for good handed to the refusal lifecycle (./refusalLifecycle.ts).
 */
import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import type { CollectionName } from '../../shared/schemas/common';
import { maxPushRows, type PushRow, type ReplicatedDocument } from '../../shared/sync/protocol';
import type { SyncConnection } from './connection';
import { networkError } from './errors';
import { splitOutdatedRows } from './outdatedRows';
import { pushInChunks, pushOrderKeys } from './push';
import type { RefusalLifecycle } from './refusalLifecycle';

/** How one collection pushes. */
export interface PushRowsOptions {
  connection: SyncConnection;
  collection: RxCollection;
  name: CollectionName;
  refusals: Pick<RefusalLifecycle, 'isPermanent' | 'refused'>;
  /** Most bytes of JSON per request (StartSyncOptions.pushMaxBytes). */
  maxBytes: number;
  /** Requests in flight at once (StartSyncOptions.pushRequestsInFlight). */
  inFlight: number;
  /** Human description of the upload for error messages, e.g. "the upload of registrations". */
  what: string;
  /** Called once rows went to the server and it answered (not for a push answered locally only). */
  onPushed?(): void;
  /** Called with the documents the server answered (its states, not the local answers to outdated rows), before RxDB gets them. */
  onAnswered?(docs: readonly ReplicatedDocument[]): void;
}

/**
 * Pushes `rows` and returns what RxDB expects of a push handler: the server's conflicting master
 * documents plus the local answers to outdated rows.
 * @throws the connection's typed errors (network failure, a refusal that is not for good: retried by RxDB).
 */
export function pushRows(options: PushRowsOptions, rows: RxReplicationWriteToMasterRow<unknown>[]): Promise<WithDeleted<unknown>[]> {
  const { connection, collection, name } = options;
  const base = connection.serverUrl;
  return connection.run(name, async (token, signal) => {
    // Checked on every attempt: a push may wait offline while the document changes.
    const { current, outdatedAnswers } = await splitOutdatedRows(collection, rows);
    if (current.length === 0) return outdatedAnswers;
    const body: PushRow[] = current.map((r) => ({
      assumedMasterState: (r.assumedMasterState as ReplicatedDocument | undefined) ?? null,
      newDocumentState: r.newDocumentState as ReplicatedDocument,
    }));
    const conflicts = (await pushInChunks(
      body,
      {
        what: options.what,
        send: async (chunk) => {
          try {
            return await connection.fetch(`${base}/sync/${name}/push`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify(chunk),
              signal,
            });
          } catch (e) {
            throw networkError(base, e);
          }
        },
        isPermanent: (error, batch) => options.refusals.isPermanent(error, batch),
        onRefused: (row, error) => options.refusals.refused(name, row, error),
      },
      { maxRows: maxPushRows, maxBytes: options.maxBytes, inFlight: options.inFlight, orderKey: pushOrderKeys[name] },
    )) as WithDeleted<unknown>[];
    options.onPushed?.();
    if (conflicts.length > 0) options.onAnswered?.(conflicts as unknown as ReplicatedDocument[]);
    return outdatedAnswers.length ? [...conflicts, ...outdatedAnswers] : conflicts;
  });
}
