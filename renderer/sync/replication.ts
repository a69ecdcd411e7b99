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
import { combineLatest, distinctUntilChanged, map, of, Subscription, type Observable, type Observable as Obs } from 'rxjs';
import { getAssumedMasterState, type RxCollection, type RxDatabase, type RxReplicationWriteToMasterRow, type WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { collectionNames, type CollectionName } from '../../shared/schemas/common';
import { maxPushRows, pushableCollections, pullLimits, type Checkpoint, type PushRow, type ReplicatedDocument } from '../../shared/sync/protocol';
import { conflictHandlers } from '../../shared/sync/conflicts';
import type { BackoffOptions } from './backoff';
import { SyncConnection, type ConnectionState } from './connection';
import { networkError } from './errors';
import { itemSyncState, type ItemSyncState, type StoredDocumentData } from './itemState';
import { bootstrapEmptyCollection } from './bootstrap';
import { fetchPullPage } from './pullPage';
import { Outbox } from './outbox';
import { sameState, splitOutdatedRows } from './outdatedRows';
import { permanentByStatus, pushInChunks, pushOrderKeys } from './push';
import { organisationRefusedCode, RefusalStore, repairRefusedBases, restoreAssumedMaster, type Refusal } from './refusals';
import { pullStream$ } from './pullStream';
import { SyncStatusStore, type SyncStatus } from './status';
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
  /** Push requests in flight at once per collection. Default 2: the server writes one transaction at a time, so a second request only overlaps its upload, parsing and validation with the other's write. */
  pushRequestsInFlight?: number;
  /** Most bytes of JSON per push request. Default 1,500,000 (the server's default body limit is 2 MiB). */
  pushMaxBytes?: number;
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

async function someAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (await test(item)) return true;
  return false;
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
  const fetchFn = connection.fetch;
  const log = options.log ?? warnInConsole;
  /** Runs background work nobody awaits, logging its failure instead of leaving an unhandled rejection. */
  const inBackground = (what: string, work: Promise<unknown>): void => {
    work.catch((error: unknown) => log(what, error));
  };

  subs.add(connection.state$.subscribe((connectionState: ConnectionState) => store.set({ connection: connectionState })));
  subs.add(connection.nextRetryAt$.subscribe((nextRetryAt) => store.set({ nextRetryAt })));
  const scopeCollection = (scope: string): CollectionName | null => {
    const n = scope.startsWith('stream:') ? scope.slice(7) : scope;
    return (names as readonly string[]).includes(n) ? (n as CollectionName) : null;
  };
  subs.add(
    connection.errors$.subscribe(({ scope, error }) => {
      const at = nowIso();
      const info = { message: error.message, kind: error.kind, code: error.code, at };
      const c = scopeCollection(scope);
      if (c) store.update(c, { lastError: info, ...(scope.startsWith('stream:') ? { streaming: false } : {}) });
      else for (const n of names) store.update(n, { lastError: info });
    }),
  );
  subs.add(
    connection.successes$.subscribe(({ scope }) => {
      const c = scopeCollection(scope);
      if (c && !scope.startsWith('stream:')) store.update(c, { lastError: null });
    }),
  );
  const refusals = new RefusalStore(db);
  const refusedOrganisationOf = (row: PushRow): Refusal | undefined => {
    const orgId = row.newDocumentState.organisationId;
    return typeof orgId === 'string' ? refusals.get('organisations', orgId) : undefined;
  };
  /** The row's organisation was refused and is still the refused version locally (not fixed since). */
  const organisationStillRefused = async (row: PushRow): Promise<boolean> => {
    const refusal = refusedOrganisationOf(row);
    if (!refusal) return false;
    const orgs = db.collections.organisations as RxCollection | undefined;
    if (!orgs) return true;
    const [current] = await orgs.storageInstance.findDocumentsById([refusal.id], true);
    return current !== undefined && sameState(current, refusal.document);
  };
  /**
   * Sends a refused document again: a new local revision (fresh `updatedAt`, which the server sets
   * itself) makes RxDB push it; a deleted one gets a new deleted revision. The refusal is removed
   * only once that revision is written.
   */
  const resend = async (collection: CollectionName, id: string): Promise<void> => {
    const col = db.collections[collection] as RxCollection | undefined;
    const [stored] = col ? await col.storageInstance.findDocumentsById([id], true) : [];
    if (col && stored) {
      if (stored._deleted) {
        const result = await col.storageInstance.bulkWrite([{ previous: stored, document: { ...stored, updatedAt: nowIso() } as never }], 'cps-sync-resend');
        if (result.error.length > 0) throw new Error(`Could not send ${collection} ${id} again: its stored version changed meanwhile; try again.`);
      } else {
        await (await col.findOne(id).exec())!.incrementalPatch({ updatedAt: nowIso() });
      }
    }
    await refusals.remove(collection, [id]);
  };
  /** The server took (or answered) a different version of a refused document: the refusal is over; documents refused with an organisation go again. */
  const accepted = async (collection: CollectionName, sent: unknown): Promise<void> => {
    const id = (sent as { id?: string }).id;
    const refusal = id ? refusals.get(collection, id) : undefined;
    if (!id || !refusal) return;
    if (sameState(refusal.document, sent) || (refusal.base && sameState(refusal.base, sent))) return;
    await refusals.remove(collection, [id]);
    if (collection !== 'organisations') return;
    for (const dependent of refusals.list.filter((r) => r.code === organisationRefusedCode && r.document.organisationId === id)) await resend(dependent.collection, dependent.id);
  };
  const outboxes: Partial<Record<CollectionName, Outbox>> = {};
  for (const name of names) {
    if (!isPushable(name)) continue;
    const outbox = new Outbox(db.collections[name] as RxCollection, name, refusals);
    outboxes[name] = outbox;
    subs.add(outbox.changed$.subscribe(() => store.update(name, { pendingLocalChanges: outbox.size })));
  }
  subs.add(
    refusals.refusals$.subscribe((list) => {
      for (const name of names) if (isPushable(name)) store.update(name, { refusedDocuments: list.filter((r) => r.collection === name).length });
    }),
  );

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
    const hasAttachments = Boolean((collection.schema.jsonSchema as { attachments?: unknown }).attachments);
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
        // would write the pulled state with none and so delete the local file. Keep the local
        // attachments (stubs: digest, length, type) on the pulled state.
        modifier: hasAttachments
          ? async (doc: WithDeleted<unknown>) => {
              const d = doc as unknown as Record<string, unknown> & { id: string };
              const [local] = await collection.storageInstance.findDocumentsById([d.id], true);
              const attachments = local?._attachments as Record<string, { digest: string; length: number; type: string }> | undefined;
              if (!attachments || Object.keys(attachments).length === 0) return doc;
              const stubs = Object.fromEntries(Object.entries(attachments).map(([k, a]) => [k, { digest: a.digest, length: a.length, type: a.type }]));
              return { ...d, _attachments: stubs } as unknown as WithDeleted<unknown>;
            }
          : undefined,
        handler: async (checkpoint, batchSize) => {
          const body = await fetchPullPage(connection, name, checkpoint ?? undefined, batchSize, `the download of ${label}`);
          store.update(name, { lastPullAt: nowIso() });
          return { documents: body.documents as WithDeleted<unknown>[], checkpoint: body.checkpoint ?? checkpoint ?? undefined };
        },
        stream$: live.has(name)
          ? pullStream$(connection, name, {
              silenceTimeoutMs: options.silenceTimeoutMs,
              onConnected: () => store.update(name, { streaming: true }),
            }).pipe(
              map((ev) => {
                if (ev !== 'RESYNC') store.update(name, { lastPullAt: nowIso() });
                return ev as never;
              }),
            )
          : undefined,
      },
      push: pushable
        ? {
            batchSize: options.pushBatchSize ?? 4 * maxPushRows,
            initialCheckpoint: boot?.pushCheckpoint,
            // attachments travel separately (not part of the JSON protocol); never push RxDB internals
            modifier: (doc: WithDeleted<unknown>) => {
              const d = doc as Record<string, unknown>;
              if (!('_attachments' in d)) return d;
              const { _attachments: _a, ...rest } = d;
              return rest;
            },
            handler: (rows: RxReplicationWriteToMasterRow<unknown>[]) =>
              connection.run(name, async (token, signal) => {
                // Checked on every attempt: a push may wait offline while the document changes.
                const { current, outdatedAnswers } = await splitOutdatedRows(collection, rows);
                if (current.length === 0) return outdatedAnswers;
                const body: PushRow[] = current.map((r) => ({
                  assumedMasterState: (r.assumedMasterState as ReplicatedDocument | undefined) ?? null,
                  newDocumentState: r.newDocumentState as ReplicatedDocument,
                }));
                const conflicts = (await pushInChunks(body, {
                  what: `the upload of ${label}`,
                  send: async (rows) => {
                    try {
                      return await fetchFn(`${base}/sync/${name}/push`, {
                        method: 'POST',
                        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
                        body: JSON.stringify(rows),
                        signal,
                      });
                    } catch (e) {
                      throw networkError(base, e);
                    }
                  },
                  // A document of an organisation the server refused can never be stored either
                  // (409 unknown-organisation); any other 409 means "push the organisation first": retried.
                  isPermanent: async (error, batch) =>
                    permanentByStatus(error) ||
                    (error.status === 409 && error.code === 'unknown-organisation' && (await someAsync(batch, organisationStillRefused))),
                  onRefused: async (row, error) => {
                    const organisationRefusal = error.status === 409 ? refusedOrganisationOf(row) : undefined;
                    const id = row.newDocumentState.id;
                    // RxDB's record of the server state before this change (with attachment stubs), restored below
                    const state = replications[name]?.internalReplicationState;
                    const before = row.assumedMasterState && state ? ((await getAssumedMasterState(state, [id])) as Record<string, { docData: unknown } | undefined>)[id]?.docData : undefined;
                    await refusals.add({
                      collection: name,
                      id: row.newDocumentState.id,
                      // for a document of a refused organisation: the organisation's reason, under its own code
                      message: organisationRefusal ? organisationRefusal.message : (error.detail ?? error.message),
                      code: organisationRefusal ? organisationRefusedCode : error.code,
                      httpStatus: error.status ?? 0,
                      at: nowIso(),
                      document: row.newDocumentState,
                      base: row.assumedMasterState ?? null,
                    });
                    if (before)
                      inBackground(
                        `restoring the server state of refused ${name} ${id}`,
                        restoreAssumedMaster(replications[name] as RxReplicationState<unknown, unknown>, id, row.newDocumentState, before as Record<string, unknown>),
                      );
                    // Documents of a refused organisation waiting in their backoff can be refused now too.
                    if (name === 'organisations') connection.retryNow();
                  },
                }, {
                  maxRows: maxPushRows,
                  maxBytes: options.pushMaxBytes ?? 1_500_000,
                  inFlight: options.pushRequestsInFlight ?? 2,
                  orderKey: pushOrderKeys[name],
                })) as WithDeleted<unknown>[];
                store.update(name, { lastPushAt: nowIso() });
                return outdatedAnswers.length ? [...conflicts, ...outdatedAnswers] : conflicts;
              }),
          }
        : undefined,
    });
    replications[name] = replication;
    subs.add(replication.active$.subscribe((active) => store.update(name, { active })));
    if (pushable) {
      subs.add(replication.sent$.subscribe((doc) => inBackground(`clearing the refusal of a sent ${name} document`, accepted(name, doc))));
      // The server answered a version with its own state (e.g. it took it and assigned points). An
      // outdated row answered locally (outdatedRows.ts) has its assumed state as the "master": skip those.
      subs.add(
        replication.conflict$.subscribe(({ input }) => {
          if (input.assumedMasterState && sameState(input.realMasterState, input.assumedMasterState)) return;
          inBackground(`clearing the refusal of an answered ${name} document`, accepted(name, input.newDocumentState));
        }),
      );
    }
    if (pushable) inBackground(`repairing the server state of refused ${name}`, repairRefusedBases(refusals, name, replication as RxReplicationState<unknown, unknown>));
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
      const outbox = outboxes[collection];
      const doc$ = col.findOne(id).$ as Obs<{ _data: StoredDocumentData } | null>;
      return combineLatest([doc$, outbox ? outbox.changed$ : of(0), refusals.refusals$]).pipe(
        map(([doc]) => {
          if (!doc) return null;
          const local = outbox?.stateOf(id) ?? null;
          if (local === 'refused') return { state: 'refused' as const, reason: refusals.get(collection, id)?.message ?? null };
          return itemSyncState(collection, doc._data, local);
        }),
        distinctUntilChanged((a, b) => a?.state === b?.state && a?.reason === b?.reason),
      );
    },
    get refusals$() {
      return refusals.refusals$;
    },
    dismissRefusal(collection, id) {
      return refusals.remove(collection, [id]);
    },
    resendRefused(collection, id) {
      return resend(collection, id);
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
      await Promise.all(Object.values(replications).map((r) => r?.cancel()));
      subs.unsubscribe();
      for (const o of Object.values(outboxes)) o?.close();
      refusals.close();
    },
  };
  return controller;
}
