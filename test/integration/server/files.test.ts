/**
 * Evidence files over tus (server/files.ts, server/blobs.ts), on PGlite (blobs on disk) and
 * PostgreSQL (blobs in rows): refusals with their reasons and nothing stored, creation checks, the
 * same file from two organisations stored once, and the download authorisation matrix (every role).
 * The interrupted upload and the memory bound are in filesProcess.test.ts (a real server process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/testServer';
import { client, demoTokens, engines, organisationDoc, pushNew, sharedDatabase, warnIfNoPostgres } from './helpers';
import { evidenceDoc, pngBytes, scanOfSize, sha256, tusUpload } from './fileHelpers';

warnIfNoPostgres();

for (const engine of engines) {
  describe.skipIf(engine.skip)(`evidence files on ${engine.name}`, () => {
    let shared: Awaited<ReturnType<typeof sharedDatabase>>;
    let srv: TestServer;
    const tokens: Record<string, string> = {};
    const orgA = organisationDoc({ dealerId: 'dealer-demo-1', name: 'Org of dealer 1' });
    const orgB = organisationDoc({ dealerId: 'dealer-demo-2', name: 'Org of dealer 2' });
    const evA = evidenceDoc(String(orgA.id));
    const evB = evidenceDoc(String(orgB.id));
    const evDemo = evidenceDoc('org-demo-studio');
    const evRefusals = evidenceDoc(String(orgA.id));
    const blobCount = async () => Number((await srv.server.services.db.query<{ n: number }>('select count(*)::int as n from blobs'))[0]!.n);
    const storedFor = async (id: string) => srv.server.services.db.query('select * from evidence_files where evidence_document_id = $1', [id]);
    const download = (id: string, who: string | null) => fetch(`${srv.url}/evidence/${id}/file`, { headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });

    beforeAll(async () => {
      shared = await sharedDatabase(engine.options);
      srv = await startTestServer({ db: shared.db });
      Object.assign(tokens, await demoTokens(srv));
      const d1 = client(srv.url, tokens.dealer!);
      const d2 = client(srv.url, tokens.dealer2!);
      await pushNew(d1, 'organisations', orgA);
      await pushNew(d2, 'organisations', orgB);
      await pushNew(d1, 'evidenceDocuments', evA);
      await pushNew(d1, 'evidenceDocuments', evRefusals);
      await pushNew(d1, 'evidenceDocuments', evDemo);
      await pushNew(d2, 'evidenceDocuments', evB);
    }, 180_000); // a fresh PGlite template and four scrypt logins take long on a loaded machine
    afterAll(async () => {
      await srv?.close();
      await shared?.close();
    });

    it('refuses bad files with a specific reason and stores nothing', async () => {
      const before = await blobCount();
      const scan = scanOfSize(300_000);
      const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
      const cases: { name: string; bytes: Buffer; meta: Parameters<typeof tusUpload>[4]; status: number; code: string }[] = [
        { name: 'hash mismatch', bytes: scan, meta: { sha256: sha256(Buffer.from('other')) }, status: 422, code: 'hash-mismatch' },
        { name: 'PNG declared as PDF', bytes: pngBytes, meta: { filename: 'scan.pdf', filetype: 'application/pdf' }, status: 422, code: 'type-mismatch' },
        { name: '0-byte file', bytes: Buffer.alloc(0), meta: {}, status: 422, code: 'file-empty' },
        { name: '30 MB file', bytes: scanOfSize(30 * 1024 * 1024), meta: {}, status: 413, code: 'file-too-large' },
        { name: 'HTML renamed .pdf', bytes: html, meta: { filename: 'kvk.pdf', filetype: 'application/pdf' }, status: 415, code: 'unsupported-file-type' },
      ];
      for (const c of cases) {
        const r = await tusUpload(srv.url, tokens.dealer!, String(evRefusals.id), c.bytes, c.meta);
        expect(r, c.name).toMatchObject({ ok: false, status: c.status, code: c.code });
        expect((r as { message: string }).message.length, c.name).toBeGreaterThan(10);
      }
      expect(await blobCount()).toBe(before);
      expect(await storedFor(String(evRefusals.id))).toHaveLength(0);
      expect((await download(String(evRefusals.id), 'dealer')).status).toBe(404);
      // The refused bytes are gone from the partial-upload folder (DATA_DIR/uploads).
      const dir = join(srv.mailDir, '..', 'uploads');
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
      // A refused upload stays refused when resumed: never reported complete.
      const refused = await srv.server.services.db.query<{ id: string; reason_code: string }>(`select id, reason_code from file_uploads where evidence_document_id = $1 and state = 'refused'`, [evRefusals.id]);
      expect(refused.map((r) => r.reason_code).sort()).toEqual(['hash-mismatch', 'type-mismatch', 'unsupported-file-type']);
      const head = await fetch(`${srv.url}/files/${refused[0]!.id}`, { method: 'HEAD', headers: { authorization: `Bearer ${tokens.dealer}`, 'tus-resumable': '1.0.0' } });
      expect(head.status).toBeGreaterThanOrEqual(400);
    });

    it('lets a browser page on another origin upload and download (CORS preflight of tus requests)', async () => {
      const pre = await fetch(`${srv.url}/files/some-upload`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,tus-resumable,upload-offset,content-type' },
      });
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH');
      expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('upload-offset');
      const create = await fetch(`${srv.url}/files/`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,tus-resumable,upload-length,upload-metadata' },
      });
      expect(create.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('upload-metadata');
      const r = await fetch(`${srv.url}/files/`, { method: 'POST', headers: { origin: 'http://127.0.0.1:4173', 'tus-resumable': '1.0.0' } });
      expect(r.headers.get('access-control-allow-origin')).toBeTruthy(); // even a refusal is readable by the page
    });

    it('refuses at creation: no token, evidence not pushed, outside the scope, deleted, or describing another file', async () => {
      const scan = scanOfSize(50_000);
      expect(await tusUpload(srv.url, 'not-a-token', String(evA.id), scan)).toMatchObject({ ok: false, status: 401, code: 'unauthorised' });
      expect(await tusUpload(srv.url, tokens.dealer!, 'ev-never-pushed', scan)).toMatchObject({ ok: false, status: 404, code: 'evidence-not-found' });
      expect(await tusUpload(srv.url, tokens.dealer2!, String(evA.id), scan)).toMatchObject({ ok: false, status: 403, code: 'forbidden' });
      expect(await tusUpload(srv.url, tokens.studio!, String(evA.id), scan)).toMatchObject({ ok: false, status: 403, code: 'forbidden' });
      const d1 = client(srv.url, tokens.dealer!);
      const named = evidenceDoc(String(orgA.id), { sha256: sha256(Buffer.from('the first file')), fileSize: 14 });
      expect((await d1.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: named }])).status).toBe(200);
      expect(await tusUpload(srv.url, tokens.dealer!, String(named.id), scan)).toMatchObject({ ok: false, status: 409, code: 'evidence-file-changed' });
      const gone = evidenceDoc(String(orgA.id));
      expect((await d1.push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: gone }])).status).toBe(200);
      const [master] = (await d1.pull('evidenceDocuments')).body.documents.filter((d) => d.id === gone.id);
      expect((await d1.push('evidenceDocuments', [{ assumedMasterState: master!, newDocumentState: { ...master!, _deleted: true } }])).status).toBe(200);
      expect(await tusUpload(srv.url, tokens.dealer!, String(gone.id), scan)).toMatchObject({ ok: false, status: 409, code: 'evidence-deleted' });
      const badMeta = await fetch(`${srv.url}/files/`, { method: 'POST', headers: { authorization: `Bearer ${tokens.dealer}`, 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': 'filename YS5wZGY=' } });
      expect(badMeta.status).toBe(400);
      expect(((await badMeta.json()) as { code: string }).code).toBe('bad-upload-metadata');
    });

    it('stores the same file from two organisations once; each is fetchable only by those allowed', async () => {
      const before = await blobCount();
      const scan = scanOfSize(400_000);
      expect(await tusUpload(srv.url, tokens.dealer!, String(evA.id), scan, { filename: 'kvk-a.pdf' })).toMatchObject({ ok: true });
      expect(await tusUpload(srv.url, tokens.dealer2!, String(evB.id), scan, { filename: 'kvk-b.pdf' })).toMatchObject({ ok: true });
      const demoScan = scanOfSize(120_000);
      expect(await tusUpload(srv.url, tokens.studio!, String(evDemo.id), demoScan, { filename: 'Uittreksel KvK – studio.pdf' })).toMatchObject({ ok: true });
      expect(await blobCount()).toBe(before + 2);
      expect((await storedFor(String(evA.id)))[0]).toMatchObject({ sha256: sha256(scan), mime_type: 'application/pdf' });
      expect((await storedFor(String(evB.id)))[0]).toMatchObject({ sha256: sha256(scan) });

      // Who may download: the dealer serving the organisation, its studio manager, the back office.
      const matrix: Record<string, { id: string; bytes: Buffer; allowed: string[] }> = {
        'dealer 1 organisation': { id: String(evA.id), bytes: scan, allowed: ['dealer', 'office'] },
        'dealer 2 organisation': { id: String(evB.id), bytes: scan, allowed: ['dealer2', 'office'] },
        'demo studio (served by dealer 1)': { id: String(evDemo.id), bytes: demoScan, allowed: ['dealer', 'studio', 'office'] },
      };
      for (const [name, m] of Object.entries(matrix)) {
        for (const who of ['dealer', 'dealer2', 'studio', 'office']) {
          const res = await download(m.id, who);
          if (m.allowed.includes(who)) {
            expect(res.status, `${who} → ${name}`).toBe(200);
            expect(res.headers.get('content-type')).toBe('application/pdf');
            expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
            expect(res.headers.get('x-content-type-options')).toBe('nosniff');
            expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(m.bytes));
          } else {
            expect(res.status, `${who} → ${name}`).toBe(404);
            expect(((await res.json()) as { code: string }).code).toBe('not-found');
          }
        }
        expect((await download(m.id, null)).status).toBe(401);
      }
      expect((await download(String(evDemo.id), 'studio')).headers.get('content-disposition')).toContain("filename*=UTF-8''Uittreksel%20KvK%20%E2%80%93%20studio.pdf");
      expect((await download('ev-unknown', 'office')).status).toBe(404);

      // Knowing the hash gives nothing: another user cannot resume or read someone else's upload.
      const [up] = await srv.server.services.db.query<{ id: string }>(`select id from file_uploads where evidence_document_id = $1 and state = 'stored'`, [evA.id]);
      const head = (token: string) => fetch(`${srv.url}/files/${up!.id}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });
      expect((await head(tokens.dealer2!)).status).toBe(404);
      const own = await head(tokens.dealer!);
      expect(own.status).toBe(200);
      expect(own.headers.get('upload-offset')).toBe(String(scan.length));
    });
  });
}
