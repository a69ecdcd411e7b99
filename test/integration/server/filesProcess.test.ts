/**
 * Evidence uploads against a real server process (server/cli.ts), on PGlite and PostgreSQL:
 * - a 5 MB scan whose upload is cut at ~50 % by SIGKILLing the server resumes after a restart from
 *   the byte the server had, not from zero, and completes with the right hash;
 * - 20 uploads of 5 MB at once all complete while the server's peak resident memory (VmHWM from
 *   /proc, Linux) stays bounded — the bytes stream to disk, never whole into memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDataFolder, createTestSchema, testPassword } from '../../support/testServer';
import { startServerProcess, type ServerProcess } from './processes';
import { serverStartLimitMs } from '../../support/serverProcess';
import { client, engines, organisationDoc, warnIfNoPostgres } from './helpers';
import { evidenceDoc, scanOfSize, sha256, tusUpload } from './fileHelpers';

warnIfNoPostgres();

/** The process that really runs the server: tsx starts it as its child. */
function serverPid(p: ServerProcess): number {
  const pid = p.child.pid!;
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : pid;
  } catch {
    return pid;
  }
}

/** A process's memory line from /proc (VmHWM = peak resident set, VmRSS = current) in MiB, or null off Linux. */
function procMemMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Absolute ceiling of the server's peak resident memory during the uploads, per engine. PGlite runs
 * a whole PostgreSQL inside the server process (its WASM heap, 135–415 MiB resident at rest here
 * depending on what ran before), so its ceiling is higher; what catches an upload path that buffers
 * is the growth bound: 100 MB arrive, a buffering server grows by more than that.
 */
const peakCeilingMiB: Record<string, number> = { PGlite: 560, PostgreSQL: 400 };

const b64 = (s: string) => Buffer.from(s).toString('base64');

for (const engine of engines) {
  describe.skipIf(engine.skip)(`evidence uploads to a server process on ${engine.name}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cps-files-proc-'));
    let env: Record<string, string>;
    let proc: ServerProcess;
    let dropSchema: (() => Promise<void>) | null = null;
    let token = '';
    let orgId = '';

    const login = async (url: string) => {
      const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dealer@demo.test', password: testPassword }) });
      return ((await r.json()) as { token: string }).token;
    };
    const pushEvidence = async (doc: Record<string, unknown>) =>
      expect((await client(proc.url, token).push('evidenceDocuments', [{ assumedMasterState: null, newDocumentState: doc }])).status).toBe(200);

    beforeAll(async () => {
      env = { DATA_DIR: dataDir, CPS_DEMO_PASSWORD: testPassword, LOGIN_RATE_LIMIT: '0' };
      if (engine.options.databaseUrl) {
        const schema = await createTestSchema(engine.options.databaseUrl);
        env.DATABASE_URL = schema.url;
        dropSchema = schema.drop;
      } else {
        await createTestDataFolder(join(dataDir, 'pglite'));
      }
      proc = await startServerProcess(env);
      token = await login(proc.url);
      const org = organisationDoc({ dealerId: 'dealer-demo-1' });
      orgId = String(org.id);
      expect((await client(proc.url, token).push('organisations', [{ assumedMasterState: null, newDocumentState: org }])).status).toBe(200);
    }, serverStartLimitMs + 60_000); // a server start (bounded on its own) and a quick setup
    afterAll(async () => {
      if (proc && proc.child.exitCode === null) {
        process.kill(serverPid(proc), 'SIGTERM');
        await proc.stop();
      }
      await dropSchema?.();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('resumes a 5 MB scan cut at ~50 % by a SIGKILLed server from the last byte, with the right hash', async () => {
      const scan = scanOfSize(5 * 1024 * 1024);
      const ev = evidenceDoc(orgId, { sha256: sha256(scan), fileSize: scan.length });
      await pushEvidence(ev);
      const created = await fetch(`${proc.url}/files/`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'tus-resumable': '1.0.0',
          'upload-length': String(scan.length),
          'upload-metadata': `evidenceDocumentId ${b64(String(ev.id))},sha256 ${b64(sha256(scan))},filename ${b64('kvk.pdf')},filetype ${b64('application/pdf')}`,
        },
      });
      expect(created.status).toBe(201);
      const location = new URL(created.headers.get('location')!, `${proc.url}/files/`).toString();
      const uploadId = location.split('/').pop()!;
      const partial = join(dataDir, 'uploads', uploadId);

      // Send the first half, keep the request open, and kill the server once it has it on disk.
      const half = scan.length / 2;
      const req = request(location, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(scan.length) },
      });
      req.on('error', () => undefined);
      req.write(scan.subarray(0, half));
      const deadline = Date.now() + 30_000;
      while ((existsSync(partial) ? statSync(partial).size : 0) < half * 0.9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const received = statSync(partial).size;
      expect(received).toBeGreaterThan(half * 0.9);
      expect(received).toBeLessThan(scan.length);
      const exited = new Promise((r) => proc.child.once('exit', r));
      process.kill(serverPid(proc), 'SIGKILL');
      await exited;
      req.destroy();

      proc = await startServerProcess({ ...env, PORT: new URL(proc.url).port });
      token = await login(proc.url);
      const offsets: number[] = [];
      const r = await tusUpload(proc.url, token, String(ev.id), scan, { filename: 'kvk.pdf' }, { uploadUrl: location, onPatch: (o) => offsets.push(o) });
      expect(r).toMatchObject({ ok: true });
      expect(offsets[0]).toBeGreaterThanOrEqual(received - 1);
      expect(offsets[0]).toBeLessThan(scan.length);
      const res = await fetch(`${proc.url}/evidence/${ev.id}/file`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(scan));
    }, serverStartLimitMs + 60_000); // a restart (bounded on its own) and a 5 MB upload

    it('takes 20 uploads of 5 MB at once with bounded server memory', async () => {
      const pid = serverPid(proc);
      let before = procMemMiB(pid, 'VmHWM');
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5'); // reset the peak mark: measure from here (Linux)
        before = procMemMiB(pid, 'VmRSS'); // and grow from what is resident now
      } catch {
        /* not resettable: the peak then includes the server start */
      }
      const scans = Array.from({ length: 20 }, () => scanOfSize(5 * 1024 * 1024));
      const docs = scans.map((s) => evidenceDoc(orgId, { sha256: sha256(s), fileSize: s.length }));
      expect((await client(proc.url, token).push('evidenceDocuments', docs.map((d) => ({ assumedMasterState: null, newDocumentState: d })))).status).toBe(200);
      const results = await Promise.all(scans.map((s, i) => tusUpload(proc.url, token, String(docs[i]!.id), s)));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const peak = procMemMiB(pid, 'VmHWM');
      if (peak === null || before === null) {
        console.warn('no /proc/<pid>/status here (not Linux): the server memory bound is not checked');
        return;
      }
      console.log(`server peak RSS on ${engine.name}: ${before.toFixed(0)} MiB resident before, ${peak.toFixed(0)} MiB peak during 20 × 5 MB concurrent uploads`);
      // 100 MB of uploads arrived; a server that buffered them would grow by more than that.
      expect(peak - before).toBeLessThan(100);
      expect(peak).toBeLessThan(peakCeilingMiB[engine.name] ?? 400);
      const res = await fetch(`${proc.url}/evidence/${docs[7]!.id}/file`, { headers: { authorization: `Bearer ${token}` } });
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(scans[7]!));
    }, 180_000);
  });
}
