/**
 * The replicated documents: reading the change feed (pull), and writing inside one write
 * transaction ({@link WriteTx}) that holds the server clock.
 *
 * `updatedAt` is the server's: ISO 8601 with microseconds (`2026-11-29T16:41:59.123456Z`, fixed
 * width so text order = time order), strictly increasing in commit order because every write
 * transaction first locks the single `clock` row and keeps it until COMMIT.
 */
import type { Db, Queryable, Transaction, TransactionOptions } from '../db';
import type { CollectionName } from '../../shared/schemas/common';
import type { Checkpoint } from '../../shared/sync/protocol';
import { HttpError } from '../errors';

/** NOTIFY channel announcing committed changes; payload: the collection name. */
export const changesChannel = 'cps_changes';

/** A document as stored: its replicated JSON plus server columns. */
export interface StoredDoc {
  collection: CollectionName;
  id: string;
  /** The replicated document, including `id`, `updatedAt` and `_deleted`. */
  data: Record<string, unknown>;
  deleted: boolean;
  organisationId: string | null;
  dealerId: string | null;
  /** Server-internal state (never replicated), e.g. an organisation's pending submit request. */
  meta: Record<string, unknown>;
}

/** Who may see what: back office everything; a dealer its organisations; a studio manager its own. */
export type Scope = { kind: 'all' } | { kind: 'dealer'; dealerId: string } | { kind: 'organisation'; organisationId: string };

/** Formats microseconds since the epoch as the fixed-width updatedAt string. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // …SS.mmmZ
  return iso.slice(0, -1) + String(us % 1000).padStart(3, '0') + 'Z';
}

/** The server's updatedAt format (see {@link formatMicros}): `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export const updatedAtPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Reads the pull checkpoint from the query parameters `updatedAt` and `id`: both absent (or empty)
 * → null (from the start); both present → the checkpoint.
 * @throws HttpError 400 `bad-checkpoint` when only one of them is given or `updatedAt` is not in
 *   the server's format (a checkpoint is always one the server returned earlier).
 */
export function parseCheckpointQuery(q: { updatedAt?: unknown; id?: unknown }): Checkpoint | null {
  const updatedAt = typeof q.updatedAt === 'string' ? q.updatedAt : q.updatedAt === undefined ? '' : null;
  const id = typeof q.id === 'string' ? q.id : q.id === undefined ? '' : null;
  if (updatedAt === null || id === null) throw new HttpError(400, 'bad-checkpoint', 'checkpoint: give updatedAt and id once each');
  if (!updatedAt && !id) return null;
  if (!updatedAt || !id)
    throw new HttpError(400, 'bad-checkpoint', 'checkpoint: updatedAt and id must come together (both from the checkpoint of an earlier pull), or both be left out to pull from the start');
  if (!updatedAtPattern.test(updatedAt) || Number.isNaN(Date.parse(updatedAt)))
    throw new HttpError(400, 'bad-checkpoint', `checkpoint: updatedAt must be the server's format YYYY-MM-DDTHH:MM:SS.ffffffZ (e.g. 2026-11-29T16:41:59.123456Z), got "${updatedAt.slice(0, 60)}"`);
  return { updatedAt, id };
}

const globalCollections: ReadonlySet<string> = new Set(['productModels', 'programTiers', 'programTerms']);

/** True for collections every user reads in full (catalog, tiers, terms). */
export function isGlobalCollection(c: string): boolean {
  return globalCollections.has(c);
}

function scopeSql(collection: string, scope: Scope, firstParam: number): { sql: string; params: unknown[] } {
  if (isGlobalCollection(collection) || scope.kind === 'all') return { sql: '', params: [] };
  if (scope.kind === 'dealer') return { sql: ` and dealer_id = $${firstParam}`, params: [scope.dealerId] };
  return { sql: ` and organisation_id = $${firstParam}`, params: [scope.organisationId] };
}

/** One page of the change feed. `json` holds each document's JSON text (not parsed: pull streams it as is). */
export interface FeedPage {
  json: string[];
  checkpoint: Checkpoint | null;
}

/**
 * Documents of `collection` visible in `scope` strictly after `after` in (updatedAt, id) order,
 * at most `limit`, tombstones included. `checkpoint` is the last document's, or `after` when empty.
 */
export async function readFeed(q: Queryable, collection: CollectionName, scope: Scope, after: Checkpoint | null, limit: number): Promise<FeedPage> {
  const s = scopeSql(collection, scope, 5);
  const rows = await q.query<{ doc: string; updated_at: string; id: string }>(
    `select data::text as doc, updated_at, id from documents
     where collection = $1 and (updated_at, id) > ($2, $3)${s.sql}
     order by updated_at, id limit $4`,
    [collection, after?.updatedAt ?? '', after?.id ?? '', limit, ...s.params],
  );
  const last = rows[rows.length - 1];
  return { json: rows.map((r) => r.doc), checkpoint: last ? { id: last.id, updatedAt: last.updated_at } : after };
}

/** The newest checkpoint of `collection` within `scope` (null when it has no documents). */
export async function headCheckpoint(q: Queryable, collection: CollectionName, scope: Scope): Promise<Checkpoint | null> {
  const s = scopeSql(collection, scope, 2);
  const rows = await q.query<{ updated_at: string; id: string }>(
    `select updated_at, id from documents where collection = $1${s.sql} order by updated_at desc, id desc limit 1`,
    [collection, ...s.params],
  );
  const r = rows[0];
  return r ? { id: r.id, updatedAt: r.updated_at } : null;
}

/** A row of the `documents` table as the driver returns it (JSON columns parsed or not, per engine). */
export interface DocRow {
  collection: CollectionName;
  id: string;
  data: Record<string, unknown> | string;
  deleted: boolean;
  organisation_id: string | null;
  dealer_id: string | null;
  meta: Record<string, unknown> | string;
}

/** A `documents` row as a {@link StoredDoc} (JSON columns parsed when the engine returned text). */
export function fromRow(r: DocRow): StoredDoc {
  return {
    collection: r.collection,
    id: r.id,
    data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
    deleted: r.deleted,
    organisationId: r.organisation_id,
    dealerId: r.dealer_id,
    meta: typeof r.meta === 'string' ? JSON.parse(r.meta) : r.meta,
  };
}

/** Reads one document (tombstones included) or null. */
export async function getDoc(q: Queryable, collection: CollectionName, id: string): Promise<StoredDoc | null> {
  const rows = await q.query<DocRow>('select * from documents where collection = $1 and id = $2', [collection, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Documents of `collection` whose `data->>field = value` (not deleted unless `withDeleted`). */
export async function findDocs(q: Queryable, collection: CollectionName, field: string, value: string, withDeleted = false): Promise<StoredDoc[]> {
  const rows = await q.query<DocRow>(
    `select * from documents where collection = $1 and data->>$2 = $3${withDeleted ? '' : ' and not deleted'} order by updated_at, id`,
    [collection, field, value],
  );
  return rows.map(fromRow);
}

/** Every live document of `collection` (for small collections: catalog, tiers). */
export async function allDocs(q: Queryable, collection: CollectionName): Promise<StoredDoc[]> {
  const rows = await q.query<DocRow>('select * from documents where collection = $1 and not deleted order by id', [collection]);
  return rows.map(fromRow);
}

/**
 * A write transaction: holds the clock row lock from `begin` to COMMIT, hands out updatedAt values,
 * and NOTIFYs the changed collections (delivered by PostgreSQL only after COMMIT).
 */
export class WriteTx {
  private lastUs: number;
  private readonly changed = new Set<string>();
  private constructor(
    readonly q: Transaction,
    startUs: number,
    /** Who is writing, for the audit log: a user's e-mail, `system` or `cli:<user>` (a push batch sets it per request). */
    public actor: string,
  ) {
    this.lastUs = startUs;
  }

  /**
   * Locks the clock; call first in the transaction. `lockedRows` are the rows of
   * {@link clockLockSql} when the caller already ran it (together with BEGIN).
   */
  static async begin(q: Transaction, actor: string, lockedRows?: readonly Record<string, unknown>[]): Promise<WriteTx> {
    const rows = lockedRows ?? (await q.query<{ us: number }>(clockLockSql));
    return new WriteTx(q, Number(rows[0]?.us ?? 0), actor);
  }

  /** The next updatedAt: the wall clock in microseconds, or one more than the last, whichever is later. */
  nextUpdatedAt(): string {
    const now = Date.now() * 1000;
    this.lastUs = Math.max(this.lastUs + 1, now);
    return formatMicros(this.lastUs);
  }

  /**
   * Inserts or replaces a document. `data` is the document without `updatedAt`/`_deleted`; both are
   * set here. Returns the stored replicated document.
   */
  async put(
    collection: CollectionName,
    data: Record<string, unknown>,
    opts: { deleted?: boolean; organisationId: string | null; dealerId: string | null; meta?: Record<string, unknown> },
  ): Promise<Record<string, unknown>> {
    const id = data.id;
    if (typeof id !== 'string' || id === '') throw new Error(`put(${collection}): document without id`);
    const updatedAt = this.nextUpdatedAt();
    const deleted = opts.deleted ?? false;
    const doc = { ...data, updatedAt, _deleted: deleted };
    await this.q.query(
      `insert into documents (collection, id, updated_at, deleted, organisation_id, dealer_id, data, meta)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)
       on conflict (collection, id) do update set updated_at = excluded.updated_at, deleted = excluded.deleted,
         organisation_id = excluded.organisation_id, dealer_id = excluded.dealer_id, data = excluded.data, meta = excluded.meta`,
      [collection, id, updatedAt, deleted, opts.organisationId, opts.dealerId, JSON.stringify(doc), JSON.stringify(opts.meta ?? {})],
    );
    this.changed.add(collection);
    return doc;
  }

  /** Notes that `collection` changed in this transaction (for writes made with SQL of their own, not {@link put}). */
  markChanged(collection: CollectionName): void {
    this.changed.add(collection);
  }

  /**
   * Runs `sql` (no parameters: values written in as literals, see `sqlLiteral` in server/db.ts)
   * in the same round trip as COMMIT when the transaction allows it, else now. Queued statements run
   * in the order queued, before {@link finish}'s; a failure of one fails the transaction (its
   * COMMIT, or this call).
   */
  async atCommit(sql: string): Promise<void> {
    if (this.q.atCommit) this.q.atCommit(sql);
    else await this.q.query(sql);
  }

  /** Records an audited action (who, when, what). */
  async audit(action: string, subject: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.q.query('insert into audit_log (id, at, actor, action, subject, details) values ($1, $2, $3, $4, $5, $6::jsonb)', [
      crypto.randomUUID(),
      new Date().toISOString(),
      this.actor,
      action,
      subject,
      JSON.stringify(details),
    ]);
  }

  /**
   * Saves the clock and queues one NOTIFY per changed collection (PostgreSQL delivers them after
   * COMMIT, and folds identical ones of a transaction into one); call last, before COMMIT. The
   * statement travels with COMMIT when the transaction allows it ({@link Transaction.atCommit}):
   * its values are a number and collection names (a fixed set), written into the SQL as literals.
   */
  async finish(): Promise<void> {
    const collections = [...this.changed].map((c) => `'${c.replace(/'/g, "''")}'`).join(',');
    const sql = `with u as (update clock set us = ${Math.trunc(this.lastUs)} where id = 1 returning 1)
       select pg_notify('${changesChannel}', c) from u, unnest(array[${collections}]::text[]) as c`;
    if (this.q.atCommit) this.q.atCommit(sql);
    else await this.q.query(sql);
  }
}

/** The statement that takes the clock lock (first in every write transaction). */
export const clockLockSql = 'select us from clock where id = 1 for update';

/**
 * Runs `fn` in a write transaction (see {@link WriteTx}). Besides `fn`'s own statements it costs
 * two round trips: BEGIN with the clock lock, and the clock update and NOTIFY with COMMIT.
 * `read` (optional): one statement without parameters sent in BEGIN's round trip right after the
 * clock lock (so it reads under the lock); its rows are `fn`'s second argument — undefined when
 * the database wrapper did not hand them over (a test's wrapper), then `fn` must read itself.
 * `opts.writer`: run on the database's dedicated writer connection (server/db.ts
 * `TransactionOptions.writer`; the group commit's transactions).
 */
export async function writeTransaction<T>(
  db: Db,
  actor: string,
  fn: (w: WriteTx, readRows?: Record<string, unknown>[]) => Promise<T>,
  read?: string,
  opts?: Pick<TransactionOptions, 'writer'>,
): Promise<T> {
  return db.transaction(
    async (q, first) => {
      const w = await WriteTx.begin(q, actor, first?.[0]);
      const result = await fn(w, read ? first?.[1] : undefined);
      await w.finish();
      return result;
    },
    { first: read ? `${clockLockSql};\n${read}` : clockLockSql, ...(opts?.writer ? { writer: true } : {}) },
  );
}

// Serial claims: the SQL of the registration authority's decisions (server/authority/registrations.ts).
// The number series (invoices, credit notes, membership numbers) are in ./numbers.ts.

/** Releases the serials registration `registrationId` holds other than `keep` (model, serial); all of them when `keep` is null. */
export async function releaseSerialClaims(q: Queryable, registrationId: string, keep: { model: string; serial: string } | null): Promise<void> {
  if (keep) await q.query('delete from serial_claims where registration_id = $1 and not (product_model_id = $2 and serial = $3)', [registrationId, keep.model, keep.serial]);
  else await q.query('delete from serial_claims where registration_id = $1', [registrationId]);
}

/**
 * Claims (model, serial) for `registrationId` if nobody holds it. Returns the holder's registration id.
 */
export async function claimSerial(q: Queryable, modelId: string, serial: string, registrationId: string): Promise<string> {
  // One round trip: the insert's RETURNING when it claimed, else the existing holder (the SELECT
  // sees the snapshot from before the insert, so exactly one branch yields a row).
  const rows = await q.query<{ registration_id: string }>(
    `with ins as (insert into serial_claims (product_model_id, serial, registration_id, claimed_at) values ($1, $2, $3, $4) on conflict do nothing returning registration_id)
     select registration_id from ins union all select registration_id from serial_claims where product_model_id = $1 and serial = $2`,
    [modelId, serial, registrationId, new Date().toISOString()],
  );
  return rows[0]!.registration_id;
}

export { nextInvoiceNumber, nextCreditNoteNumber, allocateMembershipNumber } from './numbers';
