/**
 * Documents the program server refused for good, kept so the user can see and fix them.
 *
 * A push the server answers with 400, 403, 404, 413, 415 or 422 will never succeed as sent (the
 * document is invalid for the server, or outside the user's scope). Retrying it forever would
 * block every later change of its collection, so the push handler isolates the refused documents
 * (`pushIsolatingRefusals`), sends the others, and records each refused one here with the
 * server's message, the document as it was sent and the server state it started from. RxDB then
 * treats the refused row as handled, and for a changed (not new) document the sync module puts
 * RxDB's record of the server state back to that starting state, so the refused edit stays a
 * local change: later pulls do not overwrite it and its next edit is merged against the right
 * base. The document stays as the user typed it, shows as "refused" with the reason, and is sent
 * again with its next local edit or "Send again" (the server then decides again); documents
 * refused because their organisation was refused are sent again once it is accepted. A record is
 * cleared when a different version of the document is accepted, or when the user dismisses it.
 *
 * Persistence: an RxDB local document (`cps-sync-refusals`) of the database, so the list survives
 * a restart and every window of the app sees it; a database created without `localDocuments`
 * keeps the list in memory only.
 */
import { BehaviorSubject, filter, firstValueFrom, map, of, Subscription, timeout, type Observable } from 'rxjs';
import { getAssumedMasterState, getMetaWriteRow, type RxDatabase } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { sameState } from './outdatedRows';
import type { CollectionName } from '../../shared/schemas/common';

/** One refused document. */
export interface Refusal {
  collection: CollectionName;
  /** Primary key of the document. */
  id: string;
  /** The server's message, as it gave it (e.g. "… is outside your scope"). */
  message: string;
  /** The server's stable error code, when it sent one. */
  code: string | null;
  /**
   * The server's parameters of the refusal (`ErrorBody.params`: ids, names, numbers) the app words
   * it with. Absent in refusals recorded before parameters existed.
   */
  params?: Readonly<Record<string, string | number>> | null;
  /** HTTP status of the refusal. */
  httpStatus: number;
  /** ISO 8601 time of the refusal. */
  at: string;
  /** The document as it was sent (what the server refused), so nothing the user typed is lost. */
  document: Record<string, unknown>;
  /** The server's state the refused change started from (null for a new document). */
  base: Record<string, unknown> | null;
}

/** `Refusal.code` of a document refused because its organisation was refused (`message` is then the organisation's reason). */
export const organisationRefusedCode = 'organisation-refused';

/** HTTP statuses that mean "this push can never succeed as sent" (409 is not one: it is an ordering problem, retried). */
export const permanentPushStatuses: readonly number[] = [400, 403, 404, 413, 415, 422];

const localId = 'cps-sync-refusals';

type LocalCapable = RxDatabase & {
  getLocal?: (id: string) => Promise<{ get(k: string): unknown } | null>;
  getLocal$?: (id: string) => Observable<{ get(k: string): unknown } | null>;
  upsertLocal?: (id: string, data: unknown) => Promise<unknown>;
};

/** See the module comment. */
export class RefusalStore {
  private readonly subject = new BehaviorSubject<readonly Refusal[]>([]);
  private readonly subs = new Subscription();
  private persisted = false;
  private writes: Promise<unknown> = Promise.resolve();
  /** Resolves once the stored list was read (at once when the database has no local documents). */
  readonly ready: Promise<void>;

  constructor(private readonly db: RxDatabase) {
    const d = db as LocalCapable;
    this.ready = (async () => {
      if (typeof d.getLocal !== 'function' || typeof d.getLocal$ !== 'function' || typeof d.upsertLocal !== 'function') return;
      let first: Awaited<ReturnType<NonNullable<LocalCapable['getLocal']>>>;
      try {
        first = await d.getLocal(localId); // rejects (RxDB LD8) when the database has no local documents
      } catch {
        return;
      }
      this.persisted = true;
      if (first) this.subject.next((first.get('items') as Refusal[] | undefined) ?? []);
      this.subs.add(d.getLocal$!(localId).subscribe((doc) => doc && this.subject.next((doc.get('items') as Refusal[] | undefined) ?? [])));
    })();
  }

  /** Every refusal, newest last; emits on every change (also from other windows). */
  get refusals$(): Observable<readonly Refusal[]> {
    return this.subject.asObservable();
  }
  get list(): readonly Refusal[] {
    return this.subject.getValue();
  }
  /** The refusal of one document, if any. */
  get(collection: CollectionName, id: string): Refusal | undefined {
    return this.list.find((r) => r.collection === collection && r.id === id);
  }

  /** Records (or replaces) the refusal of `refusal.id`. */
  add(refusal: Refusal): Promise<void> {
    return this.write((items) => [...items.filter((r) => !(r.collection === refusal.collection && r.id === refusal.id)), refusal]);
  }

  /** Removes the refusals of `ids` in `collection` (accepted later, or dismissed by the user). */
  remove(collection: CollectionName, ids: readonly string[]): Promise<void> {
    if (!this.list.some((r) => r.collection === collection && ids.includes(r.id))) return Promise.resolve();
    return this.write((items) => items.filter((r) => !(r.collection === collection && ids.includes(r.id))));
  }

  private write(change: (items: readonly Refusal[]) => Refusal[]): Promise<void> {
    const run = this.writes.then(async () => {
      await this.ready;
      const next = change(this.list);
      this.subject.next(next);
      if (this.persisted && !this.db.closed) await (this.db as LocalCapable).upsertLocal!(localId, { items: next });
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.subs.unsubscribe();
  }
}

type ReplicationProtocolState = Parameters<typeof getAssumedMasterState>[0];

/**
 * Puts each refusal's `base` back as RxDB's record of the server state where that record holds the
 * refused version (RxDB wrote it when the row was answered as handled). Per id: `restored`;
 * `waiting` (no record yet, the record still is the base, or a concurrent write won); `newer` (a
 * state other than both was recorded, nothing to do).
 */
async function putBasesBack(state: ReplicationProtocolState, items: readonly Pick<Refusal, 'id' | 'document' | 'base'>[]): Promise<Map<string, 'restored' | 'waiting' | 'newer'>> {
  const outcome = new Map<string, 'restored' | 'waiting' | 'newer'>();
  const records = (await getAssumedMasterState(state, items.map((r) => r.id))) as Record<string, { docData: unknown; metaDocument: never } | undefined>;
  const rows = [];
  for (const r of items) {
    const current = records[r.id];
    if (current && sameState(current.docData, r.document)) {
      rows.push(await getMetaWriteRow(state, r.base as never, current.metaDocument));
      outcome.set(r.id, 'restored');
    } else outcome.set(r.id, !current || sameState(current.docData, r.base) ? 'waiting' : 'newer');
  }
  if (rows.length > 0) {
    const result = await state.input.metaInstance.bulkWrite(rows as never, 'cps-refusal-restore-base');
    for (const e of result.error) outcome.set(String((e.writeRow.document as { itemId?: unknown }).itemId), 'waiting');
  }
  return outcome;
}

/**
 * After RxDB recorded a refused row as the server's state (it was answered as handled), puts the
 * state the change started from (`base`, RxDB's own record before the push) back, so the refused
 * edit stays a local change: pulls do not overwrite it and its next push merges against the real
 * server state. Call it before the push handler returns: it waits for RxDB's `sent$` of the row
 * (emitted just before RxDB writes its record), then polls until the record holds the refused
 * state and replaces it. Gives up after 15 s, when the replication stops, or when a newer state
 * than both was recorded meanwhile.
 */
export async function restoreAssumedMaster(replication: RxReplicationState<unknown, unknown> | undefined, id: string, refused: Record<string, unknown>, base: Record<string, unknown>): Promise<void> {
  const state = replication?.internalReplicationState as ReplicationProtocolState | undefined;
  if (!replication || !state) return;
  const deadline = Date.now() + 15_000;
  const sent = await firstValueFrom(
    replication.sent$.pipe(
      filter((d) => (d as { id?: string }).id === id && sameState(d, refused)),
      map(() => true),
      timeout({ first: 15_000, with: () => of(false) }),
    ),
  ).catch(() => false);
  if (!sent) return;
  while (Date.now() < deadline && !replication.isStopped()) {
    if ((await putBasesBack(state, [{ id, document: refused, base }])).get(id) !== 'waiting') return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A stop or restart between a refusal and {@link restoreAssumedMaster} leaves RxDB's record of the
 * server state at the refused version: puts the base back for each refused document of
 * `collection` still in that state. Run once the replication started.
 */
export async function repairRefusedBases(refusals: RefusalStore, collection: CollectionName, replication: RxReplicationState<unknown, unknown>): Promise<void> {
  await refusals.ready;
  await replication.startPromise;
  const state = replication.internalReplicationState as ReplicationProtocolState | undefined;
  const withBase = refusals.list.filter((r) => r.collection === collection && r.base);
  if (state && withBase.length > 0) await putBasesBack(state, withBase);
}
