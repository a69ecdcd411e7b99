/**
 * The back-office CLI on the embedded PGlite: without a running server it opens the data folder
 * itself; while a server runs on that folder (PGlite allows one process) it goes through the
 * server's HTTP routes with the local token from `<DATA_DIR>/server.json`. The card charge job in
 * demo mode needs the running server (its payment stand-in holds the saved cards).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startServerProcess } from './processes';
import { createTestDataFolder, testPassword } from '../../support/testServer';

describe('back-office CLI with PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cps-cli-'));
  const env = { DATA_DIR: dataDir, CPS_DEMO_PASSWORD: testPassword, DATABASE_URL: '' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('works directly on the data folder, through a running server, and directly again after it stopped', async () => {
    const usage = await runCli(['reject-organisation', 'some-id'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--reason/);

    await createTestDataFolder(join(dataDir, 'pglite')); // skips initdb; the server and CLI only reopen it
    const direct = await runCli(['list-pending'], env);
    expect(direct.code).toBe(0);
    expect(JSON.parse(direct.stdout)).toEqual([]);

    // The card charge job (server/payments/commands.ts): in demo mode the saved cards are in the
    // running server's stand-in, so without a server it is refused; with Stripe it runs directly,
    // and the clock cannot be set against the real provider.
    expect((await runCli(['charge-due-invoices', '--as-of', '15-01-2027'], env)).code).toBe(2);
    const noServer = await runCli(['charge-due-invoices'], env);
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toMatch(/demo mode \(CARD_PROVIDER=demo\).*no server runs.*start it \(npm run server\)/);
    const stripe = { ...env, CARD_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_cli', STRIPE_WEBHOOK_SECRET: 'whsec_cli', STRIPE_API_BASE: 'http://127.0.0.1:9' };
    const clock = await runCli(['charge-due-invoices', '--as-of', '2027-01-15'], stripe);
    expect(clock.code).toBe(1);
    expect(clock.stderr).toMatch(/asOf is accepted in demo mode only/);

    const server = await startServerProcess(env);
    try {
      expect(existsSync(join(dataDir, 'server.json'))).toBe(true);
      const csv = join(dataDir, 'legacy.csv');
      writeFileSync(csv, 'legacyEmail,productModelId,serialNumber,purchaseDate,purchaseCountry,dealerName\nold@example.test,pm-eos-r5,123123123123,2021-01-01,NL,Old\n');
      const imported = await runCli(['import-legacy', csv], env);
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toEqual({ imported: 1, skipped: 0 });
      const refused = await runCli(['mark-invoice-paid', '2026-999999'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/invoice 2026-999999 does not exist/);
      const charged = await runCli(['charge-due-invoices', '--as-of', '2027-01-15'], env);
      expect(charged.code).toBe(0);
      expect(JSON.parse(charged.stdout)).toEqual({ paid: [], retrying: [], failed: [] }); // through the server: its stand-in, its clock
      const audit = JSON.parse((await runCli(['audit', '5'], env)).stdout) as { action: string; actor: string }[];
      expect(audit.find((e) => e.action === 'import-legacy')?.actor).toBe('cli@system.local'); // went through the server
    } finally {
      await server.stop();
    }
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    const after = await runCli(['audit', '20'], env);
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as { action: string }[]).some((e) => e.action === 'import-legacy')).toBe(true);
  }, 180_000);
});

describe('first start from the command line', () => {
  const root = mkdtempSync(join(tmpdir(), 'cps-cli-first-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a busy port with one line and exit 1, before creating the data folder', async () => {
    const blocker = createServer();
    await new Promise<void>((res) => blocker.listen({ host: '127.0.0.1', port: 0 }, res));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dataDir = join(root, 'busy');
      const r = await runCli([], { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: '', CPS_DEMO_PASSWORD: '' });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`port ${port} on 127.0.0.1 is in use; set PORT=… to another port (PORT=0: any free port) or stop the program using it`);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((res) => blocker.close(res));
    }
  }, 60_000);

  it('a command that seeds a fresh data folder announces the slow step and prints the generated demo password, which then logs in', async () => {
    const dataDir = join(root, 'fresh');
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', CPS_DEMO_PASSWORD: '' };
    const first = await runCli(['list-pending'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([]); // notices stay off stdout
    expect(first.stderr).toContain(`creating the database in ${join(dataDir, 'pglite')} (first start takes a few seconds)`);
    const password = /generated password: (\S+)/.exec(first.stderr)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);

    const again = await runCli(['list-pending'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/creating the database|generated password/);

    const server = await startServerProcess(env);
    try {
      expect(server.output()).not.toMatch(/creating the database|generated password/);
      const login = async (pw: string) =>
        (await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'office@demo.test', password: pw }) })).status;
      expect(await login(password!)).toBe(200);
      expect(await login('wrong-password')).toBe(401);
    } finally {
      await server.stop();
    }
  }, 240_000);
});
