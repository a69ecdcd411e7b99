/**
 * Scale-out: two server processes on one PostgreSQL database. A write through process A reaches a
 * pull-stream client of process B within 1 s (LISTEN/NOTIFY on `cps_changes`). PostgreSQL only:
 * PGlite is one process by design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, startTestServer, type TestServer } from '../../support/testServer';
import { openDatabase, type Db } from '../../../server/db';
import { client, databaseUrl, organisationDoc, readStream } from './helpers';
import { startServerProcess, type ServerProcess } from './processes';
import { serverStartLimitMs } from '../../support/serverProcess';

if (!databaseUrl) console.warn('DATABASE_URL is not set: the two-process scale-out test needs PostgreSQL and is skipped.');

describe.skipIf(!databaseUrl)('two server processes on one PostgreSQL', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let db: Db;
  let a: TestServer;
  let b: ServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl!);
    db = await openDatabase({ databaseUrl: schema.url });
    a = await startTestServer({ db });
    dataDir = mkdtempSync(join(tmpdir(), 'cps-scaleout-'));
    b = await startServerProcess({ DATABASE_URL: schema.url, DATA_DIR: dataDir, CPS_DEMO_PASSWORD: a.password });
  }, serverStartLimitMs + 30_000); // server B's start is bounded on its own (test/support/serverProcess.ts)
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await db?.close();
    await schema?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a write on A to a stream client on B within 1 s', async () => {
    const tokenB = (await (await fetch(`${b.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dealer@demo.test', password: a.password }) })).json()) as { token: string };
    const writer = client(a.url, (await a.login('dealer@demo.test')).token);
    const latencies: number[] = [];
    for (let round = 0; round < 3; round++) {
      const org = organisationDoc();
      let sentAt = 0;
      const res = await readStream(`${b.url}/sync/organisations/pull-stream`, tokenB.token, {
        timeoutMs: 5000,
        onOpen: async () => {
          sentAt = Date.now();
          const r = await writer.push('organisations', [{ assumedMasterState: null, newDocumentState: org }]);
          expect(r.status).toBe(200);
        },
        until: (ev) => ev.some((e) => typeof e === 'object' && (e as { documents: { id: string }[] }).documents.some((d) => d.id === org.id)),
      });
      const got = res.events.some((e) => typeof e === 'object' && (e as { documents: { id: string }[] }).documents.some((d) => d.id === org.id));
      expect(got).toBe(true);
      latencies.push(Date.now() - sentAt);
    }
    console.log(`scale-out: write on A → stream on B latencies (ms, incl. the push round trip): ${latencies.join(', ')}`);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });
});
