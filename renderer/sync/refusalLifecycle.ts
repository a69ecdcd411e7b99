/**
 * The life of a refused document while sync runs (the records themselves: ./refusals.ts): a push
 * the server refuses for good is recorded with RxDB's server state put back; a document of a
 * refused organisation is refused with the organisation's reason; a different version the server
 * takes ends the refusal (and sends the organisation's refused documents again); "Send again"
 * writes a new local revision. One reason to change: what happens to refused documents.
 */
import { Subscription } from 'rxjs';
import { getAssumedMasterState, type RxCollection, type RxDatabase } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { CollectionName } from '../../shared/schemas/common';
import type { PushRow } from '../../shared/sync/protocol';
import type { SyncRequestError } from './errors';
import { sameState } from './outdatedRows';
import { permanentByStatus } from './push';
import { organisationRefusedCode, RefusalStore, repairRefusedBases, restoreAssumedMaster, type Refusal } from './refusals';

/** What the lifecycle needs from the running sync. */
export interface RefusalLifecycleOptions {
  db: RxDatabase;
  /** The RxDB replication of a collection, once set up (its record of the server state is restored on a refusal). */
  replicationOf(name: CollectionName): RxReplicationState<unknown, unknown> | undefined;
  /** Retries every waiting request at once (documents of a refused organisation can be refused now too). */
  retryNow(): void;
  /** Runs work nobody awaits, reporting its failure (StartSyncOptions.log). */
  inBackground(what: string, work: Promise<unknown>): void;
  /** The current time as ISO 8601. */
  nowIso(): string;
}

/** The refusal lifecycle of one running sync (see the module comment). */
export interface RefusalLifecycle {
  /** The persisted refusal list. */
  readonly store: RefusalStore;
  /** Whether a push refusal of `batch` is for good (a 409 `unknown-organisation` only while that organisation stays refused). */
  isPermanent(error: SyncRequestError, batch: PushRow[]): Promise<boolean>;
  /** Records a row of `name` the server refused for good and puts RxDB's server state back. */
  refused(name: CollectionName, row: PushRow, error: SyncRequestError): Promise<void>;
  /** Sends a refused document again as it is now; the refusal is removed once the new revision is written. */
  resend(collection: CollectionName, id: string): Promise<void>;
  /** Follows a collection's replication: a sent or answered different version ends its refusal; repairs refused bases at start. */
  watch(name: CollectionName, replication: RxReplicationState<unknown, unknown>): Subscription;
  close(): void;
}

/** Starts the refusal lifecycle of a sync over `options.db`. */
export function createRefusalLifecycle(options: RefusalLifecycleOptions): RefusalLifecycle {
  const { db, nowIso, inBackground } = options;
  const store = new RefusalStore(db);

  const refusedOrganisationOf = (row: PushRow): Refusal | undefined => {
    const orgId = row.newDocumentState.organisationId;
    return typeof orgId === 'string' ? store.get('organisations', orgId) : undefined;
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
    await store.remove(collection, [id]);
  };
  /** The server took (or answered) a different version of a refused document: the refusal is over; documents refused with an organisation go again. */
  const accepted = async (collection: CollectionName, sent: unknown): Promise<void> => {
    const id = (sent as { id?: string }).id;
    const refusal = id ? store.get(collection, id) : undefined;
    if (!id || !refusal) return;
    if (sameState(refusal.document, sent) || (refusal.base && sameState(refusal.base, sent))) return;
    await store.remove(collection, [id]);
    if (collection !== 'organisations') return;
    for (const dependent of store.list.filter((r) => r.code === organisationRefusedCode && r.document.organisationId === id)) await resend(dependent.collection, dependent.id);
  };

  return {
    store,
    // A document of an organisation the server refused can never be stored either
    // (409 unknown-organisation); any other 409 means "push the organisation first": retried.
    isPermanent: async (error, batch) => {
      if (permanentByStatus(error)) return true;
      if (error.status !== 409 || error.code !== 'unknown-organisation') return false;
      for (const row of batch) if (await organisationStillRefused(row)) return true;
      return false;
    },
    async refused(name, row, error) {
      const organisationRefusal = error.status === 409 ? refusedOrganisationOf(row) : undefined;
      const id = row.newDocumentState.id;
      // RxDB's record of the server state before this change (with attachment stubs), restored below
      const replication = options.replicationOf(name);
      const state = replication?.internalReplicationState;
      const before = row.assumedMasterState && state ? ((await getAssumedMasterState(state, [id])) as Record<string, { docData: unknown } | undefined>)[id]?.docData : undefined;
      await store.add({
        collection: name,
        id: row.newDocumentState.id,
        // for a document of a refused organisation: the organisation's reason, under its own code
        message: organisationRefusal ? organisationRefusal.message : (error.detail ?? error.message),
        code: organisationRefusal ? organisationRefusedCode : error.code,
        // the server's parameters, which the app words the refusal with (renderer/app/reasons.ts)
        params: organisationRefusal ? null : error.params,
        httpStatus: error.status ?? 0,
        at: nowIso(),
        document: row.newDocumentState,
        base: row.assumedMasterState ?? null,
      });
      if (before) inBackground(`restoring the server state of refused ${name} ${id}`, restoreAssumedMaster(options.replicationOf(name), id, row.newDocumentState, before as Record<string, unknown>));
      // Documents of a refused organisation waiting in their backoff can be refused now too.
      if (name === 'organisations') options.retryNow();
    },
    resend,
    watch(name, replication) {
      const subs = new Subscription();
      subs.add(replication.sent$.subscribe((doc) => inBackground(`clearing the refusal of a sent ${name} document`, accepted(name, doc))));
      // The server answered a version with its own state (e.g. it took it and assigned points). An
      // outdated row answered locally (outdatedRows.ts) has its assumed state as the "master": skip those.
      subs.add(
        replication.conflict$.subscribe(({ input }) => {
          if (input.assumedMasterState && sameState(input.realMasterState, input.assumedMasterState)) return;
          inBackground(`clearing the refusal of an answered ${name} document`, accepted(name, input.newDocumentState));
        }),
      );
      inBackground(`repairing the server state of refused ${name}`, repairRefusedBases(store, name, replication));
      return subs;
    },
    close: () => store.close(),
  };
}
