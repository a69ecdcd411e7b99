/**
 * The replication's record of the server state (RxDB's meta store: one record per document, the
 * "assumed master state") read back from what the replication itself last wrote, not from
 * IndexedDB.
 *
 * RxDB's push side (rxdb 17.6 replication-protocol/upstream.ts) resolves every push answer like a
 * conflict: it writes the resolution to the collection and the answer to the meta store, and then,
 * because it wrote to the collection, runs its search for local changes once more and reads the
 * meta records of every document it just resolved — the records it wrote a moment before — only to
 * find each resolution equal to the answer. For an offline backlog of 10,000 registrations that is
 * 10,000 records read back from IndexedDB (docs/performance.md, "What the push of an offline
 * backlog costs"); the pull's downstream reads them again for any document it brings.
 *
 * This keeps, per record id, the record the wrapped storage instance last wrote successfully, and
 * answers `findDocumentsById` for those ids from it (as copies: callers may change what they get).
 * Ids not kept are read from the storage as before. Only this replication writes its meta store
 * (one leader window replicates, docs/sync.md), and every write of it goes through the instance
 * (RxDB's checkpoints and records, and refusals.ts putting a base back), so a kept record is the
 * stored one: a write the storage refuses (a conflict) forgets the record of that id, and a write
 * that throws forgets every record. At most `max` records are kept, the oldest forgotten first.
 */

/** The two methods of an RxDB storage instance (rxdb `RxStorageInstance`) this wraps. */
export interface MetaRecordStorage {
  bulkWrite(rows: { document: Record<string, unknown> }[], context: string): Promise<{ error: { documentId: string }[] }>;
  findDocumentsById(ids: string[], withDeleted: boolean): Promise<Record<string, unknown>[]>;
}

const wrapped = new WeakSet<object>();

/** True when {@link keepWrittenRecords} is installed on `storage`. */
export function keepsWrittenRecords(storage: object): boolean {
  return wrapped.has(storage);
}

/**
 * Makes `storage` (RxDB's replication meta store instance) answer `findDocumentsById` from the
 * records it last wrote (see the module comment). Same result as the storage's own read: the
 * records found, in the order of `ids`, deleted ones only with `withDeleted`.
 * @param primaryPath the records' primary key (`id` in RxDB's meta schema).
 * @param max most records kept (default 50,000: the documents of a large backlog).
 * @returns false when already installed on this instance (nothing changed).
 */
export function keepWrittenRecords(storage: MetaRecordStorage, primaryPath = 'id', max = 50_000): boolean {
  if (wrapped.has(storage)) return false;
  wrapped.add(storage);
  const kept = new Map<string, Record<string, unknown>>();
  const write = storage.bulkWrite.bind(storage);
  const read = storage.findDocumentsById.bind(storage);
  storage.bulkWrite = async (rows, context) => {
    let result: Awaited<ReturnType<MetaRecordStorage['bulkWrite']>>;
    try {
      result = await write(rows, context);
    } catch (error) {
      kept.clear();
      throw error;
    }
    const refused = new Set(result.error.map((e) => e.documentId));
    for (const row of rows) {
      const id = row.document[primaryPath] as string;
      kept.delete(id); // re-inserted last: insertion order is age
      if (!refused.has(id)) kept.set(id, row.document);
    }
    for (const id of kept.keys()) {
      if (kept.size <= max) break;
      kept.delete(id);
    }
    return result;
  };
  storage.findDocumentsById = async (ids, withDeleted) => {
    const missing = ids.filter((id) => !kept.has(id));
    const stored = missing.length > 0 ? await read(missing, withDeleted) : [];
    if (missing.length === ids.length) return stored;
    const byId = new Map(stored.map((d) => [d[primaryPath] as string, d]));
    const out: Record<string, unknown>[] = [];
    for (const id of ids) {
      const record = kept.get(id);
      if (record === undefined) {
        const d = byId.get(id);
        if (d !== undefined) out.push(d);
      } else if (withDeleted || !record._deleted) out.push(structuredClone(record));
    }
    return out;
  };
  return true;
}
