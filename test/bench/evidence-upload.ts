/**
 * Bench: evidence upload throughput and server memory (run: `npm run bench:upload`; with
 * `DATABASE_URL` the server stores blobs in PostgreSQL, else PGlite + disk).
 *
 * One server process (server/cli.ts) on loopback. 20 evidence files of 5 MB each (a real scanned
 * PDF padded with a PDF comment, so each hash differs) are uploaded
 *   A. by tus-js-client — the client the desktop's upload queue uses — two at a time like the queue;
 *   B. by plain `curl`: the same bytes to the same server's tus endpoint, one POST (create) and one
 *      PATCH (`--data-binary @file`) per file, two at a time.
 * Both runs do the same server work (stream to disk, verify SHA-256 and type, store the blob), so the
 * ratio A/B is the cost of the client. Targets: ratio ≤ 1.5×, peak server RSS (VmHWM) < 300 MB.
 * Prints one line per run and the ratio; run order alternates over `ROUNDS` (default 3), medians.
 * The peak RSS is measured from after the server start (the kernel's mark is reset then): PGlite's
 * first start on a fresh data folder alone peaks near 440 MB, before any upload.
 * `curl` runs as two processes per file, so under heavy machine load its time includes process
 * start-up; the ratio is then flattering for tus-js-client.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { createTestDataFolder, createTestSchema, testPassword } from '../support/testServer';
import { startServerProcess } from '../integration/server/processes';

const files = 20;
const size = 5 * 1024 * 1024;
const rounds = Number(process.env.ROUNDS ?? 3);
const parallel = 2;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const pdf = readFileSync(new URL('../fixtures/evidence/kvk-e2e.pdf', import.meta.url));
const scan = () => Buffer.concat([pdf, Buffer.from('%\n'), randomBytes(size - pdf.length - 2)]);

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(cmd, args, { maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
}
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let it = queue.shift(); it !== undefined; it = queue.shift()) await fn(it);
  }));
}
/** Resets the kernel's peak-RSS mark of `pid` (Linux `clear_refs` 5), so VmHWM then measures from now. */
function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    console.warn('cannot reset the peak RSS mark (needs Linux and the right to write /proc/<pid>/clear_refs): the peak includes the server start');
  }
}
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cps-bench-upload-'));
  const env: Record<string, string> = { DATA_DIR: dataDir, CPS_DEMO_PASSWORD: testPassword, LOGIN_RATE_LIMIT: '0', LOG_LEVEL: 'warn' };
  let drop: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    const schema = await createTestSchema(process.env.DATABASE_URL);
    env.DATABASE_URL = schema.url;
    drop = schema.drop;
  } else await createTestDataFolder(join(dataDir, 'pglite'));
  const proc = await startServerProcess(env);
  const pid = Number(readFileSync(`/proc/${proc.child.pid}/task/${proc.child.pid}/children`, 'utf8').trim().split(/\s+/)[0] || proc.child.pid);
  const url = proc.url;
  const { token } = (await (await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dealer@demo.test', password: testPassword }) })).json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const orgId = `org-bench-${Date.now()}`;
  const push = async (collection: string, docs: Record<string, unknown>[]) => {
    const r = await fetch(`${url}/sync/${collection}/push`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(docs.map((d) => ({ assumedMasterState: null, newDocumentState: d }))) });
    if (!r.ok) throw new Error(`push ${collection}: ${r.status} ${await r.text()}`);
  };
  const now = '2000-01-01T00:00:00.000000Z';
  await push('organisations', [{ id: orgId, name: 'Bench B.V.', country: 'NL', dealerId: 'dealer-demo-1', status: 'draft', updatedAt: now, _deleted: false }]);
  console.log(`server peak RSS before the uploads (start, migrations, seed) ${peakRssMiB(pid).toFixed(0)} MiB; mark reset`);
  resetPeakRss(pid);
  const startRss = peakRssMiB(pid);
  console.log(`server ${url} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite + disk'}), ${files} × ${size / 1048576} MB, ${parallel} at a time, ${rounds} rounds`);

  /** Fresh files and evidence documents for one run. */
  const prepare = async (tag: string) => {
    const items = Array.from({ length: files }, (_, i) => {
      const bytes = scan();
      const path = join(dataDir, `${tag}-${i}.pdf`);
      writeFileSync(path, bytes);
      return { id: `ev-bench-${tag}-${i}-${Date.now()}`, bytes, path, sha256: sha(bytes) };
    });
    await push('evidenceDocuments', items.map((it) => ({ id: it.id, organisationId: orgId, kind: 'chamber-extract', fileName: 'scan.pdf', mimeType: 'application/pdf', sha256: it.sha256, fileSize: size, updatedAt: now, _deleted: false })));
    return items;
  };
  const tusRun = async (tag: string) => {
    const items = await prepare(tag);
    const t0 = performance.now();
    await pool(items, parallel, (it) =>
      new Promise<void>((resolve, reject) => {
        new Upload(it.bytes, {
          endpoint: `${url}/files/`,
          headers: auth,
          metadata: { evidenceDocumentId: it.id, sha256: it.sha256, filename: 'scan.pdf', filetype: 'application/pdf' },
          retryDelays: [],
          storeFingerprintForResuming: false,
          onSuccess: () => resolve(),
          onError: reject,
        }).start();
      }),
    );
    return performance.now() - t0;
  };
  const curlRun = async (tag: string) => {
    const items = await prepare(tag);
    const t0 = performance.now();
    await pool(items, parallel, async (it) => {
      const meta = `evidenceDocumentId ${b64(it.id)},sha256 ${b64(it.sha256)},filename ${b64('scan.pdf')},filetype ${b64('application/pdf')}`;
      const head = await run('curl', ['-s', '-D', '-', '-o', '/dev/null', '-X', 'POST', '-H', `Authorization: Bearer ${token}`, '-H', 'Tus-Resumable: 1.0.0', '-H', `Upload-Length: ${size}`, '-H', `Upload-Metadata: ${meta}`, `${url}/files/`]);
      const loc = /^location:\s*(\S+)/im.exec(head)?.[1];
      if (!loc) throw new Error(`curl create: ${head}`);
      const out = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{time_pretransfer} %{time_starttransfer} %{time_total}', '-X', 'PATCH', '-H', `Authorization: Bearer ${token}`, '-H', 'Tus-Resumable: 1.0.0', '-H', 'Upload-Offset: 0', '-H', 'Content-Type: application/offset+octet-stream', '-H', 'Expect:', '--data-binary', `@${it.path}`, new URL(loc, `${url}/files/`).toString()]);
      const [code, ...times] = out.split(' ');
      if (process.env.DEBUG_CURL) console.log('curl', times.join(' '));
      if (code !== '204') throw new Error(`curl PATCH: HTTP ${code}`);
    });
    return performance.now() - t0;
  };

  const tusMs: number[] = [];
  const curlMs: number[] = [];
  let stopping = false;
  proc.child.once('exit', (code, signal) => {
    if (!stopping) console.error(`server process exited (${code ?? signal}):\n${proc.output().slice(-4000)}`);
  });
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['tus', 'curl'] as const) : (['curl', 'tus'] as const);
    for (const which of order) {
      const ms = which === 'tus' ? await tusRun(`t${r}`) : await curlRun(`c${r}`);
      (which === 'tus' ? tusMs : curlMs).push(ms);
      console.log(`round ${r + 1} ${which.padEnd(4)} ${ms.toFixed(0).padStart(6)} ms  ${((files * size) / 1048576 / (ms / 1000)).toFixed(1)} MB/s  (server peak RSS so far ${peakRssMiB(pid).toFixed(0)} MiB)`);
    }
  }
  const peak = peakRssMiB(pid);
  const ratio = median(tusMs) / median(curlMs);
  console.log(`median tus-js-client ${median(tusMs).toFixed(0)} ms, curl ${median(curlMs).toFixed(0)} ms → ratio ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`peak server RSS during the uploads ${peak.toFixed(0)} MiB (target < 300 MB); resident before them ${startRss.toFixed(0)} MiB, so the uploads added ${(peak - startRss).toFixed(0)} MiB`);
  stopping = true;
  process.kill(pid, 'SIGTERM');
  await proc.stop();
  await drop?.();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
