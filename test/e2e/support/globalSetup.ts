/**
 * Playwright global set-up: creates ONE migrated and seeded PGlite data folder (demo logins with
 * the e2e password) before the specs run, and points `E2E_DATA_TEMPLATE` at it; every spec's server
 * (support/server.ts) starts on a copy of it instead of creating its database itself (initdb, the
 * migrations and the seed: ~25 s of CPU per server). The folder is made by the back-office CLI as a
 * user would (`server/cli.ts list-pending` creates the database on a fresh DATA_DIR), not imported
 * from test/support (Playwright's loader cannot import its JSON). Removed by the returned teardown.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { e2eDemoPassword, serverStartLimitMs } from './server';

export default async function globalSetup(): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'cps-e2e-template-'));
  const env = { ...process.env, DATA_DIR: root, CPS_DEMO_PASSWORD: e2eDemoPassword, DATABASE_URL: '', LOG_LEVEL: 'warn' };
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'list-pending'], { env, cwd: process.cwd(), timeout: serverStartLimitMs });
  process.env.E2E_DATA_TEMPLATE = join(root, 'pglite');
  return () => rmSync(root, { recursive: true, force: true });
}
