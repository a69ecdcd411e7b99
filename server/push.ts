/**
 * The push side of replication: `[{assumedMasterState, newDocumentState}]` → conflicting master
 * documents. All rows of one push are applied atomically (all or nothing for errors; conflicts
 * are per row), in a write transaction shared with concurrent pushes (group commit: server/groupCommit.ts).
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
import { getDoc, type StoredDoc, type WriteTx } from './store';
import { isCollectionName, schemaFields, validatePushedDocument } from './validate';
import { organisationInScope, scopeOf, docInScope } from './scope';
import { authorities, type ServerServices } from './authority/index';
import { groupCommitOf } from './groupCommit';

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
 * Applies a push from `user` to `collection` (its body parsed; `bytes` its size as received, 0 when
 * unknown — it bounds the group of concurrent pushes it is applied with, server/groupCommit.ts).
 * Returns the conflicting master documents (empty when everything was taken as sent).
 * @throws HttpError 404 unknown collection, 403 pull-only collection or out-of-scope document,
 *   409 `unknown-organisation` (push the organisation first), 400 schema-invalid — nothing is stored then.
 */
export async function applyPush(services: ServerServices, user: User, collectionParam: string, body: unknown, bytes = 0): Promise<Record<string, unknown>[]> {
  if (!isCollectionName(collectionParam)) throw new HttpError(404, 'unknown-collection', `unknown collection "${collectionParam}"`);
  const collection = collectionParam;
  if (!(pushableCollections as readonly string[]).includes(collection)) throw new HttpError(403, 'pull-only', `${collection} is pull-only: clients cannot push it`);
  const rows = parsePushBody(body);
  const parsed: PushedRow[] = rows.map((r, i) => ({ ...validatePushedDocument(collection, r.newDocumentState, `row ${i}`), assumed: (r.assumedMasterState ?? null) as Record<string, unknown> | null, sent: r.newDocumentState as Record<string, unknown> }));
  if (parsed.length === 0) return [];
  return groupCommitOf(services.db).submit({ services, user, collection, rows: parsed }, bytes);
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

export { setPushPath, setGroupLimits, type PushPath } from './groupCommit';

/**
 * Steps 2–4 of the module doc for a row whose document the server already holds (`master`), shared
 * by the row-by-row path and the set-based one (server/pushSet.ts): the master's data when it is the
 * answer and nothing is written (a retry of what is stored, a stale push, a locked document), `null`
 * when the row is answered as stored exactly as sent, `undefined` when the row is to be written.
 * `incoming` is the row's document with `_deleted`; `requests` is the collection authority's
 * `isRequest` verdict (false for collections without one).
 */
export function answerFromMaster(
  collection: CollectionName,
  master: StoredDoc,
  row: PushedRow,
  incoming: Record<string, unknown>,
  requests: boolean,
): Record<string, unknown> | null | undefined {
  const m = master.data;
  const sameClient = sameClientState(collection, m, incoming);
  if (!requests && sameClient) return sameAsSent(m, row.sent) ? null : m;
  // Staleness guards client-owned fields. A request that changes none of them undoes nobody's
  // edit, so it counts whatever master state the client assumed — RxDB pushes it without one when
  // the answer to the document's first push could not be written locally (docs/sync.md, "Push answers").
  if (!sameClient && (!row.assumed || !sameClientState(collection, row.assumed, m))) return m;
  if (master.deleted || !conflictRules[collection].clientMayEdit(m as ConflictDocument)) return m;
  return undefined;
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
  if (master) {
    // A push that changes only server-owned fields may still be a request (authority.isRequest):
    // submitting a draft organisation, or a rejected one again.
    const answer = answerFromMaster(collection, master, row, incoming, authority.isRequest?.(master, row.data) ?? false);
    if (answer !== undefined) return answer;
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
