/**
 * Integration harness: the real program server (test/support/testServer.ts, PGlite in memory or PostgreSQL
 * when DATABASE_URL is set) and desk clients (RxDB + Dexie on fake-indexeddb) running the sync
 * module, with an in-memory SecretStore for the token and a fetch that can be cut ("offline") and
 * counts requests.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { firstValueFrom, filter, timeout } from 'rxjs';
import type { RxDatabase } from 'rxdb';
import { startTestServer, type TestServer } from '../../support/testServer';
import type { CollectionName } from '../../../shared/schemas';
import type { SecretStore } from '../../../shared/platform/api';
import { startSync, type StartSyncOptions, type SyncController } from '../../../renderer/sync/replication';
import { openClientDb } from './clientDb';
import { localDoc, organisationDoc, registrationDoc } from '../../support/documents';
import { uid } from '../../support/ids';

/** SecretStore kept in memory (the Electron one encrypts with safeStorage). */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  async available() {
    return true;
  }
  async store(name: string, value: string) {
    this.values.set(name, value);
    return { stored: true } as const;
  }
  async read(name: string) {
    return this.values.get(name) ?? null;
  }
  async remove(name: string) {
    this.values.delete(name);
  }
}

/**
 * A fetch that fails like a dead network while `offline` is set, and counts requests by path
 * (all of them, and those that reached the server asking for a pull from the start: no
 * `updatedAt` checkpoint in the query).
 */
export class CuttableFetch {
  offline = false;
  readonly counts = new Map<string, number>();
  readonly fromStart = new Map<string, number>();
  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    this.counts.set(url.pathname, (this.counts.get(url.pathname) ?? 0) + 1);
    if (this.offline) throw new TypeError('fetch failed (test: network cut)');
    if (url.pathname.endsWith('/pull') && !url.searchParams.has('updatedAt')) this.fromStart.set(url.pathname, (this.fromStart.get(url.pathname) ?? 0) + 1);
    return fetch(input, init);
  };
  count(path: string): number {
    return this.counts.get(path) ?? 0;
  }
  /** Pull requests of `path` sent to the server without a checkpoint (a pull from the start). */
  countFromStart(path: string): number {
    return this.fromStart.get(path) ?? 0;
  }
}

/**
 * Pull-stream responses a test can break later, as a server restart does: `wrap` passes a
 * `/pull-stream` response through a stream this set can fail; `cut` fails every one wrapped so far.
 */
export class CuttableStreams {
  private readonly streams = new Set<TransformStreamDefaultController<Uint8Array>>();
  /** `res` unchanged unless it answers a `/pull-stream` request (`path`) with a body; else the same response, cuttable. */
  wrap(path: string, res: Response): Response {
    if (!path.endsWith('/pull-stream') || !res.body) return res;
    let ctl!: TransformStreamDefaultController<Uint8Array>;
    const cuttable = new TransformStream<Uint8Array, Uint8Array>({ start: (c) => void (ctl = c) });
    this.streams.add(ctl);
    return new Response(res.body.pipeThrough(cuttable), { status: res.status, headers: res.headers });
  }
  /** Breaks every open pull stream wrapped so far. */
  cut(): void {
    for (const c of this.streams) c.error(new TypeError('test: stream cut'));
    this.streams.clear();
  }
}

/** A document without RxDB's own fields (`_meta`, `_rev`, `_attachments`) and `_deleted`: how it compares with the server's. */
export function withoutRxFields<T extends Record<string, unknown> | undefined>(d: T): T {
  if (!d) return d;
  const { _meta: _m, _rev: _r, _attachments: _a, _deleted: _d, ...rest } = d;
  return rest as T;
}

/** One desk client: database, token store, cuttable fetch, sync controller. */
export interface DeskClient {
  db: RxDatabase;
  secrets: MemorySecretStore;
  net: CuttableFetch;
  sync: SyncController;
  unauthorizedCalls: number;
  close(): Promise<void>;
}

/** Starts the test server (PGlite unless DATABASE_URL). */
export function startServer(config: Record<string, unknown> = {}): Promise<TestServer> {
  return startTestServer({ databaseUrl: process.env.DATABASE_URL || undefined, config: { heartbeatMs: 1000, ...config } });
}

let dbCounter = 0;

/** Opens a client for `email`, signs in, and starts sync on `collections`. */
export async function openClient(
  server: { url: string; login(email: string): Promise<{ token: string }> },
  email: string,
  collections: readonly CollectionName[],
  opts: {
    name?: string;
    net?: CuttableFetch;
    signIn?: boolean;
    sync?: Partial<StartSyncOptions>;
    wrapStorage?: NonNullable<Parameters<typeof openClientDb>[2]>['wrapStorage'];
    schemas?: NonNullable<Parameters<typeof openClientDb>[2]>['schemas'];
  } = {},
): Promise<DeskClient> {
  const db = await openClientDb(opts.name ?? `client-${process.pid}-${Date.now()}-${dbCounter++}`, collections, { wrapStorage: opts.wrapStorage, schemas: opts.schemas });
  const secrets = new MemorySecretStore();
  if (opts.signIn !== false) await secrets.store('token', (await server.login(email)).token);
  const net = opts.net ?? new CuttableFetch();
  const client: DeskClient = {
    db,
    secrets,
    net,
    unauthorizedCalls: 0,
    sync: undefined as unknown as SyncController,
    async close() {
      await client.sync.stop();
      await db.close();
    },
  };
  client.sync = startSync({
    db,
    serverUrl: server.url,
    getToken: () => secrets.read('token'),
    onUnauthorized: () => client.unauthorizedCalls++,
    collections,
    fetch: net.fetch,
    backoff: { baseMs: 50, maxMs: 500 },
    waitForLeadership: false,
    ...opts.sync,
  });
  return client;
}

/** Waits until `predicate` holds for the client's status (default 10 s). */
export function statusUntil(client: DeskClient, predicate: (s: SyncController['status']) => boolean, ms = 10_000) {
  return firstValueFrom(client.sync.status$.pipe(filter(predicate), timeout(ms)));
}

export { eventually } from '../../support/wait';

/** Pulls every document of `collection` the token's user may see, straight from the server. */
export async function serverDocs(url: string, token: string, collection: CollectionName): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cp: { id: string; updatedAt: string } | null = null;
  for (;;) {
    const q = new URLSearchParams({ limit: '1000' });
    if (cp) {
      q.set('id', cp.id);
      q.set('updatedAt', cp.updatedAt);
    }
    const res = await fetch(`${url}/sync/${collection}/pull?${q}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`pull ${collection}: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { documents: Record<string, unknown>[]; checkpoint: { id: string; updatedAt: string } | null };
    out.push(...body.documents);
    if (body.documents.length < 1000) break;
    cp = body.checkpoint;
  }
  return out;
}

/** A registration the server accepts with points (EOS R1, 900 points, 12-digit serial), as the client inserts it. */
export function registration(id: string, organisationId: string, serial: string, over: Record<string, unknown> = {}) {
  return { ...localDoc(registrationDoc(organisationId, { id, productModelId: 'pm-eos-r1', serialNumber: serial, purchaseDate: '2026-10-01', dealerName: 'Foto Centrum' })), ...over };
}

/**
 * `n` registrations of `organisationId`, as a backlog typed offline: ids `<tag>-<pid>-…-<index in 5
 * digits>` (sorted as the index, as RxDB orders a bulk insert of them), serials `serialBase` plus a
 * per-run offset plus the index. Backlogs of one test file need bases 10^8 apart.
 * @param over fields to set on document `i`; `serialOf(j)` is the serial document `j` got.
 */
export function registrationBacklog(
  n: number,
  tag: string,
  serialBase: number,
  organisationId = 'org-demo-studio',
  over: (i: number, serialOf: (j: number) => string) => Record<string, unknown> = () => ({}),
) {
  const stamp = uid(tag);
  const base = serialBase + (Date.now() % 100_000) * 1000;
  const serialOf = (j: number) => String(base + j);
  return Array.from({ length: n }, (_, i) => registration(`${stamp}-${String(i).padStart(5, '0')}`, organisationId, serialOf(i), over(i, serialOf)));
}

/** An organisation draft for a dealer, as the client inserts it. */
export function organisation(id: string, dealerId: string, over: Record<string, unknown> = {}) {
  return {
    ...localDoc(organisationDoc({ id, name: `Studio ${id}`, street: 'Dorpsstraat', postcode: '1234 AB', city: 'Utrecht', vatNumber: '', chamberNumber: '', email: `${id}@example.test`, dealerId })),
    ...over,
  };
}

/** What {@link useSyncServer} gives a test file. */
export interface SyncTestEnv {
  /** The file's server (started in `beforeAll`). */
  readonly server: TestServer;
  /** Opens a client (see {@link openClient}) that is closed after the current test. */
  client(email: string, collections?: readonly CollectionName[], opts?: Parameters<typeof openClient>[3]): Promise<DeskClient>;
}

/**
 * Registers the vitest hooks every sync integration file needs: one program server for the file
 * (PGlite, or PostgreSQL with DATABASE_URL; closed in `afterAll`) and the clients a test opened
 * through `client()` closed after that test.
 */
export function useSyncServer(config: Record<string, unknown> = {}): SyncTestEnv {
  let server: TestServer | undefined;
  const open: DeskClient[] = [];
  beforeAll(async () => {
    server = await startServer(config);
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  });
  return {
    get server() {
      if (!server) throw new Error('useSyncServer: the server starts in beforeAll; use it inside a test');
      return server;
    },
    async client(email, collections = ['organisations', 'registrations'], opts = {}) {
      const c = await openClient(this.server, email, collections, opts);
      open.push(c);
      return c;
    },
  };
}
