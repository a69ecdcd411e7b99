/**
 * Gives a document the fast first pull wrote (./bootstrap.ts) its record of the server state when
 * the user first changes it.
 *
 * The bootstrap leaves out RxDB's per-document record of the server state (the assumed master
 * state in the replication's meta store) for speed (docs/performance.md). Without it the first
 * local change of such a document is pushed with no assumed master state: the server answers it as
 * a stale conflict, and the conflict rule (shared/sync/conflicts.ts), with nothing to compare the
 * local document against, keeps every client-owned field of it — undoing a change another device
 * made meanwhile to another field (docs/sync.md, "Fast first pull").
 *
 * The state the user starts from is still known at that moment: the stored document, as long as it
 * carries RxDB's "came from the master" marker unchanged (`_meta.o` with this replication's hash and
 * the height of `_rev`, rxdb 17.6 replication-protocol/downstream.ts). So a local write (any
 * context but the replication's own and the bootstrap's) that replaces such a document first writes
 * that document as its record, when it has none, through the replication's meta store; RxDB's push
 * side then sends the change with it as the assumed master state and the rule merges field by field.
 * Documents that have a record (pulled by the replication itself) are left as they are.
 */
import type { BulkWriteRow, RxCollection, RxStorageBulkWriteResponse } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { getAssumedMasterState, getMetaWriteRow, writeDocToDocState } from 'rxdb';
import { bootstrapContext } from './bootstrap';
import { isUnchangedMasterState } from './itemState';
import { isKeptInMemoryOnly } from './writtenRecords';

type BulkWrite = (rows: BulkWriteRow<unknown>[], context: string) => Promise<RxStorageBulkWriteResponse<unknown>>;
type ReplicationProtocolState = Parameters<typeof getAssumedMasterState>[0];

/** Bulk-write context of the records written here (the meta store's writes are told apart by it). */
export const firstEditBaseContext = 'cps-first-edit-base';

/** Per wrapped storage instance, the replication (and its marker hash) the wrapper serves: the last one installed. */
const installed = new WeakMap<object, { replication: RxReplicationState<unknown, unknown>; hash: string }>();

/**
 * Installs the wrapper of the module comment on `collection`'s storage instance, for `replication`
 * (started: its internal state is read at each write). Idempotent: installed again (sync started
 * once more on the same database), the wrapper serves the new replication.
 * @param hash the replication's marker hash (itemState.ts `masterMarkerHash`).
 * @returns false when it was already installed on this storage instance.
 */
export function recordBaseOnFirstEdit(collection: RxCollection, replication: RxReplicationState<unknown, unknown>, hash: string): boolean {
  const storage = collection.storageInstance as unknown as { bulkWrite: BulkWrite };
  const wasInstalled = installed.has(storage);
  installed.set(storage, { replication, hash });
  if (wasInstalled) return false;
  const inner = storage.bulkWrite.bind(storage);
  const hasAttachments = Boolean((collection.schema.jsonSchema as { attachments?: unknown }).attachments);
  const primary = collection.schema.primaryPath as string;
  storage.bulkWrite = async (rows, context) => {
    const { replication, hash } = installed.get(storage)!;
    const state = replication.internalReplicationState as ReplicationProtocolState | undefined;
    if (state && typeof context === 'string' && !context.startsWith('replication-') && context !== bootstrapContext) {
      const bases = new Map<string, Record<string, unknown>>();
      for (const row of rows) {
        const previous = row.previous as Record<string, unknown> | undefined;
        if (isUnchangedMasterState(previous, hash)) bases.set(previous![primary] as string, previous!);
      }
      if (bases.size > 0 && !replication.isStopped()) await writeMissingRecords(state, bases, hasAttachments);
    }
    return inner(rows, context);
  };
  return true;
}

/**
 * Writes each of `bases` as its document's record of the server state, where the meta store holds
 * none in IndexedDB: none at all, or one kept in memory only (an answered new document,
 * ./answeredInserts.ts, not written yet), which an app killed before it was written would lose.
 */
async function writeMissingRecords(state: ReplicationProtocolState, bases: Map<string, Record<string, unknown>>, hasAttachments: boolean): Promise<void> {
  const records = (await getAssumedMasterState(state, [...bases.keys()])) as Record<string, { metaDocument: { id: string } } | undefined>;
  const rows = [];
  for (const [id, base] of bases) {
    const record = records[id];
    if (record && !isKeptInMemoryOnly(state.input.metaInstance, record.metaDocument.id)) continue;
    rows.push(await getMetaWriteRow(state, writeDocToDocState(base as never, hasAttachments, false) as never, undefined));
  }
  // a conflict (409) means a record was written meanwhile (the replication's own): it stays
  if (rows.length > 0) await state.input.metaInstance.bulkWrite(rows as never, firstEditBaseContext);
}
