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
 * write can be skipped. An interrupted bootstrap leaves documents without checkpoints: the next
 * start runs the normal replication from the beginning, which re-pushes them once (no-ops).
 */
import type { RxCollection, RxStorageInstance } from 'rxdb';
import { now } from 'rxdb/plugins/utils';
import type { CollectionName } from '../../shared/schemas/common';
import type { Checkpoint } from '../../shared/sync/protocol';
import type { SyncConnection } from './connection';
import { fetchPullPage } from './pullPage';

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
 * @throws SyncRequestError `aborted` when sync stops meanwhile; storage errors other than an
 *   id conflict with a local insert.
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
  if ((await collection.count().exec()) > 0) return null;
  const db = collection.database;
  const hash = await db.hashFunction('rxdbreplication' + args.replicationIdentifier);
  const wrapped = collection.storageInstance as unknown as { originalStorageInstance?: RxStorageInstance<unknown, unknown, unknown> };
  const storage = wrapped.originalStorageInstance ?? (collection.storageInstance as unknown as RxStorageInstance<unknown, unknown, unknown>);
  const firstRev = '1-' + db.token;
  let localWrite = false;
  const localIds = new Set<string>();
  const seen = new Set<string>();
  const sub = collection.eventBulks$.subscribe((b) => {
    if (b.context === bootstrapContext) return;
    localWrite = true;
    for (const ev of b.events) localIds.add(ev.documentId);
  });
  const fast = await dexieFastPath(storage);
  const fetchPage = (checkpoint: Checkpoint | undefined) => fetchPullPage(connection, name, checkpoint, batchSize, `the download of ${name}`);
  let documents = 0;
  let pullCheckpoint: Checkpoint | undefined;
  let pushCheckpoint: { id: string; lwt: number } | undefined;
  try {
    let page = await fetchPage(undefined);
    for (;;) {
      const docs = page.documents;
      if (docs.length === 0) break;
      pullCheckpoint = page.checkpoint ?? pullCheckpoint;
      const next = docs.length >= batchSize ? fetchPage(pullCheckpoint) : null;
      const lwt = now();
      const meta = { lwt, o: { _rev: 1, hash } };
      let maxId = '';
      const rows = docs.map((d) => {
        if (d.id > maxId) maxId = d.id;
        return { document: { ...d, _deleted: !!d._deleted, _rev: firstRev, _meta: meta, _attachments: {} } };
      });
      // Ids never written before in this bootstrap cannot hold a local edit (the collection started
      // empty; local ids are fresh UUIDs): they take the direct path. A repeated id (changed on the
      // server during the bootstrap) or one the user wrote goes through RxDB's checked write.
      const direct: typeof rows = [];
      const checked: typeof rows = [];
      for (const r of rows) {
        const id = r.document.id;
        if (fast && !seen.has(id) && !localIds.has(id)) direct.push(r);
        else checked.push(r);
        seen.add(id);
      }
      if (direct.length > 0 && fast) await fast.write(direct.map((r) => r.document));
      if (checked.length > 0) {
        const result = await storage.bulkWrite(checked as never, bootstrapContext);
        for (const err of result.error) {
          // 409: the user wrote this id meanwhile; the local write wins and will be pushed
          if (err.status !== 409) throw new Error(`bootstrap of ${name}: storage refused document ${err.documentId} (status ${err.status})`);
          localWrite = true;
        }
      }
      documents += docs.length;
      pushCheckpoint = { id: maxId, lwt };
      args.onPage?.(documents);
      if (!next) break;
      page = await next;
    }
  } finally {
    sub.unsubscribe();
  }
  return { documents, pullCheckpoint, pushCheckpoint: localWrite ? undefined : pushCheckpoint };
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
  return {
    async write(docs) {
      // IndexedDB cannot index booleans: RxDB's Dexie storage keeps them as '1' / '0'
      const rows = docs.map((d) => {
        const r: Record<string, unknown> = { ...d };
        for (const f of booleans) r[f] = d[f] ? '1' : '0';
        return r;
      });
      await internals.dexieTable.bulkPut(rows);
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
    },
  };
}
