/**
 * Set-based push of registrations: the pushes of one write transaction are applied together with a
 * constant number of SQL statements, whatever the number of rows:
 * 1. read every master, the organisations, the product models and the serial claims the rows touch
 *    (four statements);
 * 2. decide every row in memory, push after push in arrival order, with the same rules as the
 *    row-at-a-time path (server/push.ts `applyRow`, server/authority/registrations.ts
 *    `examineRegistration`): scope on every row, conflicts, idempotent retries, first receipt wins
 *    a serial. A push refused with an HttpError (403, 409) has its in-memory changes undone, so it
 *    stores nothing and the pushes after it see the state without it;
 * 3. write the outcome: one multi-row upsert of the documents, one delete of released serial
 *    claims, one multi-row insert of new claims. The transaction's single NOTIFY is sent by
 *    `WriteTx.finish` (server/store).
 * Every writer of `serial_claims` holds the clock lock (server/store), so the claims read in
 * step 1 stay true until COMMIT; the insert still checks that it claimed every serial it decided
 * (`on conflict do nothing returning`) and throws otherwise, so the caller falls back to row by row.
 */
import type { ProductModel } from '../shared/schemas/productModels';
import type { ConflictDocument } from '../shared/sync/conflicts';
import { conflictRules } from '../shared/sync/conflicts';
import { HttpError } from './errors';
import { clientFields, sameAsSent, sameClientState, type PushRequest, type PushedRow } from './push';
import { docInScope, organisationInScope, scopeOf } from './scope';
import { fromRow, type DocRow, type StoredDoc, type WriteTx } from './store';
import { examineRegistration, registrationAuthority } from './authority/registrations';

type Outcome = { ok: true; value: Record<string, unknown>[] } | { ok: false; error: unknown };

/** Reads the live-or-tombstone documents of `collection` with the given ids, by id. */
async function loadDocs(w: WriteTx, collection: string, ids: Iterable<string>): Promise<Map<string, StoredDoc>> {
  const list = [...new Set(ids)];
  const out = new Map<string, StoredDoc>();
  if (list.length === 0) return out;
  const rows = await w.q.query<DocRow>('select * from documents where collection = $1 and id in (select jsonb_array_elements_text($2::jsonb))', [collection, JSON.stringify(list)]);
  for (const r of rows) out.set(r.id, fromRow(r));
  return out;
}

const claimKey = (model: string, serial: string): string => `${model}\u0000${serial}`;

/**
 * Applies registration pushes together (see module doc). Returns one outcome per push, in order:
 * its conflicts, or the HttpError that refused it (nothing of it stored).
 * @throws on SQL failure (the caller rolls back to its savepoint and runs the pushes row by row).
 */
export async function applyRegistrationPushes(w: WriteTx, jobs: PushRequest[]): Promise<Outcome[]> {
  const rows = jobs.flatMap((j) => j.rows);
  const today = jobs[0]!.services.today();

  // 1. Everything the rows can touch, read at once.
  const docs = await loadDocs(w, 'registrations', rows.map((r) => String(r.data.id)));
  const orgs = await loadDocs(w, 'organisations', rows.map((r) => String(r.data.organisationId)));
  const modelDocs = await loadDocs(w, 'productModels', rows.flatMap((r) => (typeof r.data.productModelId === 'string' ? [r.data.productModelId] : [])));
  const models = new Map<string, ProductModel>();
  for (const [id, d] of modelDocs) if (!d.deleted) models.set(id, d.data as unknown as ProductModel);
  const wanted = rows.flatMap((r) => {
    const v = examineRegistration({ ...r.data }, typeof r.data.productModelId === 'string' ? models.get(r.data.productModelId) : undefined, today);
    return v.claim ? [[v.claim.model, v.claim.serial]] : [];
  });
  const claimRows = await w.q.query<{ product_model_id: string; serial: string; registration_id: string }>(
    `select product_model_id, serial, registration_id from serial_claims
     where registration_id in (select jsonb_array_elements_text($1::jsonb))
        or (product_model_id, serial) in (select e->>0, e->>1 from jsonb_array_elements($2::jsonb) as e)`,
    [JSON.stringify([...docs.keys()]), JSON.stringify(wanted)],
  );
  /** Current holder per claim key, and the keys per registration; `before` keeps the state as read. */
  const holder = new Map<string, string>();
  const held = new Map<string, Set<string>>();
  const before = new Map<string, string>();
  const claimedAt = new Map<string, string>();
  for (const c of claimRows) {
    const k = claimKey(c.product_model_id, c.serial);
    holder.set(k, c.registration_id);
    before.set(k, c.registration_id);
    let s = held.get(c.registration_id);
    if (!s) held.set(c.registration_id, (s = new Set()));
    s.add(k);
  }
  const written = new Map<string, StoredDoc>();

  // 2. Decide push after push; an undo log takes back a refused push's in-memory changes.
  const outcomes: Outcome[] = [];
  for (const job of jobs) {
    const undo: (() => void)[] = [];
    const setMap = <K, V>(m: Map<K, V>, k: K, v: V | undefined): void => {
      const had = m.has(k);
      const old = m.get(k);
      undo.push(() => {
        if (had) m.set(k, old as V);
        else m.delete(k);
      });
      if (v === undefined) m.delete(k);
      else m.set(k, v);
    };
    const release = (registrationId: string, keep: string | null): void => {
      const mine = held.get(registrationId);
      if (!mine) return;
      const next = new Set(mine);
      for (const k of mine) {
        if (k === keep) continue;
        next.delete(k);
        setMap(holder, k, undefined);
      }
      setMap(held, registrationId, next);
    };
    /** Claims `k` for `registrationId` unless held; returns the holder. */
    const claim = (k: string, registrationId: string): string => {
      const h = holder.get(k);
      if (h !== undefined) return h;
      setMap(holder, k, registrationId);
      setMap(held, registrationId, new Set([...(held.get(registrationId) ?? []), k]));
      setMap(claimedAt, k, new Date().toISOString());
      return registrationId;
    };
    try {
      w.actor = job.user.email;
      const conflicts: Record<string, unknown>[] = [];
      for (const row of job.rows) {
        const c = decideRow(w, job, row, {
          docs,
          orgs,
          models,
          today,
          release,
          claim,
          store: (d) => {
            setMap(docs, d.id, d);
            setMap(written, d.id, d);
          },
        });
        if (c) conflicts.push(c);
      }
      outcomes.push({ ok: true, value: conflicts });
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      if (!(error instanceof HttpError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }

  // 3. Write the outcome with multi-row statements.
  if (written.size > 0) {
    await w.q.query(
      `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data, meta)
       select 'registrations', r->>'id', r->'data'->>'updatedAt', (r->>'deleted')::boolean, r->>'organisationId', r->>'dealerId', r->'data', r->'meta'
       from jsonb_array_elements($1::jsonb) as r
       on conflict (collection, id) do update set updated_at = excluded.updated_at, deleted = excluded.deleted,
         organisation_id = excluded.organisation_id, dealer_id = excluded.dealer_id, data = excluded.data, meta = excluded.meta`,
      [JSON.stringify([...written.values()].map((d) => ({ id: d.id, deleted: d.deleted, organisationId: d.organisationId, dealerId: d.dealerId, data: d.data, meta: d.meta })))],
    );
    w.markChanged('registrations');
  }
  const released = [...before].filter(([k, r]) => holder.get(k) !== r).map(([k]) => k.split('\u0000'));
  if (released.length > 0)
    await w.q.query('delete from serial_claims where (product_model_id, serial) in (select e->>0, e->>1 from jsonb_array_elements($1::jsonb) as e)', [JSON.stringify(released)]);
  const added = [...holder].filter(([k, r]) => before.get(k) !== r).map(([k, r]) => [...k.split('\u0000'), r, claimedAt.get(k) ?? new Date().toISOString()]);
  if (added.length > 0) {
    const ins = await w.q.query(
      `insert into serial_claims (product_model_id, serial, registration_id, claimed_at)
       select e->>0, e->>1, e->>2, e->>3 from jsonb_array_elements($1::jsonb) as e on conflict do nothing returning 1`,
      [JSON.stringify(added)],
    );
    if (ins.length !== added.length) throw new Error(`set-based push: ${added.length - ins.length} serial claims were taken meanwhile`);
  }
  return outcomes;
}

interface RowContext {
  docs: Map<string, StoredDoc>;
  orgs: Map<string, StoredDoc>;
  models: Map<string, ProductModel>;
  today: string;
  release(registrationId: string, keep: string | null): void;
  claim(key: string, registrationId: string): string;
  store(doc: StoredDoc): void;
}

/** One registration row, in memory: the same steps as server/push.ts `applyRow` for a non-organisation document. */
function decideRow(w: WriteTx, job: PushRequest, row: PushedRow, ctx: RowContext): Record<string, unknown> | null {
  const scope = scopeOf(job.user);
  const id = row.data.id as string;
  const master = ctx.docs.get(id) ?? null;
  if (master && !docInScope(scope, master)) throw new HttpError(403, 'forbidden', `registrations ${id} is outside your scope`, { collection: 'registrations', id });
  if (!master && row.deleted) return null;
  const organisationId = String(row.data.organisationId);
  if (master && master.organisationId !== organisationId) return master.data;
  const org = ctx.orgs.get(organisationId);
  if (!org || org.deleted) throw new HttpError(409, 'unknown-organisation', `registrations ${id}: organisation ${organisationId} is unknown to the server; push the organisation first`, { collection: 'registrations', id, organisationId });
  if (!organisationInScope(scope, org.id, org.dealerId)) throw new HttpError(403, 'forbidden', `registrations ${id}: organisation ${organisationId} is outside your scope`, { collection: 'registrations', id, organisationId });
  const dealerId = org.dealerId;

  const incoming = { ...row.data, _deleted: row.deleted };
  if (master) {
    const m = master.data;
    if (sameClientState('registrations', m, incoming)) return sameAsSent(m, row.sent) ? null : m;
    if (!row.assumed || !sameClientState('registrations', row.assumed, m)) return m;
    if (master.deleted || !conflictRules.registrations.clientMayEdit(m as ConflictDocument)) return m;
  }

  const base: Record<string, unknown> = master ? { ...master.data } : registrationAuthority.defaults(job.user, row.data);
  delete base.updatedAt;
  delete base._deleted;
  for (const k of clientFields('registrations')) {
    if (k in row.data) base[k] = row.data[k];
    else delete base[k];
  }
  base.id = id;
  if (row.deleted) ctx.release(id, null);
  else {
    const model = typeof base.productModelId === 'string' ? ctx.models.get(base.productModelId) : undefined;
    const verdict = examineRegistration(base, model, ctx.today);
    const key = verdict.claim ? claimKey(verdict.claim.model, verdict.claim.serial) : null;
    if (master) ctx.release(id, key);
    verdict.settle(key !== null && ctx.claim(key, id) !== id);
  }
  const updatedAt = w.nextUpdatedAt();
  const data = { ...base, updatedAt, _deleted: row.deleted };
  ctx.store({ collection: 'registrations', id, data, deleted: row.deleted, organisationId, dealerId, meta: master?.meta ?? {} });
  return sameAsSent(data, row.sent) ? null : data;
}
