/**
 * How many local changes of a replica the server has not confirmed, for the sign-out question
 * when sync is not running (no token): a document counts unless it carries RxDB's "came from the
 * master" marker `_meta.o` of the replication with `serverUrl` for its current revision
 * (renderer/sync/outbox.ts, its scan without a running replication). This can count a change the
 * server accepted but never sent back; it never misses one, which is the safe side for a warning
 * before data is removed. With sync running, the sync status has the exact number.
 */
import type { RxCollection, RxDatabase } from 'rxdb';
import { pushableCollections } from '../../shared/sync/protocol';
import { isUnchangedMasterState, masterMarkerHash, type StoredDocumentData } from '../sync/itemState';
import { replicationIdentifierOf } from '../sync/replication';

/** Local changes not confirmed by the server at `serverUrl`, over the pushable collections (a local deletion is not counted). */
export async function countUnconfirmedChanges(db: RxDatabase, serverUrl: string): Promise<number> {
  let count = 0;
  for (const name of pushableCollections) {
    const collection = db.collections[name] as RxCollection | undefined;
    if (!collection) continue;
    const hash = await masterMarkerHash(db, replicationIdentifierOf(name, serverUrl));
    const docs = await collection.find().exec();
    for (const d of docs) {
      if (!isUnchangedMasterState((d as unknown as { _data: StoredDocumentData })._data, hash)) count++;
    }
  }
  return count;
}
