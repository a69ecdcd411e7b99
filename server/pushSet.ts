/**
 * Set-based push of registrations: the pushes of one write transaction are applied together with a
 * constant number of SQL statements, whatever the number of rows:
 * 1. read every master, the organisations, the product models and the serial claims the rows touch
 *    (one statement);
 * 2. decide every row in memory, push after push in arrival order, with the same rules as the
 *    row-at-a-time path (server/push.ts `applyRow`, server/authority/registrations.ts
 *    `examineRegistration`): scope on every row, conflicts, idempotent retries, first receipt wins
 *    a serial. A push refused with an HttpError (403, 409) has its in-memory changes undone, so it
 *    stores nothing and the pushes after it see the state without it;
 * 3. write the outcome: one delete of released serial claims (only when a row released one), then
 *    one statement upserting the documents and inserting the new claims. The transaction's single
 *    NOTIFY travels with its COMMIT (`WriteTx.finish`, server/store).
 * The statements carry their values as literals (no parameters), so the read can travel with BEGIN
 * and the clock lock ({@link registrationReads}, `writeTransaction`'s `read`) and the writes with
 * the clock update, NOTIFY and COMMIT (`WriteTx.atCommit`): a transaction of registration pushes
 * alone then costs 2 round trips in all, whatever its size (4 when each statement goes alone).
 * Every writer of `serial_claims` holds the clock lock (server/store), so the claims read in
 * step 1 stay true until COMMIT; the insert still checks that it claimed every serial it decided
 * (`on conflict do nothing returning`) and fails in SQL otherwise, so the caller falls back to row
 * by row.
 */
import type { ProductModel } from '../shared/schemas/productModels';
import { HttpError } from './errors';
import { answerFromMaster, clientFields, sameAsSent, type PushRequest, type PushedRow } from './push';
import { docInScope, organisationInScope, scopeOf } from './scope';
import { fromRow, type DocRow, type StoredDoc, type WriteTx } from './store';
import { sqlLiteral } from './db';
import { examineRegistration, registrationAuthority } from './authority/registrations';
import { normaliseSerial } from '../shared/program/registration';

import type { Outcome } from './groupCommit';

/** What {@link registrationReads} reads: the documents and the serial claims, as two JSON arrays. */
type ReadRow = { docs: DocRow[] | string | null; claims: ClaimRow[] | string | null };
type ClaimRow = { product_model_id: string; serial: string; registration_id: string };

/**
 * One statement without parameters (values written in as literals, `sqlLiteral` in server/db.ts,
 * so it can travel with BEGIN and the clock lock: `writeTransaction`'s `read`): the documents
 * (tombstones included) with the given ids of each collection, and the serial claims held by
 * `holders` or on any of the (product model, serial) `keys` — as two JSON arrays in one row.
 */
function readSql(ids: Record<'registrations' | 'organisations' | 'productModels', Iterable<string>>, holders: Iterable<string>, keys: [string, string][]): string {
  const wanted = Object.entries(ids).flatMap(([c, list]) => [...new Set(list)].map((id) => [c, id]));
  return `select
       (select jsonb_agg(to_jsonb(d)) from documents d
         where (d.collection, d.id) in (select e->>0, e->>1 from jsonb_array_elements(${sqlLiteral(JSON.stringify(wanted))}::jsonb) as e)) as docs,
       (select jsonb_agg(to_jsonb(c)) from serial_claims c
         where c.registration_id in (select jsonb_array_elements_text(${sqlLiteral(JSON.stringify([...new Set(holders)]))}::jsonb))
            or (c.product_model_id, c.serial) in (select e->>0, e->>1 from jsonb_array_elements(${sqlLiteral(JSON.stringify(keys))}::jsonb) as e)) as claims`;
}

/**
 * The read of {@link applyRegistrationPushes} for `jobs`: everything their rows can touch — the
 * registrations, their organisations and product models, and the serial claims on every (model,
 * normalised serial) a row names (a superset of those it can claim: the model's pattern decides
 * later) or held by the registrations. One statement without parameters: pass it as
 * `writeTransaction`'s `read` and its rows to {@link applyRegistrationPushes}, which then costs no
 * round trip of its own for reading.
 */
export function registrationReads(jobs: readonly PushRequest[]): string {
  const rows = jobs.flatMap((j) => j.rows);
  const registrationIds = rows.map((r) => String(r.data.id));
  return readSql(
    {
      registrations: registrationIds,
      organisations: rows.map((r) => String(r.data.organisationId)),
      productModels: rows.flatMap((r) => (typeof r.data.productModelId === 'string' ? [r.data.productModelId] : [])),
    },
    registrationIds,
    rows.flatMap((r) => (typeof r.data.productModelId === 'string' && typeof r.data.serialNumber === 'string' ? [[r.data.productModelId, normaliseSerial(r.data.serialNumber)] as [string, string]] : [])),
  );
}

/** The rows of {@link registrationReads} as documents per collection and claims. */
function parseReads(r: ReadRow | undefined): { docs: Record<string, Map<string, StoredDoc>>; claims: ClaimRow[] } {
  const parse = <T>(v: T[] | string | null | undefined): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : (v ?? []));
  const docs: Record<string, Map<string, StoredDoc>> = { registrations: new Map(), organisations: new Map(), productModels: new Map() };
  for (const row of parse(r?.docs)) docs[row.collection]!.set(row.id, fromRow(row));
  return { docs, claims: parse(r?.claims) };
}

const claimKey = (model: string, serial: string): string => `${model}\u0000${serial}`;

/**
 * Applies registration pushes together (see module doc). Returns one outcome per push, in order:
 * its conflicts, or the HttpError that refused it (nothing of it stored).
 * `opts.readRows`: the rows of {@link registrationReads} for the same `jobs`, read in this
 * transaction under the clock lock (with BEGIN); without them this reads itself (one round trip).
 * `opts.writeAtCommit`: the writes travel with COMMIT (`WriteTx.atCommit`) instead of a round trip
 * of their own — only when nothing else of the transaction comes after them; their failure then
 * fails the COMMIT.
 * @throws on SQL failure (the caller rolls the transaction back and runs the pushes row by row).
 */
export async function applyRegistrationPushes(w: WriteTx, jobs: PushRequest[], opts: { readRows?: readonly Record<string, unknown>[] | undefined; writeAtCommit?: boolean } = {}): Promise<Outcome[]> {
  const today = jobs[0]!.services.today();

  // 1. Everything the rows can touch, read at once (registrationReads).
  const readRows = opts.readRows ?? (await w.q.query(registrationReads(jobs)));
  const { docs: loaded, claims: claimRows } = parseReads(readRows[0] as ReadRow | undefined);
  const docs = loaded.registrations!;
  const orgs = loaded.organisations!;
  const models = new Map<string, ProductModel>();
  for (const [id, d] of loaded.productModels!) if (!d.deleted) models.set(id, d.data as unknown as ProductModel);
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

  // 3. Write the outcome: released claims first (a serial released here may be claimed again by a
  //    later row of the batch), then the documents and the new claims in one statement.
  const released = [...before].filter(([k, r]) => holder.get(k) !== r).map(([k]) => k.split('\u0000'));
  const added = [...holder].filter(([k, r]) => before.get(k) !== r).map(([k, r]) => [...k.split('\u0000'), r, claimedAt.get(k) ?? new Date().toISOString()]);
  const run = (sql: string): Promise<unknown> => (opts.writeAtCommit ? w.atCommit(sql) : w.q.query(sql));
  if (released.length > 0)
    await run(`delete from serial_claims where (product_model_id, serial) in (select e->>0, e->>1 from jsonb_array_elements(${sqlLiteral(JSON.stringify(released))}::jsonb) as e)`);
  if (written.size > 0 || added.length > 0) {
    // The claims insert must claim every serial decided above; should one have been taken meanwhile
    // (every writer of serial_claims holds the clock lock, so it cannot), the cast of the message
    // to an integer fails the statement (SQLSTATE 22P02), and with it the transaction.
    const docsJson = JSON.stringify([...written.values()].map((d) => ({ id: d.id, deleted: d.deleted, organisationId: d.organisationId, dealerId: d.dealerId, data: d.data, meta: d.meta })));
    await run(
      `with docs as (
         insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data, meta)
         select 'registrations', r->>'id', r->'data'->>'updatedAt', (r->>'deleted')::boolean, r->>'organisationId', r->>'dealerId', r->'data', r->'meta'
         from jsonb_array_elements(${sqlLiteral(docsJson)}::jsonb) as r
         on conflict (collection, id) do update set updated_at = excluded.updated_at, deleted = excluded.deleted,
           organisation_id = excluded.organisation_id, dealer_id = excluded.dealer_id, data = excluded.data, meta = excluded.meta
         returning 1),
       claims as (
         insert into serial_claims (product_model_id, serial, registration_id, claimed_at)
         select e->>0, e->>1, e->>2, e->>3 from jsonb_array_elements(${sqlLiteral(JSON.stringify(added))}::jsonb) as e on conflict do nothing
         returning 1)
       select (select count(*) from docs)::int as stored,
         case when n = ${added.length} then n else ('set-based push: serial claims taken meanwhile, ' || n || ' of ${added.length} claimed')::int end as claimed
       from (select count(*)::int as n from claims) as c`,
    );
    if (written.size > 0) w.markChanged('registrations');
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

/** One registration row, in memory: the same steps as server/push.ts `applyRow` for a non-organisation document (the answer from the master: `answerFromMaster`). */
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
    const answer = answerFromMaster('registrations', master, row, incoming, false);
    if (answer !== undefined) return answer;
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
    const verdict = examineRegistration(base, model, ctx.today, org.data.status);
    const key = verdict.claim ? claimKey(verdict.claim.model, verdict.claim.serial) : null;
    if (master) ctx.release(id, key);
    verdict.settle(key !== null && ctx.claim(key, id) !== id);
  }
  const updatedAt = w.nextUpdatedAt();
  const data = { ...base, updatedAt, _deleted: row.deleted };
  ctx.store({ collection: 'registrations', id, data, deleted: row.deleted, organisationId, dealerId, meta: master?.meta ?? {} });
  return sameAsSent(data, row.sent) ? null : data;
}
