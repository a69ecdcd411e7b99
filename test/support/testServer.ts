/**
 * Test helper (stable signature; used by the sync client and end-to-end tests):
 *
 *   const srv = await startTestServer();             // PGlite in memory, ephemeral port
 *   const srv = await startTestServer({ databaseUrl }); // real PostgreSQL (a fresh schema of its own)
 *   const { token, user } = await srv.login('dealer@demo.test');
 *   await srv.close();
 *
 * The demo logins of the seed exist (`dealer@demo.test`, `dealer2@demo.test`, `studio@demo.test`,
 * `office@demo.test`), all with `srv.password`. With `databaseUrl`, the server works in a fresh
 * PostgreSQL schema (`search_path`), dropped on close, so test files can share one database
 * without seeing each other's data. Nothing is written outside a temp folder (e-mails go to
 * `srv.mailDir` as .eml files).
 */
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildServer, type CpsServer } from '../../server/app';
import { readConfig, type ServerConfig } from '../../server/config';
import { openDatabase, type Db } from '../../server/db';
import { migrate, migrations } from '../../server/migrations';
import { seed } from '../../server/seed';
import type { LoginResponse } from '../../shared/sync/protocol';

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** postgres://… for real PostgreSQL; omitted → PGlite in memory. */
  databaseUrl?: string;
  /** Reuse an open database (e.g. one PGlite shared by a test file); the caller closes it. */
  db?: Db;
  /** Config overrides (e.g. `{ loginRateLimit: 3, heartbeatMs: 200 }`). */
  config?: Partial<ServerConfig>;
  /** Fastify request logging (default off in tests). */
  logger?: boolean;
  /** Card payments: a provider of the test's own (e.g. one Stripe stand-in shared by two servers); default: the demo stand-in of the server. */
  payments?: import('../../server/payments/index').CardPaymentsOptions;
  /** Called after the routes are built and before the server listens (e.g. a benchmark adds a route). */
  beforeListen?: (server: CpsServer) => void | Promise<void>;
}

/** A running test server. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Password of every demo login. */
  password: string;
  /** Folder the outbox writes `.eml` files to. */
  mailDir: string;
  server: CpsServer;
  /** Logs in a user by e-mail (with `password` unless given). @throws Error with the server's message when refused. */
  login(email: string, password?: string): Promise<LoginResponse>;
  close(): Promise<void>;
}

/** Password of the demo logins in test servers. */
export const testPassword = 'demo-password-for-tests';

/**
 * An in-memory PGlite that is already migrated and seeded (demo password {@link testPassword}).
 * Creating a PGlite cluster runs initdb (2–15 s); so the first call dumps a migrated, seeded
 * database to a template file in the OS temp folder (keyed by a hash of the migrations, seed code
 * and resources) and later calls — also in other test processes — load that dump (≈1–2 s).
 */
export async function openTestDatabase(): Promise<Db> {
  const file = templatePath();
  if (existsSync(file)) {
    try {
      return await openDatabase({ loadDataDir: new Blob([readFileSync(file)]) });
    } catch {
      // A damaged template: build a fresh one below.
    }
  }
  const db = await openDatabase({});
  await migrate(db);
  await seed(db, testPassword);
  const dump = await db.dumpDataDir!();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  return db;
}

/** Path of the template dump (see {@link openTestDatabase}); the name changes with migrations, seed and resources. */
function templatePath(): string {
  const parts = [JSON.stringify(migrations), testPassword];
  for (const f of ['../../resources/catalog.json', '../../resources/program.json', '../../server/seed.ts', '../../node_modules/@electric-sql/pglite/package.json'])
    parts.push(readFileSync(new URL(f, import.meta.url), 'utf8'));
  const key = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
  return join(tmpdir(), `cps-pglite-template-${key}.tar`);
}

/**
 * Creates a PGlite data folder at `dir` that is already migrated and seeded (demo password
 * {@link testPassword}), from the template dump — for tests that start the server as a process.
 */
export async function createTestDataFolder(dir: string): Promise<void> {
  if (!existsSync(templatePath())) await (await openTestDatabase()).close();
  const db = await openDatabase({ dataDir: dir, loadDataDir: new Blob([readFileSync(templatePath())]) });
  await db.close();
}

/** Appends `options=-c search_path=<schema>` to a PostgreSQL URL. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Starts a server on 127.0.0.1 and an ephemeral port (see module doc). */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const tmp = mkdtempSync(join(tmpdir(), 'cps-server-test-'));
  const password = testPassword;
  let dropSchema: (() => Promise<void>) | null = null;
  let db = opts.db;
  if (!db && opts.databaseUrl) {
    const schema = `t_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: opts.databaseUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    db = await openDatabase({ databaseUrl: withSearchPath(opts.databaseUrl, schema), poolSize: 10 });
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: opts.databaseUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  }
  const ownDb = !opts.db;
  if (!db) db = await openTestDatabase();
  const config = readConfig({}, { host: '127.0.0.1', port: 0, dataDir: tmp, demoPassword: password, loginRateLimit: 0, logLevel: 'warn', viesUrl: '', ...opts.config });
  const server = await buildServer(config, { db, mailDir: join(tmp, 'outbox'), logger: opts.logger ?? false, ...(opts.payments ? { payments: opts.payments } : {}) });
  await opts.beforeListen?.(server);
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = server.app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    password,
    mailDir: join(tmp, 'outbox'),
    server,
    async login(email, pw = password) {
      const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }) });
      const body = (await res.json()) as LoginResponse & { message?: string };
      if (!res.ok) throw new Error(`login ${email}: ${res.status} ${body.message ?? ''}`);
      return body;
    },
    async close() {
      await server.close();
      if (ownDb) await db.close();
      if (dropSchema) await dropSchema();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL schema of its own on `databaseUrl` (for tests that open several servers on one database). */
export async function createTestSchema(databaseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `t_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  return {
    url: withSearchPath(databaseUrl, schema),
    async drop() {
      const d = new pg.Client({ connectionString: databaseUrl });
      await d.connect();
      await d.query(`drop schema ${schema} cascade`);
      await d.end();
    },
  };
}
