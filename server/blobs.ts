/**
 * The blob store: file bytes content-addressed by their SHA-256 (lower-case hex), behind one small
 * interface with two implementations:
 * - {@link DiskBlobStore} (embedded PGlite): `DATA_DIR/blobs/<first 2 hex>/<sha256>`, written to a
 *   temporary file in the same folder, fsynced and renamed into place (atomic on POSIX file systems),
 *   so a crash never leaves a half-written blob under its final name;
 * - {@link PgBlobStore} (`DATABASE_URL`): the bytes in `blob_chunks` rows of 1 MiB (`bytea`), written
 *   in one transaction, so several server instances share them with no shared disk.
 * Either way the table `blobs` (sha256, size, created_at) says which blobs exist; a row is written
 * only once its bytes are complete. The same bytes stored twice are stored once. The store knows
 * nothing about who may read a blob: access is always checked through the evidence document
 * (server/files.ts), never by hash alone.
 */
import { createReadStream, mkdirSync, existsSync } from 'node:fs';
import { copyFile, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Db } from './db';

/** A content-addressed store of file bytes. */
export interface BlobStore {
  readonly kind: 'disk' | 'postgres';
  /** True when the blob is stored completely. */
  has(sha256: string): Promise<boolean>;
  /**
   * Stores the file at `path` (the caller has verified that its bytes hash to `sha256` and that it
   * is `size` bytes). Idempotent: returns false when the blob was already stored (nothing written).
   */
  putFile(sha256: string, size: number, path: string): Promise<boolean>;
  /** The blob's bytes as a stream, or null when it is not stored. */
  open(sha256: string): Promise<Readable | null>;
}

const shaRe = /^[0-9a-f]{64}$/;
function checkSha(sha256: string): void {
  if (!shaRe.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
}

/** Size of one `blob_chunks` row, bytes. */
export const blobChunkBytes = 1024 * 1024;

/** Blobs as files under `dir` (normally `DATA_DIR/blobs`). */
export class DiskBlobStore implements BlobStore {
  readonly kind = 'disk' as const;
  constructor(
    private readonly db: Db,
    readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Final path of a blob. */
  pathOf(sha256: string): string {
    checkSha(sha256);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.db.query('select 1 from blobs where sha256 = $1', [sha256])).length > 0 && existsSync(this.pathOf(sha256));
  }

  async putFile(sha256: string, size: number, path: string): Promise<boolean> {
    const final = this.pathOf(sha256);
    if (await this.has(sha256)) return false;
    mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const tmp = `${final}.${process.pid}.${crypto.randomUUID()}.tmp`;
    try {
      await copyFile(path, tmp);
      const fh = await open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      // Same bytes under the same name: a concurrent rename of an identical file is harmless.
      await rename(tmp, final);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    const rows = await this.db.query('insert into blobs (sha256, size, created_at) values ($1, $2, $3) on conflict (sha256) do nothing returning sha256', [
      sha256,
      size,
      new Date().toISOString(),
    ]);
    return rows.length > 0;
  }

  async open(sha256: string): Promise<Readable | null> {
    if (!(await this.has(sha256))) return null;
    return createReadStream(this.pathOf(sha256));
  }
}

/** Blobs as 1 MiB `bytea` rows in PostgreSQL (shared by every server instance on the database). */
export class PgBlobStore implements BlobStore {
  readonly kind = 'postgres' as const;
  constructor(private readonly db: Db) {}

  async has(sha256: string): Promise<boolean> {
    return (await this.db.query('select 1 from blobs where sha256 = $1', [sha256])).length > 0;
  }

  async putFile(sha256: string, size: number, path: string): Promise<boolean> {
    checkSha(sha256);
    if (await this.has(sha256)) return false;
    return this.db.transaction(async (tx) => {
      // The primary key makes a concurrent insert of the same blob wait for this one's commit and
      // then insert nothing: the bytes are written once.
      const claimed = await tx.query('insert into blobs (sha256, size, created_at) values ($1, $2, $3) on conflict (sha256) do nothing returning sha256', [
        sha256,
        size,
        new Date().toISOString(),
      ]);
      if (claimed.length === 0) return false;
      const stream = createReadStream(path, { highWaterMark: blobChunkBytes });
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        await tx.query('insert into blob_chunks (sha256, seq, data) values ($1, $2, $3)', [sha256, seq++, Buffer.concat(pending, pendingBytes)]);
        pending = [];
        pendingBytes = 0;
      };
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= blobChunkBytes) await flush();
      }
      await flush();
      return true;
    });
  }

  async open(sha256: string): Promise<Readable | null> {
    const rows = await this.db.query<{ n: number }>('select count(*)::int as n from blob_chunks where sha256 = $1', [sha256]);
    if (!(await this.has(sha256))) return null;
    const db = this.db;
    const count = rows[0]?.n ?? 0;
    // One chunk per read, so a 25 MB file never sits in memory whole.
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = 0; seq < count; seq++) {
        const r = await db.query<{ data: Uint8Array }>('select data from blob_chunks where sha256 = $1 and seq = $2', [sha256, seq]);
        if (!r[0]) throw new Error(`blob ${sha256} is missing chunk ${seq}`);
        yield Buffer.from(r[0].data.buffer, r[0].data.byteOffset, r[0].data.byteLength);
      }
    }
    return Readable.from(chunks());
  }
}

/** The blob store of a server: PostgreSQL rows with `DATABASE_URL`, files under `blobDir` with PGlite. */
export function blobStoreFor(db: Db, blobDir: string): BlobStore {
  return db.engine === 'postgres' ? new PgBlobStore(db) : new DiskBlobStore(db, blobDir);
}
