/**
 * Evidence files: the tus 1.0 upload endpoint (`@tus/server` mounted at `/files/`) and the download
 * endpoint `GET /evidence/:evidenceDocumentId/file` (shared/sync/files.ts has the wire contract).
 *
 * Every request is checked here before `@tus/server` sees it, so refusals carry our error body
 * `{ statusCode, code, message }`:
 * - creation (`POST /files/`): bearer token; `Upload-Metadata` with evidenceDocumentId, sha256
 *   (hex), filename, filetype; a length of 1 byte … `MAX_UPLOAD_BYTES`; the evidence document must
 *   be on the server (404 `evidence-not-found`), not deleted (409 `evidence-deleted`), in the
 *   uploader's scope (403 `forbidden`) and, when it names its file's hash or size, name this file
 *   (409 `evidence-file-changed`);
 * - resume (`HEAD`/`PATCH /files/<id>`): only the user who created the upload, while the evidence
 *   document is still in scope; a finished upload answers from the database (stored: complete;
 *   refused: the refusal again), so a client never mistakes a refused upload for a complete one.
 * On the last byte the file is verified: SHA-256 (422 `hash-mismatch`), type by magic bytes — PDF,
 * JPEG, PNG, TIFF only (415 `unsupported-file-type`; 422 `type-mismatch` when not the declared
 * type) — then put in the blob store (server/blobs.ts) and recorded in `evidence_files`. Partial
 * uploads live in `DATA_DIR/uploads` (tus FileStore) until complete; refused bytes are deleted.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Server as TusServer } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { contentType } from '../shared/ocr/sniff';
import { evidenceMimeTypes, type UploadMetadata } from '../shared/sync/files';
import type { User } from './auth';
import type { Db } from './db';
import { HttpError, errorBody, type PreHandler } from './http';
import { getDoc } from './store';
import { organisationInScope, scopeOf } from './scope';
import type { BlobStore } from './blobs';

/** What the file routes need from the server. */
export interface FileServices {
  db: Db;
  blobs: BlobStore;
  /** Folder of partial uploads (`DATA_DIR/uploads`). */
  uploadDir: string;
  maxUploadBytes: number;
  /** Allowed CORS origins (`CORS_ORIGINS`); true for any. tus answers CORS itself on its responses. */
  corsOrigins?: string[] | true;
}

interface UploadRow {
  id: string;
  evidence_document_id: string;
  user_id: string;
  sha256: string;
  size: number;
  file_name: string;
  file_type: string;
  state: 'receiving' | 'stored' | 'refused';
  reason_code: string | null;
  reason: string | null;
}

/** A refusal as thrown to `@tus/server` (its hook error shape), carrying our JSON body. */
function tusRefusal(statusCode: number, code: string, message: string): { status_code: number; body: string } {
  return { status_code: statusCode, body: JSON.stringify(errorBody(statusCode, code, message)) };
}

const refusalStatus: Record<string, number> = { 'hash-mismatch': 422, 'type-mismatch': 422, 'unsupported-file-type': 415, 'evidence-file-changed': 409 };

/**
 * Parses a tus `Upload-Metadata` header (`key base64,key base64`).
 * @throws HttpError 400 `bad-upload-metadata` naming the missing or malformed key.
 */
export function parseUploadMetadata(header: string | undefined): UploadMetadata {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [key, value = ''] = pair.trim().split(' ');
    if (!key) continue;
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  const bad = (what: string) => new HttpError(400, 'bad-upload-metadata', `Upload-Metadata: ${what}`);
  if (!out.evidenceDocumentId || out.evidenceDocumentId.length > 64) throw bad('evidenceDocumentId is required (at most 64 characters)');
  if (!/^[0-9a-f]{64}$/.test(out.sha256 ?? '')) throw bad('sha256 must be the file’s SHA-256 as 64 lower-case hex digits');
  if (!out.filename || out.filename.length > 255) throw bad('filename is required (at most 255 characters)');
  if (!out.filetype || out.filetype.length > 100) throw bad('filetype is required (a MIME type)');
  return { evidenceDocumentId: out.evidenceDocumentId, sha256: out.sha256!, filename: out.filename, filetype: out.filetype };
}

/**
 * The evidence document `id` as `user` may see it, or an HttpError: 404 `evidence-not-found` when
 * the server does not have it, 403 `forbidden` outside the user's scope, 409 `evidence-deleted`.
 */
async function evidenceFor(db: Db, user: User, id: string) {
  const doc = await getDoc(db, 'evidenceDocuments', id);
  if (!doc) throw new HttpError(404, 'evidence-not-found', `evidence document ${id} is not on the server yet; push it first`);
  if (!organisationInScope(scopeOf(user), doc.organisationId ?? '', doc.dealerId)) throw new HttpError(403, 'forbidden', `evidence document ${id} is outside your scope`);
  if (doc.deleted) throw new HttpError(409, 'evidence-deleted', `evidence document ${id} was deleted`);
  return doc;
}

/** SHA-256 (hex) and first bytes of a file, read as a stream. */
async function digestFile(path: string): Promise<{ sha256: string; head: Uint8Array }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) hash.update(chunk);
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await fh.read(head, 0, 1024, 0);
    return { sha256: hash.digest('hex'), head: head.subarray(0, bytesRead) };
  } finally {
    await fh.close();
  }
}

/**
 * Mounts `/files/` (tus) and `GET /evidence/:evidenceDocumentId/file` on `app`.
 * `authenticate` is the server's bearer-token preHandler (sets `req.user`).
 */
export function registerFileRoutes(app: FastifyInstance, s: FileServices, authenticate: PreHandler): void {
  const { db, blobs } = s;
  const datastore = new FileStore({ directory: s.uploadDir });
  const nodeReq = (req: { runtime?: { node?: { req: IncomingMessage } } }) => req.runtime?.node?.req as (IncomingMessage & { cpsUploadId?: string; cpsUser?: User }) | undefined;

  const refuse = async (row: UploadRow, statusCode: number, code: string, message: string) => {
    await db.query(`update file_uploads set state = 'refused', reason_code = $2, reason = $3, finished_at = $4 where id = $1`, [row.id, code, message, new Date().toISOString()]);
    await datastore.remove(row.id).catch(() => undefined);
    return tusRefusal(statusCode, code, message);
  };

  /** Verifies a complete upload and stores it; throws a tus refusal when it is refused. */
  const finish = async (row: UploadRow, user: User): Promise<void> => {
    const path = join(s.uploadDir, row.id);
    const { sha256, head } = await digestFile(path);
    if (sha256 !== row.sha256) throw await refuse(row, 422, 'hash-mismatch', `the received file’s SHA-256 is ${sha256}, not the declared ${row.sha256}; the file changed or was damaged in transit`);
    const sniffed = contentType(head);
    if (!sniffed) throw await refuse(row, 415, 'unsupported-file-type', `“${row.file_name}” is not a PDF, JPEG, PNG or TIFF file (judged by its first bytes)`);
    const mime = evidenceMimeTypes[sniffed];
    if (row.file_type !== mime) throw await refuse(row, 422, 'type-mismatch', `“${row.file_name}” was declared as ${row.file_type} but its bytes are ${mime}`);
    const doc = await evidenceFor(db, user, row.evidence_document_id).catch((err: HttpError) => {
      throw tusRefusal(err.statusCode, err.code, err.message);
    });
    if (typeof doc.data.sha256 === 'string' && doc.data.sha256 !== row.sha256)
      throw await refuse(row, 409, 'evidence-file-changed', `evidence document ${row.evidence_document_id} now describes another file; this upload is outdated`);
    await blobs.putFile(sha256, row.size, path);
    const now = new Date().toISOString();
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into evidence_files (evidence_document_id, sha256, size, mime_type, file_name, upload_id, uploaded_by, uploaded_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (evidence_document_id) do update set sha256 = excluded.sha256, size = excluded.size, mime_type = excluded.mime_type,
           file_name = excluded.file_name, upload_id = excluded.upload_id, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
        [row.evidence_document_id, sha256, row.size, mime, row.file_name, row.id, user.id, now],
      );
      await tx.query(`update file_uploads set state = 'stored', finished_at = $2 where id = $1`, [row.id, now]);
    });
    await datastore.remove(row.id).catch(() => undefined);
  };

  const tus = new TusServer({
    path: '/files',
    datastore,
    relativeLocation: true,
    maxSize: s.maxUploadBytes,
    allowedHeaders: ['Authorization'],
    ...(Array.isArray(s.corsOrigins) ? { allowedOrigins: s.corsOrigins } : {}),
    disableTerminationForFinishedUploads: true,
    // The id was chosen and recorded by the creation check below.
    namingFunction: (req) => nodeReq(req as never)?.cpsUploadId ?? crypto.randomUUID(),
    onUploadFinish: async (req, upload) => {
      const raw = nodeReq(req as never);
      const rows = await db.query<UploadRow>('select * from file_uploads where id = $1', [upload.id]);
      if (!rows[0] || !raw?.cpsUser) throw tusRefusal(404, 'upload-not-found', 'unknown upload');
      await finish(rows[0], raw.cpsUser);
      return {};
    },
    onResponseError: async (_req, err) => {
      const e = err as { status_code?: number; body?: string };
      if (e.body?.startsWith('{')) return undefined;
      const status = e.status_code ?? 500;
      return { status_code: status, body: JSON.stringify(errorBody(status, status === 413 ? 'file-too-large' : 'upload-error', (e.body ?? 'upload failed').trim())) };
    },
  });

  const sendJsonError = (reply: FastifyReply, err: HttpError) =>
    reply.status(err.statusCode).header('tus-resumable', '1.0.0').send(errorBody(err.statusCode, err.code, err.message));

  /** Creation: checks the token, the metadata, the length and the evidence document; records the upload. */
  const create = async (req: FastifyRequest, reply: FastifyReply) => {
    await authenticate(req);
    const user = req.user!;
    const meta = parseUploadMetadata(req.headers['upload-metadata'] as string | undefined);
    const lengthHeader = req.headers['upload-length'];
    if (typeof lengthHeader !== 'string' || !/^\d{1,15}$/.test(lengthHeader)) throw new HttpError(400, 'length-required', 'Upload-Length (the file size in bytes) is required');
    const length = Number(lengthHeader);
    if (length === 0) throw new HttpError(422, 'file-empty', `“${meta.filename}” is empty (0 bytes)`);
    if (length > s.maxUploadBytes)
      throw new HttpError(413, 'file-too-large', `“${meta.filename}” is ${(length / 1048576).toFixed(1)} MB; the limit is ${Math.round(s.maxUploadBytes / 1048576)} MB`);
    if (!Object.values(evidenceMimeTypes).includes(meta.filetype))
      throw new HttpError(415, 'unsupported-file-type', `“${meta.filename}” is declared as ${meta.filetype}; only PDF, JPEG, PNG and TIFF files are accepted`);
    const doc = await evidenceFor(db, user, meta.evidenceDocumentId);
    if ((typeof doc.data.sha256 === 'string' && doc.data.sha256 !== meta.sha256) || (typeof doc.data.fileSize === 'number' && doc.data.fileSize !== length))
      throw new HttpError(409, 'evidence-file-changed', `evidence document ${meta.evidenceDocumentId} on the server describes another file; push the evidence document first`);
    const id = crypto.randomUUID();
    await db.query(
      `insert into file_uploads (id, evidence_document_id, user_id, sha256, size, file_name, file_type, state, created_at) values ($1, $2, $3, $4, $5, $6, $7, 'receiving', $8)`,
      [id, meta.evidenceDocumentId, user.id, meta.sha256, length, meta.filename, meta.filetype, new Date().toISOString()],
    );
    Object.assign(req.raw, { cpsUploadId: id, cpsUser: user });
    return handOver(req, reply);
  };

  /** Resume (HEAD/PATCH): only the uploader, while the evidence document is in scope. */
  const resume = async (req: FastifyRequest, reply: FastifyReply) => {
    await authenticate(req);
    const user = req.user!;
    const id = (req.params as { '*': string })['*'];
    const rows = await db.query<UploadRow>('select * from file_uploads where id = $1', [id]);
    const row = rows[0];
    if (!row || row.user_id !== user.id) throw new HttpError(404, 'upload-not-found', `no upload ${id} of yours`);
    await evidenceFor(db, user, row.evidence_document_id);
    if (row.state === 'refused') throw new HttpError(refusalStatus[row.reason_code ?? ''] ?? 422, row.reason_code ?? 'refused', row.reason ?? 'the upload was refused');
    if (row.state === 'stored') {
      if (req.method === 'HEAD')
        return reply.status(200).headers({ 'tus-resumable': '1.0.0', 'upload-offset': String(row.size), 'upload-length': String(row.size), 'cache-control': 'no-store' }).send();
      throw new HttpError(409, 'upload-complete', `upload ${id} is complete`);
    }
    // Every byte arrived but the server stopped before verifying (crash): verify now.
    if (req.method === 'HEAD') {
      const upload = await datastore.getUpload(id).catch(() => null);
      if (upload && upload.size === upload.offset) {
        try {
          await finish(row, user);
        } catch (err) {
          const e = err as { status_code?: number; body?: string };
          if (!e.body) throw err;
          return reply.status(e.status_code ?? 422).header('content-type', 'application/json; charset=utf-8').header('tus-resumable', '1.0.0').send(e.body);
        }
        return reply.status(200).headers({ 'tus-resumable': '1.0.0', 'upload-offset': String(row.size), 'upload-length': String(row.size), 'cache-control': 'no-store' }).send();
      }
    }
    Object.assign(req.raw, { cpsUploadId: id, cpsUser: user });
    return handOver(req, reply);
  };

  const handOver = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) reply.raw.setHeader(k, v as string);
    await tus.handle(req.raw, reply.raw);
  };

  const wrap = (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return await fn(req, reply);
    } catch (err) {
      if (err instanceof HttpError) return sendJsonError(reply, err);
      throw err;
    }
  };

  // The bytes of a PATCH (and of a creation with upload) are streamed to disk by tus, never parsed.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
  app.post('/files/', wrap(create));
  app.post('/files', wrap(create));
  app.route({ method: ['HEAD', 'PATCH'], url: '/files/*', handler: wrap(resume) });
  app.options('/files/*', async (req, reply) => handOver(req, reply));
  app.options('/files/', async (req, reply) => handOver(req, reply));

  app.get('/evidence/:evidenceDocumentId/file', { preHandler: authenticate }, async (req, reply) => {
    const id = (req.params as { evidenceDocumentId: string }).evidenceDocumentId;
    const notFound = new HttpError(404, 'not-found', `no file for evidence document ${id}`);
    const doc = await getDoc(db, 'evidenceDocuments', id);
    // Outside the scope looks exactly like absent: nobody learns which evidence documents exist.
    if (!doc || doc.deleted || !organisationInScope(scopeOf(req.user!), doc.organisationId ?? '', doc.dealerId)) throw notFound;
    const rows = await db.query<{ sha256: string; size: number; mime_type: string; file_name: string }>(
      'select sha256, size, mime_type, file_name from evidence_files where evidence_document_id = $1',
      [id],
    );
    const file = rows[0];
    if (!file) throw new HttpError(404, 'file-not-stored', `the file of evidence document ${id} has not been uploaded yet`);
    const body = await blobs.open(file.sha256);
    if (!body) throw new HttpError(404, 'file-not-stored', `the file of evidence document ${id} is missing from the blob store`);
    const ascii = file.file_name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return reply
      .status(200)
      .headers({
        'content-type': file.mime_type,
        'content-length': String(file.size),
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        etag: `"${file.sha256}"`,
        'x-evidence-sha256': file.sha256,
      })
      .send(body);
  });
}
