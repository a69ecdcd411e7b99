/**
 * `npm run server` — starts the program server (configuration: server/config.ts, README).
 * `npm run server -- <command>` — the back-office commands of the table in server/commands.ts
 * (the same table the HTTP admin routes are made from; `npm run server -- help` lists them).
 *
 * With PGlite only one process may open the data folder: the server and a command first take the
 * folder's lock (server/datalock.ts, `<DATA_DIR>/server.lock`) and hold it for their life. A second
 * server exits 1 with one line naming the holder's pid. A command that finds a server holding the
 * lock — running or still starting — waits until it answers and talks to it (URL and a local
 * back-office token in `<DATA_DIR>/server.json`, mode 0600, written once it listens); it opens the
 * database itself only while it holds the lock. With DATABASE_URL it always opens PostgreSQL
 * directly (many processes may). `charge-due-invoices` in demo mode always goes through the running
 * server, whose payment stand-in holds the saved cards (server/payments/commands.ts). Exit code 0 on success,
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
import { createServices } from './services';
import { demo, type SeedResult } from './seed';
import { createUser, findUserByEmail, issueToken, type User } from './auth';
import { HttpError } from './errors';
import { acquireDataFolderLock, heldMessage, type DataFolderLock } from './datalock';
import { backOfficeCommands, commandUrl, type CliArgs } from './commands';

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
  // Loaded here, not at the top: a command never serves, and the server's routes, uploads and the
  // payment SDK take seconds to load on a busy machine.
  const { buildServer } = await import('./app');
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

/** The server's runtime file when it belongs to process `pid` (any, for null) and that server answers `/health`; else null. */
async function readyServer(config: ServerConfig, pid: number | null): Promise<RuntimeFile | null> {
  const p = join(config.dataDir, 'server.json');
  try {
    const rt = JSON.parse(readFileSync(p, 'utf8')) as RuntimeFile;
    if (pid !== null && rt.pid !== pid) return null; // left behind by an earlier server that was killed
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

/** The usage text: this file's header and one line per back-office command of the table. */
function usageText(): string {
  const header = readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*|^ \* ?/gm, '');
  const commands = backOfficeCommands.map((c) => `  ${c.name}${c.args ? ` ${c.args}` : ''}    (${c.method} ${c.path})`).join('\n');
  return `${header.trimEnd()}\n\nCommands (server/commands.ts):\n${commands}\n`;
}

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error(usageText());
  process.exit(2);
}

/** The CLI arguments `args` of command `cmd` (see `CliArgs` in server/commands.ts). */
function cliArgs(cmd: string, args: string[]): CliArgs {
  const positional = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  return {
    need: (n, what) => positional[n] ?? usage(`${cmd}: missing ${what}`),
    optional: (n) => positional[n],
    flag: (name) => {
      const i = args.indexOf(`--${name}`);
      return i >= 0 ? args[i + 1] : undefined;
    },
    readFile: (path) => readFileSync(path, 'utf8'),
    usage,
  };
}

/**
 * Runs back-office command `cmd` of the table (server/commands.ts) through HTTP (a running server
 * holds the data folder) or directly on the database.
 * @throws HttpError (or Error) when the command is refused; exits 2 on a usage error.
 */
async function command(config: ServerConfig, cmd: string, args: string[]): Promise<unknown> {
  const spec = backOfficeCommands.find((c) => c.name === cmd) ?? usage(`unknown command "${cmd}"`);
  const request = spec.fromCli(cliArgs(cmd, args));
  // In demo mode the saved cards live in the running server's stand-in: such a command needs that
  // server, also on PostgreSQL (server/payments/commands.ts).
  const demoCards = spec.needsCardPayments === true && config.cardProvider === 'demo';
  const running = config.databaseUrl && demoCards ? await readyServer(config, null) : null;
  const access = running ? { server: running } : config.databaseUrl ? null : await lockOrServer(config);
  if (access && 'server' in access) {
    const rt = access.server;
    const { body, contentType } = request;
    const res = await fetch(`${rt.url}${commandUrl(spec.path, request)}`, {
      method: spec.method,
      headers: { authorization: `Bearer ${rt.token}`, ...(body !== undefined ? { 'content-type': contentType ?? 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const out = (await res.json()) as { message?: string };
    if (!res.ok) throw new HttpError(res.status, 'refused', out.message ?? `HTTP ${res.status}`);
    return out;
  }
  try {
    if (demoCards)
      throw new Error(`in demo mode (CARD_PROVIDER=demo) the saved cards are held by the payment stand-in of the running server, and no server runs on ${config.dataDir}; start it (npm run server) and run the command again`);
    // Notices go to stderr: stdout carries the command's JSON result.
    announceFirstStart(config, console.error);
    const created = await createServices(config);
    try {
      printSeedNotice(created.seedResult, console.error);
      // The real provider from the configuration; no job timer is started (createCardPayments starts none).
      const payments = spec.needsCardPayments ? await (await import('./payments/index')).createCardPayments(config, created.services) : undefined;
      try {
        const result = await spec.run({ services: created.services, user: cliUser(), vies: created.vies, payments }, request);
        await created.services.outbox.flush();
        return result;
      } finally {
        await payments?.close();
      }
    } finally {
      await created.close();
    }
  } finally {
    if (access) access.lock.release();
  }
}

/** The back-office user a command acts as when it opens the database itself (audited as `cli:<os user>`). */
function cliUser(): User {
  return { id: 'cli', email: `cli:${userInfo().username}`, role: 'back-office', name: 'Back-office CLI', dealerId: null, organisationId: null };
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
