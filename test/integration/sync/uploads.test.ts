/**
 * The evidence upload queue (renderer/sync/uploads.ts) against the real server, with the desk's
 * database (RxDB + Dexie on fake-indexeddb) and tus-js-client: an evidence document attached
 * offline uploads once it is pushed; a refused file is kept, shows its reason and is not retried,
 * while another evidence document's file is stored; replacing the file uploads the new one; a stop
 * in the middle of an upload resumes from the server's offset after a restart (same upload, not a
 * new one); an evidence document the server answered with its stored version (or that came with a
 * pull) is pushed again after a later local change. The queue never parks: a token store that
 * answered nothing once, a failed write of the file's hash, a running upload dropped for another
 * file — each is retried or gives its place back.
 */
import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { addRxPlugin, type RxDatabase } from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { eventually, organisation, serverDocs, useSyncServer } from './harness';
import { openClientDb } from './clientDb';
import { startSync } from '../../../renderer/sync/replication';
import { storageOverride } from './storageOverride';
import { startEvidenceUploads, type EvidenceUploadState, type EvidenceUploads } from '../../../renderer/sync/uploads';

addRxPlugin(RxDBAttachmentsPlugin);

const env = useSyncServer();
const collections = ['organisations', 'evidenceDocuments'] as const;
const uploadInput = async (b: Blob) => Buffer.from(await b.arrayBuffer());
/** Short retry delays: the machine may be slow to push the evidence document first. */
const backoff = { baseMs: 200, maxMs: 2000 };
const pdf = readFileSync(new URL('../../fixtures/evidence/kvk-e2e.pdf', import.meta.url));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** The real scanned PDF followed by a PDF comment of random bytes up to `size` (unique hash). */
const scan = (size = pdf.length + 1000) => Buffer.concat([pdf, Buffer.from('%\n'), randomBytes(Math.max(0, size - pdf.length - 2))]);

let n = 0;
async function addEvidence(db: RxDatabase, orgId: string, bytes: Buffer, fileName = 'kvk.pdf', type = 'application/pdf') {
  const id = `ev-up-${Date.now()}-${n++}`;
  const doc = await db.evidenceDocuments!.insert({ id, organisationId: orgId, kind: 'chamber-extract', fileName, mimeType: type, updatedAt: new Date().toISOString() });
  await doc.putAttachment({ id: 'file', data: new Blob([new Uint8Array(bytes)], { type }), type });
  return id;
}
const stateOf = (c: { sync: { uploads: { states: ReadonlyMap<string, EvidenceUploadState> } | null } }, id: string) => c.sync.uploads!.states.get(id);
async function serverFile(id: string, email = 'dealer@demo.test') {
  const { token } = await env.server.login(email);
  const res = await fetch(`${env.server.url}/evidence/${id}/file`, { headers: { authorization: `Bearer ${token}` } });
  return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : null;
}

describe('evidence upload queue', () => {
  it('pushes a later local change of an evidence document the server answered with its stored version, with or without a file, or that came with a pull', async () => {
    // The JSON replication alone (no upload queue): the server answers every stored push row with
    // its document (new updatedAt), RxDB records that answer as the assumed master state, and the
    // next push of the document compares the local attachments with it (docs/sync.md, "Push answers").
    const sync = { uploads: false as const };
    const a = await env.client('dealer@demo.test', collections, { sync });
    // A second device of the same user, open from the start: the documents reach it by pull, not by its first bulk load.
    const b = await env.client('dealer@demo.test', collections, { sync });
    const orgId = `org-ans-${Date.now()}`;
    await a.db.organisations!.insert(organisation(orgId, 'dealer-demo-1'));
    const withFile = await addEvidence(a.db, orgId, scan());
    const withoutFile = `ev-ans-${Date.now()}`;
    await a.db.evidenceDocuments!.insert({ id: withoutFile, organisationId: orgId, kind: 'chamber-extract', fileName: 'later.pdf', mimeType: 'application/pdf', updatedAt: new Date().toISOString() });
    const { token } = await env.server.login('dealer@demo.test');
    const onServer = async (id: string) => (await serverDocs(env.server.url, token, 'evidenceDocuments')).find((d) => d.id === id);
    const answered = async (c: typeof a, id: string) => {
      const server = await onServer(id);
      return Boolean(server) && (await c.db.evidenceDocuments!.findOne(id).exec())?.get('updatedAt') === server!.updatedAt && c.sync.status.collections.evidenceDocuments?.pendingLocalChanges === 0;
    };
    for (const id of [withFile, withoutFile]) await eventually(`${id} pushed and answered`, () => answered(a, id), 20_000);
    for (const id of [withFile, withoutFile]) await (await a.db.evidenceDocuments!.findOne(id).exec())!.incrementalPatch({ fileName: `renamed-${id}.pdf` });
    for (const id of [withFile, withoutFile]) await eventually(`${id}'s later change on the server`, async () => (await onServer(id))?.fileName === `renamed-${id}.pdf`, 15_000);

    // The second device gets the document without its file by pull (evidence documents have no pull stream) and changes it.
    b.sync.retryNow();
    await eventually('pulled', async () => (await b.db.evidenceDocuments!.findOne(withoutFile).exec())?.get('fileName') === `renamed-${withoutFile}.pdf`, 20_000);
    await (await b.db.evidenceDocuments!.findOne(withoutFile).exec())!.incrementalPatch({ kind: 'company-invoice' });
    await eventually('the pulled document’s change on the server', async () => (await onServer(withoutFile))?.kind === 'company-invoice', 15_000);
  }, 90_000);

  it('uploads a file attached offline once the evidence document is pushed; a refused file is kept and not retried; a replacement uploads', async () => {
    const c = await env.client('dealer@demo.test', collections, { sync: { uploads: { uploadInput, backoff } } });
    c.net.offline = true; // the JSON replication cannot push: the server does not have the evidence yet
    const orgId = `org-up-${Date.now()}`;
    await c.db.organisations!.insert(organisation(orgId, 'dealer-demo-1'));
    const good = scan();
    const goodId = await addEvidence(c.db, orgId, good);
    const html = Buffer.from('<!doctype html><html><body>not a scan</body></html>');
    const badId = await addEvidence(c.db, orgId, html, 'renamed.pdf');
    // The queue fills in the file's hash and size on the evidence document.
    await eventually('sha256 on the document', async () => (await c.db.evidenceDocuments!.findOne(goodId).exec())?.get('sha256') === sha(good));
    expect((await c.db.evidenceDocuments!.findOne(goodId).exec())?.get('fileSize')).toBe(good.length);
    await eventually('waiting for the push', async () => {
      const s = stateOf(c, goodId);
      return s?.state === 'waiting' && s.reason === 'not-on-server';
    });

    c.net.offline = false;
    c.sync.retryNow();
    await eventually('good file stored', async () => stateOf(c, goodId)?.state === 'stored', 45_000);
    expect(sha((await serverFile(goodId))!)).toBe(sha(good));
    const refused = await eventually('bad file refused', async () => {
      const s = stateOf(c, badId);
      return s?.state === 'refused' ? s : null;
    }, 45_000);
    expect(refused).toMatchObject({ code: 'unsupported-file-type' });
    expect(refused.message).toMatch(/not a PDF, JPEG, PNG or TIFF/);
    // The local file is kept.
    const kept = await (await c.db.evidenceDocuments!.findOne(badId).exec())!.getAttachment('file')!.getData();
    expect(Buffer.from(await kept.arrayBuffer()).equals(html)).toBe(true);
    // Not retried: "retry now" (which also pulls everything again) leaves it refused, the server has no new upload for it.
    const uploadsOf = async (id: string) => (await env.server.server.services.db.query('select id from file_uploads where evidence_document_id = $1', [id])).length;
    const before = await uploadsOf(badId);
    c.sync.retryNow();
    await new Promise((r) => setTimeout(r, 1500));
    // …and the pull of the server's version (no attachments in JSON) did not delete the local file.
    expect((await c.db.evidenceDocuments!.findOne(badId).exec())!.getAttachment('file')).not.toBeNull();
    expect(stateOf(c, badId)?.state).toBe('refused');
    expect(await uploadsOf(badId)).toBe(before);

    // Replacing the file (here offline first) uploads the new one.
    c.net.offline = true;
    const replacement = scan();
    const doc = (await c.db.evidenceDocuments!.findOne(badId).exec())!;
    await doc.putAttachment({ id: 'file', data: new Blob([new Uint8Array(replacement)], { type: 'application/pdf' }), type: 'application/pdf' });
    await eventually('replacement waits', async () => stateOf(c, badId)?.state === 'waiting');
    c.net.offline = false;
    c.sync.retryNow();
    await eventually('replacement stored', async () => stateOf(c, badId)?.state === 'stored', 45_000);
    expect(sha((await serverFile(badId))!)).toBe(sha(replacement));
  }, 120_000);

  it('resumes an upload stopped half-way from the server offset after a restart, and remembers stored files', async () => {
    const name = `uploads-restart-${Date.now()}`;
    const big = scan(5 * 1024 * 1024);
    const opts = { name, sync: { uploads: { uploadInput, backoff, chunkSize: 256 * 1024, parallel: 1 } } };
    const first = await env.client('dealer@demo.test', collections, opts);
    const orgId = `org-up-${Date.now()}`;
    await first.db.organisations!.insert(organisation(orgId, 'dealer-demo-1'));
    const id = await addEvidence(first.db, orgId, big);
    // Every percent step is emitted, so this sees ≥ 20 % before the upload can finish.
    await firstValueFrom(
      first.sync.uploads!.states$.pipe(
        filter((m) => {
          const s = m.get(id);
          return s?.state === 'uploading' && s.percent >= 20;
        }),
        timeout(60_000),
      ),
    );
    await first.close();
    const [row] = await env.server.server.services.db.query<{ id: string; state: string }>('select id, state from file_uploads where evidence_document_id = $1', [id]);
    expect(row?.state).toBe('receiving');

    const again = await env.client('dealer@demo.test', collections, opts);
    const percents: number[] = [];
    const sub = again.sync.uploads!.states$.subscribe((m) => {
      const s = m.get(id);
      if (s?.state === 'uploading' && s.bytesSent > 0) percents.push(s.percent);
    });
    await eventually('stored after restart', async () => stateOf(again, id)?.state === 'stored', 45_000);
    sub.unsubscribe();
    const rows = await env.server.server.services.db.query<{ id: string }>('select id from file_uploads where evidence_document_id = $1', [id]);
    expect(rows.map((r) => r.id)).toEqual([row!.id]); // the same upload, resumed
    expect(percents[0]).toBeGreaterThanOrEqual(20); // progress restarted from the server's offset, not from zero
    expect(sha((await serverFile(id))!)).toBe(sha(big));
    await again.close();

    // After another restart the stored outcome is remembered: no new upload.
    const third = await env.client('dealer@demo.test', collections, opts);
    await eventually('stored state restored', async () => stateOf(third, id)?.state === 'stored');
    expect((await env.server.server.services.db.query('select id from file_uploads where evidence_document_id = $1', [id])).length).toBe(1);
  }, 150_000);

  describe('never parks', () => {
    /** Waiting reasons (with messages) the queue showed for `id`, in order. */
    const waits = (uploads: EvidenceUploads, id: string) => {
      const seen: { reason: string; message: string | null; nextAttemptAt: number | null }[] = [];
      const sub = uploads.states$.subscribe((m) => {
        const s = m.get(id);
        if (s?.state === 'waiting') seen.push({ reason: s.reason, message: s.message, nextAttemptAt: s.nextAttemptAt });
      });
      return { seen, stop: () => sub.unsubscribe() };
    };

    it('uploads after the token store answered nothing once, without a sign-in, showing "signed out" meanwhile', async () => {
      // The JSON replication as the desk runs it; the upload queue beside it with a token store
      // that is empty for a moment (as at start-up, before the store answered).
      const c = await env.client('dealer@demo.test', collections, { sync: { uploads: false } });
      const orgId = `org-tok-${Date.now()}`;
      await c.db.organisations!.insert(organisation(orgId, 'dealer-demo-1'));
      const bytes = scan();
      const id = await addEvidence(c.db, orgId, bytes);
      let asked = 0;
      const uploads = startEvidenceUploads({
        db: c.db,
        serverUrl: env.server.url,
        getToken: async () => (asked++ === 0 ? null : c.secrets.read('token')),
        uploadInput,
        backoff,
      });
      const w = waits(uploads, id);
      try {
        await eventually('stored without signedIn()', async () => uploads.states.get(id)?.state === 'stored', 45_000);
        const signedOut = w.seen.find((s) => s.reason === 'signed-out');
        expect(signedOut).toBeDefined();
        expect(signedOut!.nextAttemptAt).not.toBeNull(); // it looks again by itself
        expect(sha((await serverFile(id))!)).toBe(sha(bytes));
      } finally {
        w.stop();
        await uploads.stop();
      }
    }, 90_000);

    it('records the file hash again after a failed write of it, showing why it waits, then uploads', async () => {
      let failed = 0;
      // The first write of the hash onto the evidence document fails in the storage (a full disk).
      const wrapStorage = storageOverride(
        (p) => p.collectionName === 'evidenceDocuments',
        (inner) => {
          const write = inner.bulkWrite.bind(inner); // the storage's own, not what sync installs on top later
          return {
            bulkWrite: (rows: { document: Record<string, unknown>; previous?: Record<string, unknown> }[], context: string) => {
              if (failed === 0 && rows.some((r) => r.document.sha256 && !r.previous?.sha256)) {
                failed++;
                return Promise.reject(new Error('test: the disk is full'));
              }
              return write(rows as never, context);
            },
          };
        },
      );
      const c = await env.client('dealer@demo.test', collections, { wrapStorage, sync: { uploads: false } });
      c.net.offline = true; // no push answer changes the document: only the queue itself can try again
      const orgId = `org-hash-${Date.now()}`;
      await c.db.organisations!.insert(organisation(orgId, 'dealer-demo-1'));
      const bytes = scan();
      const id = await addEvidence(c.db, orgId, bytes);
      const uploads = startEvidenceUploads({ db: c.db, serverUrl: env.server.url, getToken: () => c.secrets.read('token'), uploadInput, backoff });
      const w = waits(uploads, id);
      try {
        await eventually('sha256 on the document', async () => (await c.db.evidenceDocuments!.findOne(id).exec())?.get('sha256') === sha(bytes), 20_000);
        expect(failed).toBe(1);
        expect(w.seen[0]).toMatchObject({ reason: 'retrying' });
        expect(w.seen[0]!.message).toMatch(/disk is full/);
        c.net.offline = false;
        c.sync.retryNow();
        await eventually('stored', async () => uploads.states.get(id)?.state === 'stored', 45_000);
        expect(sha((await serverFile(id))!)).toBe(sha(bytes));
      } finally {
        w.stop();
        await uploads.stop();
      }
    }, 90_000);

    it('uploads another file attached while the first one was uploading, one upload at a time', async () => {
      // The first file's bytes stop coming after 1 MiB (a slow disk) until the test ends, so its
      // upload is certainly running when the user attaches another file.
      const first = scan(4 * 1024 * 1024);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const slowInput = async (b: Blob) => {
        const bytes = Buffer.from(await b.arrayBuffer());
        if (!bytes.equals(first)) return bytes;
        const stream = new Readable({ read() {} });
        stream.push(bytes.subarray(0, 1024 * 1024));
        void gate.then(() => {
          stream.push(bytes.subarray(1024 * 1024));
          stream.push(null);
        });
        return stream;
      };
      try {
        const c = await env.client('dealer@demo.test', collections, { sync: { uploads: { uploadInput: slowInput, backoff, chunkSize: 256 * 1024, parallel: 1 } } });
        const orgId = `org-swap-${Date.now()}`;
        await c.db.organisations!.insert(organisation(orgId, 'dealer-demo-1'));
        const id = await addEvidence(c.db, orgId, first);
        await firstValueFrom(
          c.sync.uploads!.states$.pipe(
            filter((m) => {
              const s = m.get(id);
              return s?.state === 'uploading' && s.percent >= 15;
            }),
            timeout(60_000),
          ),
        );
        const replacement = scan();
        await (await c.db.evidenceDocuments!.findOne(id).exec())!.putAttachment({ id: 'file', data: new Blob([new Uint8Array(replacement)], { type: 'application/pdf' }), type: 'application/pdf' });
        await eventually('the other file stored', async () => {
          const s = stateOf(c, id);
          return s?.state === 'stored' && sha((await serverFile(id)) ?? Buffer.alloc(0)) === sha(replacement);
        }, 45_000);
      } finally {
        release();
      }
    }, 120_000);

    it('uploads the file of an evidence document whose organisation was saved just as the first pull began', async () => {
      // A fresh desk (empty database) starts sync and the user saves an organisation at once: the
      // write lands right after the first pull found the collection empty. Missed there, the
      // organisation was never pushed, so neither was its evidence document, and the upload
      // waited "not on the server yet" for ever (renderer/sync/bootstrap.ts).
      const db = await openClientDb(`first-pull-${Date.now()}`, collections);
      const orgId = `org-first-${Date.now()}`;
      const orgs = db.organisations!;
      const count = orgs.count.bind(orgs) as (...a: unknown[]) => { exec(): Promise<number> };
      let checked = false;
      (orgs as unknown as { count: unknown }).count = (...a: unknown[]) => {
        const query = count(...a);
        if (checked) return query;
        checked = true;
        return {
          exec: async () => {
            const n = await query.exec();
            await orgs.insert(organisation(orgId, 'dealer-demo-1'));
            return n;
          },
        };
      };
      const { token } = await env.server.login('dealer@demo.test');
      const sync = startSync({ db, serverUrl: env.server.url, getToken: () => token, collections, backoff: { baseMs: 50, maxMs: 500 }, waitForLeadership: false, uploads: { uploadInput, backoff } });
      try {
        await eventually('the organisation saved', async () => Boolean(await orgs.findOne(orgId).exec()));
        expect(checked).toBe(true);
        const bytes = scan();
        const id = await addEvidence(db, orgId, bytes);
        await eventually('stored', async () => sync.uploads!.states.get(id)?.state === 'stored', 45_000);
        expect((await serverDocs(env.server.url, token, 'organisations')).some((o) => o.id === orgId)).toBe(true);
        expect(sha((await serverFile(id))!)).toBe(sha(bytes));
      } finally {
        await sync.stop();
        await db.close();
      }
    }, 90_000);
  });
});
