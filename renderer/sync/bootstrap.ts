/**
 * Fast initial pull of an EMPTY local collection (a fresh install, a new user): the server's pages
 * are written straight into the collection's storage in large bulk writes, one page in flight while
 * the next downloads, without RxDB's per-document replication bookkeeping (the assumed-master
 * record the push side keeps per pulled document, docs/performance.md: it doubled the write volume). The
 * replication then starts from the checkpoints reached here.
 *
 * Each written document carries RxDB's own "came from the master" marker, `_meta.o = { _rev, hash }`
 * (rxdb replication-protocol/downstream.ts, pubkey/rxdb#7804), so the replication's downstream
 * treats it exactly like a document it pulled itself: later server changes overwrite it unless the
 * user changed it locally meanwhile, in which case the push side resolves the conflict by the rule.
 *
 * Safety: the push side starts after the last bootstrapped write (so 100,000 pulled documents are
 * not pushed back), unless the user wrote to the collection while the bootstrap ran — then the push
 * side scans everything (the server treats re-pushed unchanged documents as no-ops) so no local
 * write can be skipped. A local write counts from before the emptiness check on (the watch starts
 * first), and a local write whose change event comes only after the last page is caught in the
 * storage: an insert by counting the stored documents against the ones written here, an update of
 * a document written here by its write time, none of the pages' (`_meta.lwt`). RxDB's push side
 * subscribes to local changes only after the bootstrap, so a write it neither sees nor finds above
 * its start checkpoint would never be pushed (docs/sync.md, "Fast first pull"). A document the server changed while the bootstrap ran comes again in a
 * later page: it replaces the stored state (next revision, still marked as the master's) unless the
 * user changed that document meanwhile, whose write then wins and is pushed. An interrupted
 * bootstrap leaves documents without checkpoints: the next start runs the normal replication from
 * the beginning, which re-pushes them once (no-ops).
 */
import type { BulkWriteRow, RxCollection, RxDocumentData, RxStorageInstance } from 'rxdb';
import { normalizeMangoQuery, prepareQuery } from 'rxdb';
import { createRevision, getHeightOfRevision, now } from 'rxdb/plugins/utils';
import type { CollectionName } from '../../shared/schemas/common';
import type { Checkpoint } from '../../shared/sync/protocol';
import type { SyncConnection } from './connection';
import { fetchPullPage } from './pullPage';
import { isUnchangedMasterState, masterMarkerHash } from './itemState';

/** Bulk-write context of the bootstrap; the outbox treats it as "from the server". */
export const bootstrapContext = 'cps-sync-bootstrap';

/** Where the replication continues after a bootstrap. */
export interface BootstrapResult {
  /** Documents written. */
  documents: number;
  /** Pull checkpoint after the last page (RxDB `pull.initialCheckpoint`). */
  pullCheckpoint: Checkpoint | undefined;
  /** Storage checkpoint `{id, lwt}` of the last written document (RxDB `push.initialCheckpoint`); undefined when a local write interleaved. */
  pushCheckpoint: { id: string; lwt: number } | undefined;
}

/**
 * Bootstraps `collection` when it holds no document; returns null (and writes nothing) otherwise.
 * @param replicationIdentifier the identifier the replication will use (the `_meta.o` hash is derived from it).
 * @returns null when the collection was not empty; else where the replication continues.
 * @throws SyncRequestError `aborted` when sync stops meanwhile; storage errors other than an
 *   id conflict with a local write.
 */
export async function bootstrapEmptyCollection(args: {
  collection: RxCollection;
  name: CollectionName;
  connection: SyncConnection;
  replicationIdentifier: string;
  batchSize: number;
  onPage?(documents: number): void;
}): Promise<BootstrapResult | null> {
  const { collection, name, connection, batchSize } = args;
  let localWrite = false;
  const localIds = new Set<string>();
  const seen = new Set<string>();
  // Watching starts before the emptiness check: a local write that lands after the check (the
  // user saving a new document while sync starts) is always seen. Watching only after the check,
  // and after the awaits that followed it, missed such a write under load: the push side then
  // started after the bootstrap's checkpoint, above the write, and never pushed the document.
  const sub = collection.eventBulks$.subscribe((b) => {
    if (b.context === bootstrapContext) return;
    localWrite = true;
    for (const ev of b.events) localIds.add(ev.documentId);
  });
  let documents = 0;
  let pullCheckpoint: Checkpoint | undefined;
  let pushCheckpoint: { id: string; lwt: number } | undefined;
  /** Ids the bootstrap wrote, and whether the last state written was deleted. */
  const writtenDeleted = new Map<string, boolean>();
  /** The `_meta.lwt` of each page's writes, in write order (strictly increasing: RxDB's `now()`). */
  const pageLwts: number[] = [];
  try {
    if ((await collection.count().exec()) > 0) return null;
    const db = collection.database;
    const hash = await masterMarkerHash(db, args.replicationIdentifier);
    const wrapped = collection.storageInstance as unknown as { originalStorageInstance?: RxStorageInstance<unknown, unknown, unknown> };
    const storage = wrapped.originalStorageInstance ?? (collection.storageInstance as unknown as RxStorageInstance<unknown, unknown, unknown>);
    const firstRev = '1-' + db.token;
    const fast = await dexieFastPath(storage);
    const fetchPage = (checkpoint: Checkpoint | undefined) => fetchPullPage(connection, name, checkpoint, batchSize, `the download of ${name}`);
    let page = await fetchPage(undefined);
    for (;;) {
      const docs = page.documents as Record<string, unknown>[];
      if (docs.length === 0) break;
      pullCheckpoint = page.checkpoint ?? pullCheckpoint;
      const next = docs.length >= batchSize ? fetchPage(pullCheckpoint) : null;
      // a failed download is thrown where it is awaited; until then it must not count as unhandled
      next?.catch(() => undefined);
      const lwt = now();
      pageLwts.push(lwt);
      const meta = { lwt, o: { _rev: 1, hash } };
      let maxId = '';
      // Ids never written before in this bootstrap cannot hold a local edit (the collection started
      // empty; local ids are fresh UUIDs): they take the direct path. An id written again (changed
      // on the server during the bootstrap) or one the user wrote goes through RxDB's checked write.
      // The parsed page is ours: each document becomes the stored one in place (no copy).
      const direct: Record<string, unknown>[] = [];
      const again: Record<string, unknown>[] = [];
      for (const d of docs) {
        const id = d.id as string;
        if (id > maxId) maxId = id;
        d._deleted = !!d._deleted;
        d._rev = firstRev;
        d._meta = meta;
        d._attachments = {};
        if (!seen.has(id) && !localIds.has(id)) direct.push(d);
        else again.push(d);
        seen.add(id);
        writtenDeleted.set(id, d._deleted as boolean);
      }
      if (direct.length > 0 && fast) {
        await fast.write(direct);
      } else if (direct.length > 0) {
        if (await insertChecked(storage, direct, name)) localWrite = true;
      }
      if (again.length > 0) {
        if (await writeChecked(storage, again, db.token, hash, lwt, name)) localWrite = true;
      }
      documents += docs.length;
      pushCheckpoint = { id: maxId, lwt };
      args.onPage?.(documents);
      if (!next) break;
      page = await next;
    }
    // A document the bootstrap did not write, stored anyway: a local insert whose change event did
    // not reach the watch above (its write began before the last page's). Counted while still
    // watching, so a write after the count is seen by the watch instead.
    if (!localWrite && documents > 0) {
      let live = 0;
      for (const deleted of writtenDeleted.values()) if (!deleted) live++;
      // from the storage itself: an RxDB count query may answer from its cache, which follows the change events
      const query = prepareQuery(collection.schema.jsonSchema, normalizeMangoQuery(collection.schema.jsonSchema, { selector: { _deleted: { $eq: false } } } as never));
      if ((await collection.storageInstance.count(query)).count > live) localWrite = true;
      // A local update of a document the bootstrap wrote, whose change event did not reach the
      // watch either: the count is unchanged, but the document's last write is none of the pages'.
      if (!localWrite && (await writtenBetweenPages(collection, pageLwts))) localWrite = true;
    }
  } finally {
    sub.unsubscribe();
  }
  return { documents, pullCheckpoint, pushCheckpoint: localWrite ? undefined : pushCheckpoint };
}

/**
 * Whether a stored document (deleted ones included) was last written by someone other than the
 * bootstrap after its first page: every document a page writes carries that page's `_meta.lwt`, and
 * RxDB's `now()` never returns a value twice, so a write at any other time since then is a local one.
 * One index count per gap between two pages' times and after the last (RxDB's `[_meta.lwt, id]`
 * index; no document is read).
 * @param lwts the pages' `_meta.lwt`, increasing (ms since 1970, RxDB `now()`).
 * @returns true when such a document is stored.
 */
async function writtenBetweenPages(collection: RxCollection, lwts: readonly number[]): Promise<boolean> {
  const schema = collection.schema.jsonSchema;
  for (let i = 0; i < lwts.length; i++) {
    const range = i + 1 < lwts.length ? { $gt: lwts[i], $lt: lwts[i + 1] } : { $gt: lwts[i] };
    const query = prepareQuery(schema, normalizeMangoQuery(schema, { selector: { '_meta.lwt': range }, index: ['_meta.lwt', collection.schema.primaryPath] } as never));
    if ((await collection.storageInstance.count(query)).count > 0) return true;
  }
  return false;
}

/**
 * Inserts server documents through RxDB's checked `bulkWrite` (storages without the direct path).
 * @returns true when an id was written by the user meanwhile (409: the local write wins).
 * @throws Error when the storage refuses a document for another reason than a conflict.
 */
async function insertChecked(storage: RxStorageInstance<unknown, unknown, unknown>, docs: Record<string, unknown>[], name: string): Promise<boolean> {
  const result = await storage.bulkWrite(docs.map((document) => ({ document })) as never, bootstrapContext);
  let keptLocal = false;
  for (const err of result.error) {
    if (err.status !== 409) throw new Error(`bootstrap of ${name}: storage refused document ${err.documentId} (status ${err.status})`);
    keptLocal = true;
  }
  return keptLocal;
}

/**
 * Writes server documents over ids already in the collection (written earlier in this bootstrap,
 * or by the user meanwhile) through RxDB's checked `bulkWrite`. A stored document still equal to
 * the state the bootstrap wrote (RxDB's "came from the master" test of
 * replication-protocol/downstream.ts: `_meta.o.hash` is this replication's and `_meta.o._rev` the
 * height of `_rev`) is replaced by the newer server state, with the next revision; one the user
 * changed is kept (its local write wins and will be pushed, the server resolving the conflict by
 * the collection's rule). `docs` carry `_meta.lwt` and the bootstrap marker already.
 * @returns true when a local write was kept (the push side must then scan the whole collection).
 * @throws Error when the storage refuses a document for another reason than a conflict.
 */
async function writeChecked(
  storage: RxStorageInstance<unknown, unknown, unknown>,
  docs: Record<string, unknown>[],
  token: string,
  hash: string,
  lwt: number,
  name: string,
): Promise<boolean> {
  // the last state of each id in this page wins (a page holds an id once; be safe anyway)
  const latest = new Map<string, Record<string, unknown>>();
  for (const d of docs) latest.set(d.id as string, d);
  const stored = (await storage.findDocumentsById([...latest.keys()], true)) as unknown as RxDocumentData<Record<string, unknown>>[];
  const byId = new Map(stored.map((s) => [s.id as string, s]));
  let keptLocal = false;
  const rows: BulkWriteRow<Record<string, unknown>>[] = [];
  for (const [id, d] of latest) {
    const previous = byId.get(id);
    if (!previous) {
      rows.push({ document: d as RxDocumentData<Record<string, unknown>> });
      continue;
    }
    if (!isUnchangedMasterState(previous, hash)) {
      keptLocal = true; // changed locally since: the user's write wins
      continue;
    }
    const height = getHeightOfRevision(previous._rev) + 1;
    rows.push({ previous, document: { ...d, _rev: createRevision(token, previous), _meta: { lwt, o: { _rev: height, hash } } } as RxDocumentData<Record<string, unknown>> });
  }
  if (rows.length === 0) return keptLocal;
  const result = await storage.bulkWrite(rows as never, bootstrapContext);
  for (const err of result.error) {
    // 409: the user wrote this id between the read and the write; the local write wins and will be pushed
    if (err.status !== 409) throw new Error(`bootstrap of ${name}: storage refused document ${err.documentId} (status ${err.status})`);
    keptLocal = true;
  }
  return keptLocal;
}

/** The parts of RxDB's Dexie storage instance (rxdb 17.6 plugins/storage-dexie) the fast path uses. */
interface DexieInternals {
  dexieTable: { bulkPut(docs: unknown[]): Promise<unknown> };
  booleanIndexes: string[];
}

/**
 * Direct writer into RxDB's Dexie table, bypassing the storage's read-before-write (it reads every
 * id to detect conflicts, which the bootstrap rules out for fresh ids), and announcing the writes
 * on the storage's change stream exactly as its own `bulkWrite` does (same event shape), so RxDB's
 * caches, open queries and the outbox see them. Null when the storage is not RxDB's Dexie storage
 * or indexes on nested booleans need RxDB's full field conversion — the caller then uses `bulkWrite`.
 */
async function dexieFastPath(storage: RxStorageInstance<unknown, unknown, unknown>): Promise<{ write(docs: Record<string, unknown>[]): Promise<void> } | null> {
  const inst = storage as unknown as { internals?: Promise<DexieInternals> | DexieInternals; changes$?: { next(v: unknown): void } };
  if (!inst.internals || !inst.changes$) return null;
  const internals = await inst.internals;
  if (!internals?.dexieTable || !Array.isArray(internals.booleanIndexes)) return null;
  if (internals.booleanIndexes.some((f) => f.includes('.') || f.startsWith('|'))) return null;
  const booleans = internals.booleanIndexes;
  const changes$ = inst.changes$;
  let bulk = 0;
  /** The previous write's announcement: announcements go out in write order. */
  let announced: Promise<void> = Promise.resolve();
  return {
    write(docs) {
      // IndexedDB cannot index booleans: RxDB's Dexie storage keeps them as '1' / '0'
      const rows = docs.map((d) => {
        const r: Record<string, unknown> = { ...d };
        for (const f of booleans) r[f] = d[f] ? '1' : '0';
        return r;
      });
      const written = internals.dexieTable.bulkPut(rows);
      const done = Promise.all([written, announced]).then(() => {
        const events = docs.filter((d) => !d._deleted).map((d) => ({ documentId: d.id as string, operation: 'INSERT', documentData: d, previousDocumentData: undefined }));
        const last = docs[docs.length - 1]!;
        let maxId = '';
        for (const d of docs) if ((d.id as string) > maxId) maxId = d.id as string;
        if (events.length > 0) {
          changes$.next({
            id: `${bootstrapContext}-${Date.now()}-${bulk++}`,
            events,
            checkpoint: { id: maxId, lwt: (last._meta as { lwt: number }).lwt },
            context: bootstrapContext,
          });
        }
      });
      announced = done.catch(() => undefined);
      return done;
    },
  };
}
