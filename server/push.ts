/**
 * The push side of replication: `[{assumedMasterState, newDocumentState}]` → conflicting master
 * documents. All rows of one push are applied atomically (all or nothing for errors; conflicts
 * are per row), in a write transaction shared with concurrent pushes ({@link PushBatcher}).
 *
 * Per row, in order (conflict rules: shared/sync/conflicts.ts):
 * 0. a deletion of a document the server never had is a no-op (created and deleted offline);
 * 1. scope: the document's organisation must exist and be in the user's scope (403 / 409);
 * 2. idempotency: when the client-owned fields and `_deleted` already equal the master's, nothing is
 *    written (a retried push changes nothing twice); the master is returned as a conflict only if
 *    its server-owned fields differ from what the client sent;
 * 3. staleness: when `assumedMasterState` differs from the master in client-owned fields or
 *    `_deleted` (or is missing), the master is returned as the conflict — except for a request
 *    (`isRequest`, e.g. submitting an organisation) that changes no client-owned field;
 * 4. locking: when the master is deleted or the rule says the client may no longer edit it, the
 *    master is returned as the conflict;
 * 5. otherwise the client-owned fields are taken, the server-owned ones come from the master (or
 *    defaults), the collection's authority decides the rest, and the stored document is returned as
 *    a conflict when it differs from what the client sent (so the client learns the decision now).
 */
import type { CollectionName } from '../shared/schemas/common';
import { maxPushRows, pushableCollections, type PushRow } from '../shared/sync/protocol';
import { conflictRules, documentsEqual, type ConflictDocument } from '../shared/sync/conflicts';
import type { User } from './auth';
import { HttpError } from './errors';
import { getDoc, writeTransaction, type StoredDoc, type WriteTx } from './store';
import type { Db } from './db';
import { isCollectionName, schemaFields, validatePushedDocument } from './validate';
import { organisationInScope, scopeOf, docInScope } from './scope';
import { authorities, type ServerServices } from './authority/index';
import { applyRegistrationPushes } from './pushSet';

/** Most rows accepted in one push (shared with the client, which splits its pushes to fit). */
export { maxPushRows };

/** Client-owned fields of a collection: the schema's properties minus the rule's server-owned ones and `id`. */
const clientFieldsCache = new Map<CollectionName, string[]>();
export function clientFields(collection: CollectionName): string[] {
  let f = clientFieldsCache.get(collection);
  if (!f) {
    const serverOwned = new Set(conflictRules[collection].serverOwned);
    f = schemaFields(collection).filter((k) => k !== 'id' && !serverOwned.has(k));
    clientFieldsCache.set(collection, f);
  }
  return f;
}

const norm = (v: unknown): unknown => (v === undefined ? null : v);

/** True when `a` and `b` agree on the client-owned fields and on `_deleted`. */
export function sameClientState(collection: CollectionName, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (Boolean(a._deleted) !== Boolean(b._deleted)) return false;
  return clientFields(collection).every((k) => documentsEqual(norm(a[k]), norm(b[k])));
}

/**
 * True when the stored document equals what the client sent in every replicated field, the server
 * timestamps `updatedAt` and `createdAt` included (RxDB's `_meta`, `_rev` and `_attachments` are
 * ignored). A push row is answered with the stored document unless this holds, so the client learns
 * the exact stored state from the answer itself: RxDB records a row answered without a document as
 * stored exactly as sent, and a pull that returned the newer `updatedAt` while the push was
 * unanswered has already been skipped (docs/sync.md, "Push answers").
 */
export function sameAsSent(stored: Record<string, unknown>, sent: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(stored), ...Object.keys(sent)]);
  for (const k of keys) {
    if (k === '_meta' || k === '_rev' || k === '_attachments') continue;
    if (!documentsEqual(norm(stored[k]), norm(sent[k]))) return false;
  }
  return true;
}

/** Checks the shape of a push body; returns the rows. @throws HttpError 400. */
export function parsePushBody(body: unknown): PushRow[] {
  if (!Array.isArray(body)) throw new HttpError(400, 'bad-request', 'push body must be a JSON array of {assumedMasterState, newDocumentState}');
  if (body.length > maxPushRows) throw new HttpError(413, 'too-many-rows', `a push carries at most ${maxPushRows} rows, got ${body.length}`);
  body.forEach((row, i) => {
    if (!row || typeof row !== 'object' || !('newDocumentState' in row))
      throw new HttpError(400, 'bad-request', `row ${i}: expected {assumedMasterState, newDocumentState}`);
    const a = (row as PushRow).assumedMasterState;
    if (a !== null && a !== undefined && (typeof a !== 'object' || Array.isArray(a))) throw new HttpError(400, 'bad-request', `row ${i}: assumedMasterState must be an object or null`);
  });
  return body as PushRow[];
}

/**
 * Applies a push from `user` to `collection`. Returns the conflicting master documents (empty when
 * everything was taken as sent).
 * @throws HttpError 404 unknown collection, 403 pull-only collection or out-of-scope document,
 *   409 `unknown-organisation` (push the organisation first), 400 schema-invalid — nothing is stored then.
 */
export async function applyPush(services: ServerServices, user: User, collectionParam: string, body: unknown): Promise<Record<string, unknown>[]> {
  if (!isCollectionName(collectionParam)) throw new HttpError(404, 'unknown-collection', `unknown collection "${collectionParam}"`);
  const collection = collectionParam;
  if (!(pushableCollections as readonly string[]).includes(collection)) throw new HttpError(403, 'pull-only', `${collection} is pull-only: clients cannot push it`);
  const rows = parsePushBody(body);
  const parsed: PushedRow[] = rows.map((r, i) => ({ ...validatePushedDocument(collection, r.newDocumentState, `row ${i}`), assumed: (r.assumedMasterState ?? null) as Record<string, unknown> | null, sent: r.newDocumentState as Record<string, unknown> }));
  if (parsed.length === 0) return [];
  return batcherOf(services.db).submit({ services, user, collection, rows: parsed });
}

/** One validated row of a push: the document (without transport fields), its deletion flag, the client's assumed master and the row as sent. */
export interface PushedRow {
  data: Record<string, unknown>;
  deleted: boolean;
  assumed: Record<string, unknown> | null;
  sent: Record<string, unknown>;
}

/** One push request waiting for (or inside) a write transaction. */
export interface PushRequest {
  services: ServerServices;
  user: User;
  collection: CollectionName;
  rows: PushedRow[];
}

/**
 * Applies one push row by row (a few statements per row). The path for every collection but
 * registrations, the fallback of the set-based path (server/pushSet.ts), and the reference it is
 * compared with in the tests. Returns the conflicts; throws the push's HttpError.
 */
export async function applyPushRowByRow(w: WriteTx, req: PushRequest): Promise<Record<string, unknown>[]> {
  const conflicts: Record<string, unknown>[] = [];
  for (const row of req.rows) {
    const c = await applyRow(req.services, w, req.user, req.collection, row);
    if (c) conflicts.push(c);
  }
  return conflicts;
}

type PushJob = PushRequest & { resolve: (v: Record<string, unknown>[]) => void; reject: (e: unknown) => void };
type Outcome = { ok: true; value: Record<string, unknown>[] } | { ok: false; error: unknown };

/**
 * How pushes are applied: `set` (default) applies consecutive registration pushes of a transaction
 * together with a constant number of statements (server/pushSet.ts); `row` applies every push row
 * by row ({@link applyPushRowByRow}) — kept for comparison in tests and benchmarks.
 */
export type PushPath = 'set' | 'row';

/**
 * Group commit of pushes. Every write transaction holds the clock lock until COMMIT (that is what
 * keeps updatedAt in commit order), so pushes are serial; instead of one transaction (and one
 * WAL flush) per request, the pushes that arrive while a transaction runs are applied together in
 * the next one. A push that fails (403, 409, …) is answered with its error and stores nothing; the
 * others commit together and are answered after COMMIT. Registration pushes are decided together
 * in memory and written with multi-row statements (server/pushSet.ts); other pushes run row by
 * row, each inside its own SAVEPOINT so a failing one is rolled back alone. A lone push starts
 * at the next turn of the event loop, so latency without load is unchanged. At most {@link maxBatch} pushes per transaction.
 */
class PushBatcher {
  private queue: PushJob[] = [];
  private running = false;
  path: PushPath = 'set';
  constructor(private readonly db: Db) {}

  submit(req: PushRequest): Promise<Record<string, unknown>[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...req, resolve, reject });
      // An idle batcher starts after the current I/O callbacks, so requests that arrived together
      // (their bodies already read) share the first transaction too.
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, maxBatch);
        let outcomes: Outcome[];
        try {
          outcomes = await this.apply(batch, this.path);
        } catch (error) {
          // The set-based write failed in SQL (it should not: the clock lock serialises every
          // writer of serial claims): the whole transaction was rolled back, so the batch runs
          // again row by row. Anything else (connection lost, COMMIT refused) stores nothing.
          if (!(error instanceof SetPathFailed)) outcomes = batch.map(() => ({ ok: false, error }));
          else outcomes = await this.apply(batch, 'row').catch((e: unknown) => batch.map(() => ({ ok: false as const, error: e })));
        }
        batch.forEach((job, i) => {
          const o = outcomes[i]!;
          if (o.ok) job.resolve(o.value);
          else job.reject(o.error);
        });
      }
    } finally {
      this.running = false;
    }
  }

  /** Applies `batch` in one write transaction; one outcome per push. @throws SetPathFailed, or the transaction's own failure. */
  private async apply(batch: PushJob[], path: PushPath): Promise<Outcome[]> {
    return writeTransaction(this.db, batch[0]!.user.email, async (w) => {
      const outcomes: Outcome[] = [];
      let i = 0;
      while (i < batch.length) {
        let j = i;
        if (path === 'set') while (j < batch.length && batch[j]!.collection === 'registrations') j++;
        if (j > i) {
          outcomes.push(...(await runTogether(w, batch.slice(i, j))));
          i = j;
        } else {
          outcomes.push(await runAlone(w, batch[i]!));
          i++;
        }
      }
      return outcomes;
    });
  }
}

/** The set-based path failed for a reason other than a push's own refusal (see {@link PushBatcher}). */
class SetPathFailed extends Error {
  constructor(readonly reason: unknown) {
    super(`set-based push failed: ${String((reason as Error)?.message ?? reason)}`);
  }
}

/** One push row by row inside its own SAVEPOINT (rolled back alone when it fails). */
async function runAlone(w: WriteTx, job: PushRequest): Promise<Outcome> {
  w.actor = job.user.email;
  await w.q.query('savepoint push_job');
  try {
    const value = await applyPushRowByRow(w, job);
    await w.q.query('release savepoint push_job');
    return { ok: true, value };
  } catch (error) {
    await w.q.query('rollback to savepoint push_job');
    return { ok: false, error };
  }
}

/**
 * Registration pushes decided together (server/pushSet.ts); refused pushes are isolated in memory.
 * No SAVEPOINT (two round trips saved): should the set-based write fail in SQL, {@link SetPathFailed}
 * rolls the whole transaction back and the batcher runs the batch again row by row.
 */
async function runTogether(w: WriteTx, jobs: PushRequest[]): Promise<Outcome[]> {
  try {
    return await applyRegistrationPushes(w, jobs);
  } catch (error) {
    throw new SetPathFailed(error);
  }
}

/** Most pushes applied in one transaction. */
export const maxBatch = 64;
const batchers = new WeakMap<Db, PushBatcher>();
function batcherOf(db: Db): PushBatcher {
  let b = batchers.get(db);
  if (!b) batchers.set(db, (b = new PushBatcher(db)));
  return b;
}

/** Chooses how pushes to `db` are applied from now on (see {@link PushPath}); for tests and benchmarks. */
export function setPushPath(db: Db, path: PushPath): void {
  batcherOf(db).path = path;
}

async function applyRow(
  services: ServerServices,
  w: WriteTx,
  user: User,
  collection: CollectionName,
  row: PushedRow,
): Promise<Record<string, unknown> | null> {
  const scope = scopeOf(user);
  const id = row.data.id as string;
  const master = await getDoc(w.q, collection, id);
  if (master && !docInScope(scope, master)) throw new HttpError(403, 'forbidden', `${collection} ${id} is outside your scope`, { collection, id });
  // Created and deleted offline (or deleted after the server refused it): nothing to keep, whoever
  // sends it and whatever organisation it names — it reveals and changes nothing.
  if (!master && row.deleted) return null;

  // The organisation this document belongs to, and its dealer (the scope columns).
  const authority = authorities[collection];
  let organisationId: string;
  let dealerId: string | null;
  if (authority.owner) {
    ({ organisationId, dealerId } = authority.owner(user, id, master, row.data));
  } else {
    organisationId = String(row.data.organisationId);
    if (master && master.organisationId !== organisationId) return master.data; // documents do not move between organisations
    const org = await getDoc(w.q, 'organisations', organisationId);
    if (!org || org.deleted) throw new HttpError(409, 'unknown-organisation', `${collection} ${id}: organisation ${organisationId} is unknown to the server; push the organisation first`, { collection, id, organisationId });
    if (!organisationInScope(scope, org.id, org.dealerId)) throw new HttpError(403, 'forbidden', `${collection} ${id}: organisation ${organisationId} is outside your scope`, { collection, id, organisationId });
    dealerId = org.dealerId;
  }

  const incoming = { ...row.data, _deleted: row.deleted };
  const rule = conflictRules[collection];
  if (master) {
    const m = master.data;
    // A push that changes only server-owned fields may still be a request (authority.isRequest):
    // submitting a draft organisation, or a rejected one again.
    const requests = authority.isRequest?.(master, row.data) ?? false;
    const sameClient = sameClientState(collection, m, incoming);
    if (!requests && sameClient) return sameAsSent(m, row.sent) ? null : m;
    // Staleness guards client-owned fields. A request that changes none of them undoes nobody's
    // edit, so it counts whatever master state the client assumed — RxDB pushes it without one when
    // the answer to the document's first push could not be written locally (docs/sync.md, "Push answers").
    if (!sameClient && (!row.assumed || !sameClientState(collection, row.assumed, m))) return m;
    if (master.deleted || !rule.clientMayEdit(m as ConflictDocument)) return m;
  }

  // Client-owned fields from the push, server-owned ones from the master (or the defaults).
  const base: Record<string, unknown> = master ? { ...master.data } : authority.defaults(user, row.data);
  delete base.updatedAt;
  delete base._deleted;
  for (const k of clientFields(collection)) {
    if (k in row.data) base[k] = row.data[k];
    else delete base[k];
  }
  base.id = id;
  const decided = await authority.decide({ services, w, user, master, incoming: row.data, doc: base, deleted: row.deleted, organisationId, dealerId });
  const stored = await w.put(collection, decided.doc, { deleted: row.deleted, organisationId, dealerId, meta: decided.meta ?? master?.meta ?? {} });
  if (decided.after) await decided.after(stored);
  return sameAsSent(stored, row.sent) ? null : stored;
}

export type { StoredDoc };
