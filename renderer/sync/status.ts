/**
 * The sync status model the UI observes (Sync screen and the window-chrome indicator): one
 * immutable `SyncStatus` value per change, on an RxJS observable.
 */
import { BehaviorSubject, Subscription, type Observable } from 'rxjs';
import type { CollectionName } from '../../shared/schemas/common';
import type { ConnectionState, SyncConnection } from './connection';
import type { Outbox } from './outbox';
import type { Refusal } from './refusals';

/** The last failure of a collection's sync, for the user. */
export interface SyncErrorInfo {
  /** Human message (what happened and what the app does about it). */
  message: string;
  /** `network`, `unauthorized`, `server`, `rejected`. */
  kind: string;
  /** Server's error code when it sent one. */
  code: string | null;
  /** ISO 8601 time of the failure. */
  at: string;
}

/** Sync state of one collection. */
export interface CollectionSyncStatus {
  collection: CollectionName;
  /** `both` for pushable collections, `pull` for catalog, program data and invoices. */
  direction: 'both' | 'pull';
  /** Local documents with a change not yet confirmed by the server (0 for pull-only). */
  pendingLocalChanges: number;
  /** Documents the server refused for good (refusals.ts); they no longer block the others. */
  refusedDocuments: number;
  /** ISO 8601 time of the last successful pull (request or stream event), null before the first. */
  lastPullAt: string | null;
  /** ISO 8601 time of the last successful push, null before the first. */
  lastPushAt: string | null;
  /** Last failure, cleared by the next success of the same collection. */
  lastError: SyncErrorInfo | null;
  /** True while RxDB is pulling or pushing this collection. */
  active: boolean;
  /** Whether the live pull stream of this collection is connected. */
  streaming: boolean;
}

/** The whole sync status. */
export interface SyncStatus {
  /** `online` when the server answers; `offline`, `unauthorized` (sign in again), `connecting`, `stopped`. */
  connection: ConnectionState;
  /** True when this window runs the replication (RxDB leader election); others only watch. */
  leader: boolean;
  /** Epoch ms of the next automatic retry, null when none is scheduled. */
  nextRetryAt: number | null;
  /** Sum of `pendingLocalChanges` over all collections. */
  pendingLocalChanges: number;
  /** Sum of `refusedDocuments` over all collections. */
  refusedDocuments: number;
  collections: Partial<Record<CollectionName, CollectionSyncStatus>>;
}

/** Holds the status and applies updates immutably. */
export class SyncStatusStore {
  private readonly subject: BehaviorSubject<SyncStatus>;

  constructor(collections: readonly { name: CollectionName; pushable: boolean }[]) {
    const per: Partial<Record<CollectionName, CollectionSyncStatus>> = {};
    for (const c of collections) {
      per[c.name] = { collection: c.name, direction: c.pushable ? 'both' : 'pull', pendingLocalChanges: 0, refusedDocuments: 0, lastPullAt: null, lastPushAt: null, lastError: null, active: false, streaming: false };
    }
    this.subject = new BehaviorSubject<SyncStatus>({ connection: 'connecting', leader: false, nextRetryAt: null, pendingLocalChanges: 0, refusedDocuments: 0, collections: per });
  }

  get status$(): Observable<SyncStatus> {
    return this.subject.asObservable();
  }
  get value(): SyncStatus {
    return this.subject.getValue();
  }

  /** Replaces top-level fields. */
  set(patch: Partial<Omit<SyncStatus, 'collections' | 'pendingLocalChanges' | 'refusedDocuments'>>): void {
    const cur = this.subject.getValue();
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((k) => cur[k] !== patch[k]);
    if (changed) this.subject.next({ ...cur, ...patch });
  }

  /** Updates one collection's entry; ignored for collections not synced. */
  update(name: CollectionName, patch: Partial<Omit<CollectionSyncStatus, 'collection' | 'direction'>>): void {
    const cur = this.subject.getValue();
    const entry = cur.collections[name];
    if (!entry) return;
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((k) => entry[k] !== patch[k]);
    if (!changed) return;
    const collections = { ...cur.collections, [name]: { ...entry, ...patch } };
    const pendingLocalChanges = Object.values(collections).reduce((n, c) => n + (c?.pendingLocalChanges ?? 0), 0);
    const refusedDocuments = Object.values(collections).reduce((n, c) => n + (c?.refusedDocuments ?? 0), 0);
    this.subject.next({ ...cur, collections, pendingLocalChanges, refusedDocuments });
  }

  complete(): void {
    this.subject.complete();
  }
}

/** What the status follows while sync runs. */
export interface SyncStatusSources {
  connection: Pick<SyncConnection, 'state$' | 'nextRetryAt$' | 'errors$' | 'successes$'>;
  /** The synced collections. */
  names: readonly CollectionName[];
  /** The outbox of each pushable collection: its size is the collection's pending local changes. */
  outboxes: Partial<Record<CollectionName, Outbox>>;
  /** The refusal list: its entries per pushable collection are the collection's refused documents. */
  refusals$: Observable<readonly Refusal[]>;
  /** The current time as ISO 8601 (the time of an error). */
  nowIso(): string;
}

/**
 * Feeds `store` from the running sync: connection state and next retry, the last error per
 * collection (an error without a collection scope goes to every collection; a pull stream's error
 * also ends `streaming`), cleared by the next success of a request; pending and refused counts.
 * Returns the subscription that stops it.
 */
export function feedSyncStatus(store: SyncStatusStore, sources: SyncStatusSources): Subscription {
  const { connection, names } = sources;
  const subs = new Subscription();
  subs.add(connection.state$.subscribe((connectionState: ConnectionState) => store.set({ connection: connectionState })));
  subs.add(connection.nextRetryAt$.subscribe((nextRetryAt) => store.set({ nextRetryAt })));
  const scopeCollection = (scope: string): CollectionName | null => {
    const n = scope.startsWith('stream:') ? scope.slice(7) : scope;
    return (names as readonly string[]).includes(n) ? (n as CollectionName) : null;
  };
  subs.add(
    connection.errors$.subscribe(({ scope, error }) => {
      const info = { message: error.message, kind: error.kind, code: error.code, at: sources.nowIso() };
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
  for (const name of names) {
    const outbox = sources.outboxes[name];
    if (outbox) subs.add(outbox.changed$.subscribe(() => store.update(name, { pendingLocalChanges: outbox.size })));
  }
  subs.add(
    sources.refusals$.subscribe((list) => {
      for (const name of names) if (sources.outboxes[name]) store.update(name, { refusedDocuments: list.filter((r) => r.collection === name).length });
    }),
  );
  return subs;
}
