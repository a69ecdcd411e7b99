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
 *
 * A record the caller's `inMemoryOnly` hook picks (./answeredInserts.ts: the first record of a new
 * document written with RxDB's "came from the master" marker) is written later: the write answers
 * success at once, RxDB reads the kept record, and {@link storeKeptRecords} writes it to IndexedDB
 * when the replication is idle or stops (./replication.ts). A write of such a record before that
 * (RxDB's, or ./firstEditBase.ts before a local change) stores it, as an insert for IndexedDB, so
 * its `previous` is dropped on the way. Writes of the store run one after the other. A record not
 * stored yet is never forgotten for age; one lost before it was stored (the app killed, a write that
 * threw) leaves the document as a bootstrapped one (./bootstrap.ts).
 */
import type { KeepInMemoryOnly, MetaWriteRow } from './answeredInserts';

/** The two methods of an RxDB storage instance (rxdb `RxStorageInstance`) this wraps. */
export interface MetaRecordStorage {
  bulkWrite(rows: MetaWriteRow[], context: string): Promise<{ error: { documentId: string }[] }>;
  findDocumentsById(ids: string[], withDeleted: boolean): Promise<Record<string, unknown>[]>;
}

/** Per wrapped storage instance: the ids of records kept in memory only (not in IndexedDB), and the function that stores them. */
const installed = new WeakMap<object, { unstored: ReadonlySet<string>; store(chunk: number): Promise<number> }>();

/** True when {@link keepWrittenRecords} is installed on `storage`. */
export function keepsWrittenRecords(storage: object): boolean {
  return installed.has(storage);
}

/** Bulk-write context of {@link storeKeptRecords}. */
export const storeKeptContext = 'cps-store-kept-records';

/**
 * Writes the records `storage` keeps in memory only to IndexedDB, `chunk` records per write with a
 * turn of the event loop between writes (the replication's own writes go between them). Resolves
 * with the number stored; 0 when none is kept or {@link keepWrittenRecords} is not installed.
 * @throws the storage's error when a write fails (the records not stored stay in memory).
 */
export function storeKeptRecords(storage: object, chunk = 500): Promise<number> {
  return installed.get(storage)?.store(chunk) ?? Promise.resolve(0);
}

/** True when the record `id` (meta store primary key) of `storage` is kept in memory only, not stored. */
export function isKeptInMemoryOnly(storage: object, id: string): boolean {
  return installed.get(storage)?.unstored.has(id) ?? false;
}

/**
 * Makes `storage` (RxDB's replication meta store instance) answer `findDocumentsById` from the
 * records it last wrote (see the module comment). Same result as the storage's own read: the
 * records found, in the order of `ids`, deleted ones only with `withDeleted`.
 * @param primaryPath the records' primary key (`id` in RxDB's meta schema).
 * @param max most records kept (default 50,000: the documents of a large backlog).
 * @param inMemoryOnly picks the rows of a write to keep without writing them (see the module comment).
 * @returns false when already installed on this instance (nothing changed).
 */
export function keepWrittenRecords(storage: MetaRecordStorage, primaryPath = 'id', max = 50_000, inMemoryOnly?: KeepInMemoryOnly): boolean {
  if (installed.has(storage)) return false;
  const kept = new Map<string, Record<string, unknown>>();
  const unstored = new Set<string>();
  const write = storage.bulkWrite.bind(storage);
  const read = storage.findDocumentsById.bind(storage);
  // writes run one after the other, so a record is stored by the flush or by the next write, never by both
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const idOf = (row: MetaWriteRow) => row.document[primaryPath] as string;
  storage.bulkWrite = (rows, context) =>
    serial(async () => {
      const skipped = inMemoryOnly ? rows.filter((row) => !unstored.has(idOf(row)) && inMemoryOnly(row, context)) : [];
      const skippedIds = new Set(skipped.map(idOf));
      // a record kept in memory only is not in IndexedDB: its next write is an insert there
      const toStore = rows.filter((row) => !skippedIds.has(idOf(row))).map((row) => (unstored.has(idOf(row)) ? { ...row, previous: undefined } : row));
      let result: Awaited<ReturnType<MetaRecordStorage['bulkWrite']>>;
      try {
        result = toStore.length > 0 ? await write(toStore, context) : { error: [] };
      } catch (error) {
        kept.clear();
        unstored.clear();
        throw error;
      }
      const refused = new Set(result.error.map((e) => e.documentId));
      for (const row of rows) {
        const id = idOf(row);
        kept.delete(id); // re-inserted last: insertion order is age
        if (refused.has(id)) {
          unstored.delete(id);
          continue;
        }
        kept.set(id, row.document);
        if (skippedIds.has(id)) unstored.add(id);
        else unstored.delete(id);
      }
      // the oldest stored records are forgotten first; one not stored yet stays until the flush
      for (const id of kept.keys()) {
        if (kept.size <= max) break;
        if (!unstored.has(id)) kept.delete(id);
      }
      return result;
    });
  const store = async (chunk: number): Promise<number> => {
    let stored = 0;
    while (unstored.size > 0) {
      stored += await serial(async () => {
        const ids: string[] = [];
        for (const id of unstored) {
          if (ids.length >= chunk) break;
          ids.push(id);
        }
        const result = await write(
          ids.map((id) => ({ document: kept.get(id)! })),
          storeKeptContext,
        );
        // refused: IndexedDB holds a record of that document already, written meanwhile by another
        // writer (RxDB's downstream): that one is newer, and reads go to it, as after a refused write
        const refused = new Set(result.error.map((e) => e.documentId));
        for (const id of ids) {
          unstored.delete(id);
          if (refused.has(id)) kept.delete(id);
        }
        return ids.length - result.error.length;
      });
      await new Promise((r) => setTimeout(r, 0)); // other writes of the store go between two chunks
    }
    return stored;
  };
  installed.set(storage, { unstored, store });
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
