/**
 * `npm run server` — starts the program server (configuration: server/config.ts, README).
 * `npm run server -- <command>` — back-office commands:
 *   list-pending
 *   validate-organisation <id>
 *   reject-organisation <id> --reason "<text>"
 *   mark-invoice-paid <number>
 *   import-catalog <file.csv>
 *   import-legacy <file.csv>
 *   audit [limit]
 *
 * With PGlite only one process may open the data folder: the server and a command first take the
 * folder's lock (server/datalock.ts, `<DATA_DIR>/server.lock`) and hold it for their life. A second
 * server exits 1 with one line naming the holder's pid. A command that finds a server holding the
 * lock — running or still starting — waits until it answers and talks to it (URL and a local
 * back-office token in `<DATA_DIR>/server.json`, mode 0600, written once it listens); it opens the
 * database itself only while it holds the lock. With DATABASE_URL it always opens PostgreSQL
 * directly (many processes may). Exit code 0 on success,
 * 1 on a refused action (message on stderr), 2 on a usage error.
 *
 * Whoever opens an empty database first (server or command, under the lock) seeds it; with a generated demo
 * password it prints that password once (a command on stderr). The server checks that its port is
 * free before it creates or seeds anything (exit 1 with a one-line message when not).
 */
import { readFileSync, writeFileSync, rmSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { createServer } from 'node:net';
import { readConfig, type ServerConfig } from './config';
import { buildServer, todayUtc } from './app';
import { openDatabase } from './db';
import { migrate } from './migrations';
import { seed, loadProgramData, demo, type SeedResult } from './seed';
import { createUser, findUserByEmail, issueToken } from './auth';
import { Outbox } from './outbox';
import { HttpError } from './errors';
import { acquireDataFolderLock, heldMessage, type DataFolderLock } from './datalock';
import type { ServerServices } from './authority/index';
import { listPending, validateOrganisation, rejectOrganisation, markInvoicePaid, importCatalog, importLegacy, auditLog } from './backoffice';

/** The account the CLI acts as when it talks to a running server. */
const cliEmail = 'cli@system.local';

interface RuntimeFile {
  url: string;
  pid: number;
  token: string;
}

async function serve(config: ServerConfig): Promise<void> {
  const folderExisted = existsSync(config.dataDir);
  let lock: DataFolderLock | null = null;
  if (!config.databaseUrl) {
    // Before the database is opened (and seeded): one process per data folder.
    // A back-office command holds it only for a moment: wait for it. A second server: exit.
    const deadline = Date.now() + holderWaitMs;
    let announced = false;
    for (;;) {
      const attempt = acquireDataFolderLock(config.dataDir, 'server');
      if (attempt.acquired) {
        lock = attempt.lock;
        break;
      }
      if (attempt.holder.role === 'server' || Date.now() > deadline) {
        console.error(heldMessage(config.dataDir, attempt.holder));
        process.exit(1);
      }
      if (!announced) console.log(`waiting for the back-office command (pid ${attempt.holder.pid}) that has the data folder open…`);
      announced = true;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  // Before the data folder is created or seeded, so a busy port leaves nothing behind.
  const portProblem = await portUnavailable(config.host, config.port);
  if (portProblem) {
    console.error(portProblem);
    lock?.release();
    if (!folderExisted) rmSync(config.dataDir, { recursive: true, force: true }); // it held only the lock
    process.exit(1);
  }
  announceFirstStart(config, console.log);
  const server = await buildServer(config);
  const { app, services } = server;
  if (!config.databaseUrl) console.log(`CPS server data folder: ${config.dataDir} (PGlite database in pglite/, e-mails as .eml in outbox/)`);
  else console.log('CPS server database: PostgreSQL (DATABASE_URL)');
  printSeedNotice(server.seedResult, console.log);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    // Taken between the check above and now.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw err;
    console.error(portMessage(config.host, config.port, code));
    await server.close();
    process.exit(1);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let cli = await findUserByEmail(services.db, cliEmail);
  if (!cli) cli = { ...(await createUser(services.db, { email: cliEmail, role: 'back-office', name: 'Back-office CLI' })), passwordHash: null };
  const { token } = await issueToken(services.db, cli.id, 30 * 24 * 3600_000);
  const runtimePath = join(config.dataDir, 'server.json');
  // Written whole under another name, then renamed: a command never reads half a file.
  writeFileSync(`${runtimePath}.tmp`, JSON.stringify({ url, pid: process.pid, token } satisfies RuntimeFile), { mode: 0o600 });
  renameSync(`${runtimePath}.tmp`, runtimePath);
  console.log(`CPS server listening on ${url}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    rmSync(runtimePath, { force: true });
    await server.close();
    lock?.release(); // after the database is closed
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** The one-line message for a listen error `code` on `host:port`. */
function portMessage(host: string, port: number, code: string): string {
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is in use; set PORT=… to another port (PORT=0: any free port) or stop the program using it`;
  if (code === 'EACCES') return `port ${port} on ${host} may not be opened by this user (ports below 1024 need privileges); set PORT=…`;
  return `cannot listen on ${host}:${port} (${code}); set HOST=… to an address of this machine`;
}

/** Tries to listen on `host:port` and closes again; returns the message when that fails (null: free, or PORT=0). */
function portUnavailable(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(portMessage(host, port, err.code ?? String(err))));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

/** Prints where the database is being created before the slow first PGlite start (initdb, several seconds). */
function announceFirstStart(config: ServerConfig, print: (line: string) => void): void {
  if (config.databaseUrl) return;
  const dir = join(config.dataDir, 'pglite');
  if (!existsSync(join(dir, 'PG_VERSION'))) print(`creating the database in ${dir} (first start takes a few seconds)…`);
}

/** Prints the generated demo password when {@link seed} just created the demo logins with one (it is not stored anywhere else). */
function printSeedNotice(result: SeedResult, print: (line: string) => void): void {
  if (!result.generatedPassword) return;
  print(
    `Seeded demo logins ${Object.values(demo.logins).join(', ')} with the generated password: ${result.generatedPassword}\n(shown once; set CPS_DEMO_PASSWORD before the first start to choose it)`,
  );
}

/** The server's runtime file when it belongs to process `pid` and that server answers `/health`; else null. */
async function readyServer(config: ServerConfig, pid: number): Promise<RuntimeFile | null> {
  const p = join(config.dataDir, 'server.json');
  try {
    const rt = JSON.parse(readFileSync(p, 'utf8')) as RuntimeFile;
    if (rt.pid !== pid) return null; // left behind by an earlier server that was killed
    const res = await fetch(`${rt.url}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? rt : null;
  } catch {
    return null;
  }
}

/** How long a command waits for the process holding the data folder: a starting server (first start: initdb) or another command. */
const holderWaitMs = 120_000;

/**
 * Either the data folder's lock (the command then opens the database itself) or the running server
 * to talk to. While another process holds the folder — a server still starting, or another
 * command — it waits (saying so once on stderr) until the server answers or the lock is free.
 * @throws Error when the holder neither gets ready nor lets go within {@link holderWaitMs}.
 */
async function lockOrServer(config: ServerConfig): Promise<{ lock: DataFolderLock } | { server: RuntimeFile }> {
  const deadline = Date.now() + holderWaitMs;
  let announced = false;
  for (;;) {
    const attempt = acquireDataFolderLock(config.dataDir, 'command');
    if (attempt.acquired) return { lock: attempt.lock };
    const { holder } = attempt;
    if (holder.role === 'server') {
      const rt = await readyServer(config, holder.pid);
      if (rt) return { server: rt };
    }
    if (Date.now() > deadline)
      throw new Error(`${heldMessage(config.dataDir, holder)}; it did not ${holder.role === 'server' ? 'answer' : 'finish'} within ${holderWaitMs / 1000} s`);
    if (!announced) {
      announced = true;
      console.error(`waiting for the ${holder.role === 'server' ? 'server' : 'back-office command'} (pid ${holder.pid}) that has the data folder ${config.dataDir} open…`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*|^ \* ?/gm, ''));
  process.exit(2);
}

/** Runs a back-office command through HTTP (running server) or directly on the database. */
async function command(config: ServerConfig, cmd: string, args: string[]): Promise<unknown> {
  const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const need = (n: number, what: string): string => positional[n] ?? usage(`${cmd}: missing ${what}`);
  type Call = { http: [method: string, path: string, body?: unknown, contentType?: string]; direct: (s: ServerServices, actor: string) => Promise<unknown> };
  let call: Call;
  switch (cmd) {
    case 'list-pending':
      call = { http: ['GET', '/admin/pending'], direct: (s) => listPending(s.db) };
      break;
    case 'validate-organisation': {
      const id = need(0, '<organisation id>');
      call = { http: ['POST', `/admin/organisations/${encodeURIComponent(id)}/validate`, {}], direct: (s, a) => validateOrganisation(s, a, id) };
      break;
    }
    case 'reject-organisation': {
      const id = need(0, '<organisation id>');
      const reason = flag('reason') ?? usage('reject-organisation: --reason "<text>" is required');
      call = { http: ['POST', `/admin/organisations/${encodeURIComponent(id)}/reject`, { reason }], direct: (s, a) => rejectOrganisation(s, a, id, reason) };
      break;
    }
    case 'mark-invoice-paid': {
      const n = need(0, '<invoice number>');
      call = { http: ['POST', `/admin/invoices/${encodeURIComponent(n)}/mark-paid`, {}], direct: (s, a) => markInvoicePaid(s, a, n) };
      break;
    }
    case 'import-catalog':
    case 'import-legacy': {
      const file = need(0, '<file.csv>');
      const csv = readFileSync(file, 'utf8');
      const fn = cmd === 'import-catalog' ? importCatalog : importLegacy;
      call = { http: ['POST', cmd === 'import-catalog' ? '/admin/catalog/import' : '/admin/legacy/import', csv, 'text/csv'], direct: (s, a) => fn(s, a, csv) };
      break;
    }
    case 'audit': {
      const limit = Number(positional[0] ?? 50);
      call = { http: ['GET', `/admin/audit?limit=${limit}`], direct: (s) => auditLog(s.db, limit) };
      break;
    }
    default:
      usage(`unknown command "${cmd}"`);
  }
  const actor = `cli:${userInfo().username}`;
  const access = config.databaseUrl ? null : await lockOrServer(config);
  if (access && 'server' in access) {
    const rt = access.server;
    const [method, path, body, contentType] = call.http;
    const res = await fetch(`${rt.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${rt.token}`, ...(body !== undefined ? { 'content-type': contentType ?? 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const out = (await res.json()) as { message?: string };
    if (!res.ok) throw new HttpError(res.status, 'refused', out.message ?? `HTTP ${res.status}`);
    return out;
  }
  // Notices go to stderr: stdout carries the command's JSON result.
  announceFirstStart(config, console.error);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
  try {
    await migrate(db);
    printSeedNotice(await seed(db, config.demoPassword), console.error);
    const outbox = new Outbox(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, mailDir: join(config.dataDir, 'outbox') });
    const services: ServerServices = { db, program: loadProgramData(), outbox, today: todayUtc, publicUrl: config.publicUrl };
    const result = await call.direct(services, actor);
    await outbox.flush();
    await outbox.stop();
    return result;
  } finally {
    await db.close();
    if (access) access.lock.release();
  }
}

async function main(): Promise<void> {
  const [cmd, ...args] = process.argv.slice(2);
  const config = readConfig();
  if (!cmd || cmd === 'serve') return serve(config);
  if (cmd === 'help' || cmd === '--help') usage();
  try {
    const result = await command(config, cmd, args);
    console.log(JSON.stringify(result, null, 2));
  } catch (err) {
    console.error(`${cmd}: ${(err as Error).message}`);
    process.exit(1);
  }
}

await main();
