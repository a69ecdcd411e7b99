/**
 * The sync module: replicates the local database with the program server (docs/sync.md) and
 * publishes a status model the UI observes. React components never talk to the network; they
 * read `status$` and `itemState$`, and call `retryNow()` / `signedIn()`.
 *
 * Per collection it runs one RxDB `replicateRxCollection` against `GET /sync/:c/pull`,
 * `POST /sync/:c/push` and the SSE pull stream (see shared/sync/protocol.ts):
 * - checkpoints are persisted by RxDB in the database (replication meta collection keyed by the
 *   replication identifier, which includes the server URL), so a restart resumes where it stopped;
 * - catalog, program data and invoices replicate pull-only (no push handler: RxDB then skips the
 *   per-document push bookkeeping, docs/performance.md), the four client collections both ways;
 * - pulls use large batches (default 2,000; protocol max 5,000);
 * - every request goes through `SyncConnection`: backoff with jitter, offline pause with one probe,
 *   expired-token pause, "retry now";
 * - only the leader window replicates (RxDB leader election over BroadcastChannel when the
 *   database is `multiInstance`); the other windows see the changes through the shared IndexedDB
 *   and still compute their own status and per-item states from the local data.
 * - conflicts are resolved by the collections' conflict handlers (shared/sync/conflicts.ts), which
 *   the database should install at `addCollections`; `startSync` installs them itself on a
 *   collection created without them (RxDB reads the handler when the replication starts).
 */
import { debounceTime, filter, map, Subscription, type Observable } from 'rxjs';
import type { RxCollection, RxDatabase, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { collectionNames, type CollectionName } from '../../shared/schemas/common';
import { maxPushRows, pushableCollections, pullLimits, type Checkpoint } from '../../shared/sync/protocol';
import { conflictHandlers } from '../../shared/sync/conflicts';
import type { BackoffOptions } from './backoff';
import { SyncConnection } from './connection';
import { masterMarkerHash, watchItemState, type ItemSyncState } from './itemState';
import { bootstrapEmptyCollection } from './bootstrap';
import { recordBaseOnFirstEdit } from './firstEditBase';
import { installIndexedChangeReads, installRangedReads } from './dexieReads';
import { keepWrittenRecords, storeKeptRecords, type MetaRecordStorage } from './writtenRecords';
import { AnsweredInserts, markedInChangeReads, withoutMarkedInserts } from './answeredInserts';
import { fetchPullPage } from './pullPage';
import { Outbox } from './outbox';
import { pushRows, type PushRowsOptions } from './pushRows';
import { PushAhead } from './pushAhead';
import { PushEchoes } from './pushEchoes';
import { refuseOlderDownstreamVersions } from './olderVersions';
import { createRefusalLifecycle } from './refusalLifecycle';
import type { Refusal } from './refusals';
import { pullStream$ } from './pullStream';
import { feedSyncStatus, SyncStatusStore, type SyncStatus } from './status';
import { withLocalAttachments } from './attachmentStubs';
import { startEvidenceUploads, type EvidenceUploadOptions, type EvidenceUploads } from './uploads';

/**
 * RxDB replication identifier of a collection with a server: its checkpoints and the pull marker
 * `_meta.o` are kept under it (in the database of one account, renderer/accounts).
 */
export function replicationIdentifierOf(name: CollectionName, serverUrl: string): string {
  return `cps-desk:${name}:${serverUrl.replace(/\/+$/, '')}`;
}

/** Options of `startSync`. */
export interface StartSyncOptions {
  /** The local database (collections named as in docs/documents.md, with conflict handlers installed). */
  db: RxDatabase;
  /** Program server base URL from Settings. */
  serverUrl: string;
  /** Current bearer token (from the platform `secrets` store), or null when signed out. */
  getToken(): Promise<string | null> | string | null;
  /** Called when the server refuses the token: show the sign-in form. Sync waits for `signedIn()`. */
  onUnauthorized?(): void;
  /** Collections to replicate; default every collection of docs/documents.md the database has. */
  collections?: readonly CollectionName[];
  /** Collections with a live pull stream; default organisations, registrations, memberships, invoices (browsers allow ~6 connections per host). The others re-pull every `pollIntervalMs` and on reconnect. */
  liveCollections?: readonly CollectionName[];
  /** Re-pull interval of collections without a stream, ms. Default 300,000. */
  pollIntervalMs?: number;
  /** Documents per pull request. Default 2,000 (max `pullLimits.max`). */
  pullBatchSize?: number;
  /** Documents RxDB hands to one push; sent as requests of at most `maxPushRows` (server maximum 1,000) rows. Default 4,000. */
  pushBatchSize?: number;
  /**
   * Send the next part of an offline backlog while RxDB writes the answers of the part before
   * (pushAhead.ts; collections without attachments, RxDB's first pass after a start). Default true;
   * false sends every batch only when RxDB asks (benchmarks compare the two).
   */
  pushAhead?: boolean;
  /** Push requests in flight at once per collection. Default 2: the server writes one transaction at a time, so a second request only overlaps its upload, parsing and validation with the other's write. */
  pushRequestsInFlight?: number;
  /** Most bytes of JSON per push request. Default 1,500,000 (the server's default body limit is 2 MiB). */
  pushMaxBytes?: number;
  /**
   * How long a collection's replication must be idle before the records of answered new documents
   * kept in memory are written to IndexedDB (answeredInserts.ts), ms. Default 1,000. `stop()` writes
   * them in any case.
   */
  storeKeptRecordsAfterMs?: number;
  /** Retry/probe backoff, ms. */
  backoff?: BackoffOptions;
  /** Pull stream silence timeout, ms. */
  silenceTimeoutMs?: number;
  /** `fetch` to use (tests count requests through it). */
  fetch?: typeof fetch;
  /** Override of `navigator.onLine`. */
  platformOnline?(): boolean;
  /** Only the leader window replicates. Default true. */
  waitForLeadership?: boolean;
  /** Fill an empty collection with the fast bulk bootstrap (bootstrap.ts) before replicating. Default true. */
  bootstrap?: boolean;
  /**
   * Where background work that fails without a caller to tell (restoring a refused edit's base,
   * clearing a refusal, setting up a collection) is reported: `what` says which work, `error` is
   * what it threw. Default: `console.warn`. Sync goes on after such a failure.
   */
  log?(what: string, error: unknown): void;
  /** Evidence file uploads (uploads.ts): false to leave them off; an object to tune them. Default on when the database has evidence documents. */
  uploads?: false | Pick<EvidenceUploadOptions, 'parallel' | 'backoff' | 'uploadInput' | 'chunkSize'>;
}

/** The default {@link StartSyncOptions.log}: a warning in the console (the app's only log in the renderer). */
function warnInConsole(what: string, error: unknown): void {
  console.warn(`sync: ${what} failed:`, error);
}

/** What the UI holds while sync runs. */
export interface SyncController {
  /** The status model; emits on every change. */
  readonly status$: Observable<SyncStatus>;
  /** The current status. */
  readonly status: SyncStatus;
  /** Live per-item state of one registration or membership; null when the document does not exist. */
  itemState$(collection: 'registrations' | 'memberships', id: string): Observable<ItemSyncState | null>;
  /** Documents the server refused for good (see refusals.ts); emits on every change. */
  readonly refusals$: Observable<readonly Refusal[]>;
  /** Removes a refusal from the list (the document itself stays as it is). */
  dismissRefusal(collection: CollectionName, id: string): Promise<void>;
  /** Sends a refused document again as it is now (the server decides again; a new refusal is listed anew). */
  resendRefused(collection: CollectionName, id: string): Promise<void>;
  /** Cuts every backoff wait short and pulls every collection again. */
  retryNow(): void;
  /** Call after a new token was stored by sign-in: sync resumes, queued writes are pushed. */
  signedIn(): void;
  /** Resolves when every collection is in sync with the server (leader window only). */
  awaitInSync(): Promise<void>;
  /** Resolves when the first full pull of every collection is done (leader window only). */
  awaitInitialReplication(): Promise<void>;
  /** Stops replication and closes the streams. The database stays open. */
  stop(): Promise<void>;
  /** The RxDB replication states, by collection (for tests and diagnostics). */
  readonly replications: Partial<Record<CollectionName, RxReplicationState<unknown, Checkpoint>>>;
  /** The connection gate. */
  readonly connection: SyncConnection;
  /** The evidence file upload queue (uploads.ts), null when off. */
  readonly uploads: EvidenceUploads | null;
}

const defaultLive: readonly CollectionName[] = ['organisations', 'registrations', 'memberships', 'invoices'];

function isPushable(name: CollectionName): boolean {
  return (pushableCollections as readonly string[]).includes(name);
}

function collectionLabel(name: CollectionName): string {
  return name.replace(/([A-Z])/g, ' $1').toLowerCase();
}

/**
 * Starts replication of `options.db` with the program server.
 * @throws Error when a requested collection is missing from the database, or when
 *   `pullBatchSize` is outside 1..`pullLimits.max`.
 */
export function startSync(options: StartSyncOptions): SyncController {
  const db = options.db;
  const names = (options.collections ?? collectionNames.filter((n) => n in db.collections)) as readonly CollectionName[];
  const pullBatchSize = options.pullBatchSize ?? 2000;
  if (pullBatchSize > pullLimits.max || pullBatchSize < 1) throw new Error(`pullBatchSize must be 1..${pullLimits.max}, got ${pullBatchSize}`);
  for (const name of names) {
    const col = db.collections[name] as RxCollection | undefined;
    if (!col) throw new Error(`startSync: the database has no collection "${name}"`);
    if (col.conflictHandler !== (conflictHandlers[name] as unknown)) {
      // The database should be created with `conflictHandler: conflictHandlers[name]`; RxDB reads
      // the handler when a replication starts, so installing it here still guarantees the rule
      // (never RxDB's default "master wins silently" handler).
      (col as unknown as { conflictHandler: unknown }).conflictHandler = conflictHandlers[name];
    }
  }
  const live = new Set(options.liveCollections ?? defaultLive);
  const connection = new SyncConnection({
    serverUrl: options.serverUrl,
    getToken: options.getToken,
    onUnauthorized: options.onUnauthorized,
    fetch: options.fetch,
    backoff: options.backoff,
    platformOnline: options.platformOnline,
  });
  const store = new SyncStatusStore(names.map((name) => ({ name, pushable: isPushable(name) })));
  const subs = new Subscription();
  const replications: Partial<Record<CollectionName, RxReplicationState<unknown, Checkpoint>>> = {};
  const base = connection.serverUrl;
  const nowIso = () => new Date().toISOString();
  const log = options.log ?? warnInConsole;
  /** Runs background work nobody awaits, logging its failure instead of leaving an unhandled rejection. */
  const inBackground = (what: string, work: Promise<unknown>): void => {
    work.catch((error: unknown) => log(what, error));
  };
  const refusals = createRefusalLifecycle({
    db,
    replicationOf: (name) => replications[name] as RxReplicationState<unknown, unknown> | undefined,
    retryNow: () => connection.retryNow(),
    inBackground,
    nowIso,
  });
  const outboxes: Partial<Record<CollectionName, Outbox>> = {};
  for (const name of names) if (isPushable(name)) outboxes[name] = new Outbox(db.collections[name] as RxCollection, name, refusals.store);
  subs.add(feedSyncStatus(store, { connection, names, outboxes, refusals$: refusals.store.refusals$, nowIso }));

  const setUpCollection = async (name: CollectionName): Promise<void> => {
    const collection = db.collections[name] as RxCollection;
    const label = collectionLabel(name);
    const pushable = isPushable(name);
    const replicationIdentifier = replicationIdentifierOf(name, base);
    const boot =
      options.bootstrap === false
        ? null
        : await bootstrapEmptyCollection({
            collection,
            name,
            connection,
            replicationIdentifier,
            batchSize: pullBatchSize,
            onPage: () => store.update(name, { lastPullAt: nowIso() }),
          });
    if (connection.signal.aborted) return;
    // the push side's search for local changes as one index read, not a cursor (dexieReads.ts)
    // and its many-id reads (conflict checks of every write, assumed master states) as range reads
    if (pushable) {
      await installIndexedChangeReads(collection);
      await installRangedReads(collection.storageInstance);
    }
    // a pull answered before a push of the same document was stored never puts the older version back (olderVersions.ts)
    if (pushable) refuseOlderDownstreamVersions(collection);
    let pushQueue: Promise<unknown> = Promise.resolve();
    const echoes = new PushEchoes();
    subs.add(() => echoes.clear());
    const withoutEchoes = <T>(docs: T[]): T[] => (pushable ? echoes.drop(docs) : docs);
    const hasAttachments = Boolean((collection.schema.jsonSchema as { attachments?: unknown }).attachments);
    // RxDB's hash of the replication's identifier, the one its "came from the master" marker carries (bootstrap.ts)
    const identifierHash = await masterMarkerHash(db, replicationIdentifier);
    if (connection.signal.aborted) return;
    // an answered new document is written as the server's state, its record after the push (answeredInserts.ts)
    const answered = pushable ? new AnsweredInserts(identifierHash) : null;
    if (answered) answered.installOn(collection.storageInstance as never);
    // which documents RxDB's first push pass found marked: only their rows are read again before it pushes (answeredInserts.ts)
    const seenMarked = pushable ? markedInChangeReads(collection.storageInstance, identifierHash) : null;
    const pushBatchSize = options.pushBatchSize ?? 4 * maxPushRows;
    const pushOptions: PushRowsOptions = {
      connection,
      collection,
      name,
      refusals,
      maxBytes: options.pushMaxBytes ?? 1_500_000,
      inFlight: options.pushRequestsInFlight ?? 2,
      what: `the upload of ${label}`,
      onPushed: () => store.update(name, { lastPushAt: nowIso() }),
      onAnswered: pushable ? (docs) => echoes.record(docs) : undefined,
    };
    // the next part of an offline backlog goes out while RxDB writes the answers of the part before (pushAhead.ts)
    const ahead: PushAhead | null =
      pushable && !hasAttachments && options.pushAhead !== false
        ? new PushAhead({
            collection,
            hash: identifierHash,
            limit: 3 * pushBatchSize,
            push: (rows) => pushRows(pushOptions, rows),
            state: () => (replication as RxReplicationState<unknown, Checkpoint> | undefined)?.internalReplicationState as never,
          })
        : null;
    subs.add(() => ahead?.clear());
    const replication = replicateRxCollection<unknown, Checkpoint>({
      collection,
      replicationIdentifier,
      live: true,
      retryTime: 1000,
      waitForLeadership: false, // startSync already waited for it
      autoStart: true,
      toggleOnDocumentVisible: false,
      pull: {
        batchSize: pullBatchSize,
        initialCheckpoint: boot?.pullCheckpoint,
        // The server's documents carry no attachments (files travel separately, uploads.ts); RxDB
        // would write the pulled state with none and so delete the local file, and record a master
        // state its next push cannot compare attachments with. Keep the local attachments (stubs:
        // digest, length, type) on the pulled state (attachmentStubs.ts).
        modifier: hasAttachments ? async (doc: WithDeleted<unknown>) => (await withLocalAttachments(collection, [doc]))[0]! : undefined,
        // Pulled documents equal to a push answer RxDB already took are left out (pushEchoes.ts).
        // RxDB ends a pull at the first page shorter than `batchSize`, so a page that lost echoes
        // is topped up from the following pages until it is full again or the feed ends; and it
        // keeps a checkpoint only from a page with documents, so the last one pulled always stays.
        handler: async (checkpoint, batchSize) => {
          let from = checkpoint ?? undefined;
          const documents: WithDeleted<unknown>[] = [];
          for (;;) {
            const body = await fetchPullPage(connection, name, from, batchSize, `the download of ${label}`);
            store.update(name, { lastPullAt: nowIso() });
            const page = body.documents as WithDeleted<unknown>[];
            documents.push(...withoutEchoes(page));
            from = body.checkpoint ?? from;
            if (page.length < batchSize || documents.length >= batchSize) {
              const last = page[page.length - 1];
              if (last !== undefined && documents[documents.length - 1] !== last) documents.push(last);
              return { documents, checkpoint: from };
            }
          }
        },
        stream$: live.has(name)
          ? pullStream$(connection, name, {
              silenceTimeoutMs: options.silenceTimeoutMs,
              onConnected: () => store.update(name, { streaming: true }),
            }).pipe(
              map((ev) => {
                if (ev === 'RESYNC') return ev as never;
                store.update(name, { lastPullAt: nowIso() });
                // echoes left out as in the handler; the last document stays so RxDB stores the checkpoint
                const kept = withoutEchoes(ev.documents);
                if (kept.length === ev.documents.length) return ev as never;
                const last = ev.documents[ev.documents.length - 1]!;
                if (kept[kept.length - 1] !== last) kept.push(last);
                return { ...ev, documents: kept } as never;
              }),
            )
          : undefined,
      },
      push: pushable
        ? {
            batchSize: pushBatchSize,
            initialCheckpoint: boot?.pushCheckpoint,
            // attachments travel separately (not part of the JSON protocol); never push RxDB internals
            modifier: (doc: WithDeleted<unknown>) => {
              const d = doc as Record<string, unknown>;
              if (!('_attachments' in d)) return d;
              const { _attachments: _a, ...rest } = d;
              return rest;
            },
            // One push at a time per collection, in the order RxDB hands them over: when one upstream
            // cycle holds more than `batchSize` documents, RxDB calls the handler for every batch at
            // once (rxdb 17.6 replication-protocol/upstream.ts `persistToMaster`), and rows of one
            // order key (push.ts `pushOrderKeys`) in two batches would race. A push resolves only once
            // the server took it (the connection gate retries until then), so the queue cannot skip
            // ahead of a failed one. Each push still sends several requests at once (push.ts).
            handler: (rows) => {
              const push = pushQueue
                .then(async (): Promise<WithDeleted<unknown>[]> => {
                  // an answered new document read again after a kill is not pushed: RxDB records its stored state
                  // (answeredInserts.ts). Only RxDB's first pass over the stored changes can hold one: later
                  // pushes carry writes of this run, whose records RxDB holds.
                  const state = (replication as RxReplicationState<unknown, Checkpoint> | undefined)?.internalReplicationState;
                  const firstPass: boolean = !state?.firstSyncDone.up.getValue();
                  const toPush: typeof rows = firstPass ? await withoutMarkedInserts(collection, rows, identifierHash, 'id', seenMarked?.ids ?? null) : rows;
                  // rows sent ahead while RxDB wrote the previous batch's answers are answered from there (pushAhead.ts)
                  const taken: { answers: WithDeleted<unknown>[]; rest: typeof rows } = ahead && firstPass ? await ahead.take(toPush) : { answers: [], rest: toPush };
                  // a full batch of RxDB's first pass: more stored changes follow, read them while this batch is out
                  const next = ahead && firstPass && rows.length >= pushBatchSize && !ahead.pending ? ahead.readAfter(rows) : null;
                  const answers: WithDeleted<unknown>[] = taken.rest.length > 0 ? await pushRows(pushOptions, taken.rest) : [];
                  if (next) ahead!.sendAfter(await next);
                  return taken.answers.length > 0 ? [...taken.answers, ...answers] : answers;
                })
                // RxDB records the answer as the master state: it needs the local attachments too (attachmentStubs.ts)
                .then((answer) => (hasAttachments ? withLocalAttachments(collection, answer) : answer))
                .then((answer) => {
                  answered?.noteAnswers(rows, answer);
                  return answer;
                });
              pushQueue = push.catch(() => undefined);
              return push;
            },
          }
        : undefined,
    });
    replications[name] = replication;
    // the first local change of a document the bootstrap wrote gets its record of the server state first (firstEditBase.ts)
    if (pushable) recordBaseOnFirstEdit(collection, replication as RxReplicationState<unknown, unknown>, identifierHash);
    // the replication's meta store: read for every pushed document, and before every write of it;
    // the records the replication just wrote are read back from memory (writtenRecords.ts)
    if (pushable)
      inBackground(
        `range reads of the ${label} replication records`,
        replication.startPromise.then(async () => {
          const firstPassDone = replication.internalReplicationState?.firstSyncDone.up;
          // what only RxDB's first push pass needs ends with it
          if (firstPassDone)
            subs.add(
              firstPassDone.pipe(filter(Boolean)).subscribe(() => {
                seenMarked?.stop();
                ahead?.clear();
              }),
            );
          await installRangedReads(replication.metaInstance);
          if (replication.metaInstance) keepWrittenRecords(replication.metaInstance as unknown as MetaRecordStorage, 'id', undefined, answered?.keepInMemoryOnly);
        }),
      );
    subs.add(replication.active$.subscribe((active) => store.update(name, { active })));
    // the records of answered new documents go to IndexedDB once the push is over (answeredInserts.ts)
    if (pushable)
      subs.add(
        replication.active$
          .pipe(
            debounceTime(options.storeKeptRecordsAfterMs ?? 1000),
            filter((active) => !active && !replication.isStopped()),
          )
          .subscribe(() => {
            if (replication.metaInstance) inBackground(`storing the ${label} replication records`, storeKeptRecords(replication.metaInstance));
          }),
      );
    if (pushable) subs.add(refusals.watch(name, replication as RxReplicationState<unknown, unknown>));
    const outbox = outboxes[name];
    if (outbox) {
      outbox.attach(replication as RxReplicationState<unknown, unknown>);
      // An empty collection at start has no earlier local change; live events cover the rest.
      if (!boot) {
        await replication.startPromise;
        await outbox.scan(replicationIdentifier, replication as RxReplicationState<unknown, unknown>);
      }
    }
  };

  const ready = (async () => {
    if (db.multiInstance && options.waitForLeadership !== false) await db.waitForLeadership();
    if (connection.signal.aborted) return;
    store.set({ leader: true });
    await Promise.all(names.map((n) => setUpCollection(n)));
  })();
  ready.catch((error: unknown) => {
    if (!connection.signal.aborted) log('setting up replication', error); // stop() during setup ends it with an aborted error
  });

  // Files go beside the JSON replication, never in it; only the window that replicates uploads.
  const uploads =
    options.uploads !== false && db.collections.evidenceDocuments
      ? startEvidenceUploads({
          db,
          serverUrl: options.serverUrl,
          getToken: options.getToken,
          onUnauthorized: options.onUnauthorized,
          wake$: connection.reconnected$,
          ready: db.multiInstance && options.waitForLeadership !== false ? db.waitForLeadership().then(() => undefined) : undefined,
          ...(options.uploads || {}),
        })
      : null;

  // Re-pull on reconnect (missed stream events) and poll the collections without a stream.
  const resyncAll = () => {
    for (const r of Object.values(replications)) if (r && !r.isStopped()) r.reSync();
  };
  subs.add(connection.reconnected$.subscribe(resyncAll));
  const pollMs = options.pollIntervalMs ?? 300_000;
  const poll = setInterval(() => {
    for (const name of names) if (!live.has(name)) replications[name]?.reSync();
  }, pollMs);

  const controller: SyncController = {
    get status$() {
      return store.status$;
    },
    get status() {
      return store.value;
    },
    replications,
    connection,
    uploads,
    itemState$(collection, id) {
      const col = db.collections[collection] as RxCollection | undefined;
      if (!col) throw new Error(`itemState$: the database has no collection "${collection}"`);
      return watchItemState(collection, col, id, outboxes[collection], refusals.store);
    },
    get refusals$() {
      return refusals.store.refusals$;
    },
    dismissRefusal(collection, id) {
      return refusals.store.remove(collection, [id]);
    },
    resendRefused(collection, id) {
      return refusals.resend(collection, id);
    },
    retryNow() {
      connection.retryNow();
      uploads?.retryNow();
      resyncAll();
    },
    signedIn() {
      connection.signedIn();
      uploads?.signedIn();
      resyncAll();
    },
    async awaitInitialReplication() {
      await ready;
      await Promise.all(Object.values(replications).map((r) => r?.awaitInitialReplication()));
    },
    async awaitInSync() {
      await ready;
      await Promise.all(Object.values(replications).map((r) => r?.awaitInSync()));
    },
    async stop() {
      clearInterval(poll);
      connection.stop();
      await uploads?.stop();
      await ready.catch(() => undefined);
      // records of answered new documents still kept in memory are written before the stores close
      await Promise.all(Object.values(replications).map((r) => (r?.metaInstance ? storeKeptRecords(r.metaInstance).catch((error: unknown) => log('storing the replication records', error)) : undefined)));
      await Promise.all(Object.values(replications).map((r) => r?.cancel()));
      subs.unsubscribe();
      for (const o of Object.values(outboxes)) o?.close();
      refusals.close();
    },
  };
  return controller;
}
