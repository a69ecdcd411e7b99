/**
 * The real program server for end-to-end tests: `server/cli.ts` (as `npm run server` runs it) as a
 * child process on 127.0.0.1 and a free port, PGlite in a temp DATA_DIR, demo logins with a known
 * password. Back-office commands run through the same CLI (`validate-organisation <id>`), which
 * finds the running server through `<DATA_DIR>/server.json`.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { waitUntilListening } from '../../support/serverProcess';

const exec = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

/** A running server process. */
export interface E2eServer {
  url: string;
  password: string;
  dataDir: string;
  /** Logs in and returns the bearer token. @throws Error with the server's answer. */
  login(email: string): Promise<{ token: string; user: { dealerId: string | null } }>;
  /** POSTs rows to `/sync/<collection>/push` as the token's user; returns the server's conflicts. */
  push(token: string, collection: string, docs: Record<string, unknown>[]): Promise<Record<string, unknown>[]>;
  /** GETs every document of `collection` the token's user may see (`/sync/<collection>/pull`). */
  pull(token: string, collection: string): Promise<Record<string, unknown>[]>;
  /** SHA-256 (hex) of the evidence document's file as the server stores it (`HEAD /evidence/<id>/file`), or null while none is stored. */
  storedSha256(evidenceId: string, token: string): Promise<string | null>;
  /** Runs `npm run server -- <args…>` (the back-office CLI) against this server; returns stdout. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * How long {@link startE2eServer} waits for the server to listen, in ms: 180 s (the first start
 * creates the database, slow on a loaded machine), or `E2E_SERVER_START_MS` when set.
 */
export const serverStartLimitMs = Number(process.env.E2E_SERVER_START_MS) || 180_000;

/** Password of the demo logins of every e2e server (and of the template data folder, support/globalSetup.ts). */
export const e2eDemoPassword = 'e2e-demo-password';

/**
 * Starts the server and waits until it listens (≤ {@link serverStartLimitMs}); `extraEnv` adds
 * configuration (e.g. `VIES_URL`). Its DATA_DIR is a fresh temp folder; when `E2E_DATA_TEMPLATE`
 * names a seeded PGlite folder (support/globalSetup.ts), the server starts on a copy of it instead
 * of creating the database.
 */
export async function startE2eServer(extraEnv: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cps-e2e-server-'));
  const template = process.env.E2E_DATA_TEMPLATE;
  if (template && existsSync(template)) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
  const port = await freePort();
  const password = e2eDemoPassword;
  const env = { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, CPS_DEMO_PASSWORD: password, DATABASE_URL: '', LOG_LEVEL: 'warn', VIES_URL: 'off', ...extraEnv };
  const child: ChildProcess = spawn(tsx, ['server/cli.ts'], { env, cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  // Not left running: on a timeout it is sent SIGTERM, so the hooks' stop() never gets a server that did not start.
  const { url } = await waitUntilListening(child, 'the end-to-end server', serverStartLimitMs);
  return {
    url,
    password,
    dataDir,
    async login(email) {
      const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const body = (await res.json()) as { token: string; user: { dealerId: string | null }; message?: string };
      if (!res.ok) throw new Error(`login ${email}: ${res.status} ${body.message ?? ''}`);
      return body;
    },
    async push(token, collection, docs) {
      const now = new Date().toISOString();
      const rows = docs.map((d) => ({ assumedMasterState: null, newDocumentState: { updatedAt: now, _deleted: false, ...d } }));
      const res = await fetch(`${url}/sync/${collection}/push`, { method: 'POST', headers: { 'content-type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(rows) });
      const body = (await res.json()) as Record<string, unknown>[] & { message?: string };
      if (!res.ok) throw new Error(`push ${collection}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async pull(token, collection) {
      const res = await fetch(`${url}/sync/${collection}/pull?limit=5000`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { documents: Record<string, unknown>[]; message?: string };
      if (!res.ok) throw new Error(`pull ${collection}: ${res.status} ${body.message ?? ''}`);
      return body.documents;
    },
    async storedSha256(evidenceId, token) {
      const res = await fetch(`${url}/evidence/${encodeURIComponent(evidenceId)}/file`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
      return res.ok ? res.headers.get('x-evidence-sha256') : null;
    },
    async cli(...args) {
      const { stdout } = await exec(tsx, ['server/cli.ts', ...args], { env, cwd: process.cwd(), timeout: 60_000 });
      return stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new UUID v7 (ids of documents the test seeds). */
export const newId = (): string => uuidv7();
