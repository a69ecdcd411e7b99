/**
 * One process per PGlite data folder, with real processes on one temporary DATA_DIR: a second
 * server exits naming the holder's pid (also while the holder is stopped with SIGSTOP); a
 * back-office command finds a starting server through the lock, waits and talks to it, so the
 * database is created and seeded once; a lock left by a SIGKILLed server is taken over. The lock
 * module's takeover rules are checked in-process too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli, startServerProcess } from './processes';
import { createTestDataFolder, testPassword } from '../../support/testServer';
import { eventually } from '../../support/wait';
import { acquireDataFolderLock, dataFolderHolder, heldMessage, lockFileName, processStartTime } from '../../../server/datalock';

const root = mkdtempSync(join(tmpdir(), 'cps-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid in the folder's lock: the server's own process (the spawned child is tsx's launcher, whose child runs the server). */
const lockPid = (dataDir: string): number => (JSON.parse(readFileSync(join(dataDir, lockFileName), 'utf8')) as { pid: number }).pid;

/** The pid of a process that has exited. */
const deadPid = (): Promise<number> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, ['-e', '0']);
    p.on('exit', () => resolve(p.pid!));
  });

describe('the data folder lock (in-process)', () => {
  it('is exclusive, names its holder, is released, and a stale lock (dead pid, or a reused pid) is taken over', async () => {
    const dir = join(root, 'unit');
    const a = acquireDataFolderLock(dir, 'command');
    expect(a.acquired).toBe(true);
    if (!a.acquired) return;
    expect(dataFolderHolder(dir)).toMatchObject({ pid: process.pid, role: 'command' });
    a.lock.release();
    expect(existsSync(join(dir, lockFileName))).toBe(false);

    // Dead holder.
    const stale = { pid: await deadPid(), role: 'server', host: hostname(), procStart: null, startedAt: '2026-01-01T00:00:00Z', nonce: 'x' };
    writeFileSync(join(dir, lockFileName), JSON.stringify(stale));
    expect(dataFolderHolder(dir)).toBeNull();
    const b = acquireDataFolderLock(dir, 'server');
    expect(b.acquired).toBe(true);
    if (b.acquired) b.lock.release();

    // A live process (the test runner's parent) with another start time: its pid was reused, the lock is stale.
    const parentStart = processStartTime(process.ppid);
    if (parentStart !== null) {
      writeFileSync(join(dir, lockFileName), JSON.stringify({ ...stale, pid: process.ppid, procStart: String(Number(parentStart) + 1) }));
      expect(dataFolderHolder(dir)).toBeNull();
      writeFileSync(join(dir, lockFileName), JSON.stringify({ ...stale, pid: process.ppid, procStart: parentStart }));
      const held = acquireDataFolderLock(dir, 'command');
      expect(held).toMatchObject({ acquired: false, holder: { pid: process.ppid, role: 'server' } });
      if (!held.acquired) expect(heldMessage(dir, held.holder)).toBe(`the data folder ${dir} is in use by a running server (pid ${process.ppid}); only one process may open it — stop that process or set DATA_DIR to another folder`);
    } else {
      console.warn('no /proc here: the reused-pid check is skipped');
    }
  });
});

describe('one process per data folder (real processes, PGlite)', () => {
  it('a back-office command started while the server is still creating the database waits for it and goes through it; the database is seeded once', async () => {
    const dataDir = join(root, 'fresh');
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', CPS_DEMO_PASSWORD: '' };
    const starting = startServerProcess(env, 200_000);
    let cmd: Awaited<ReturnType<typeof runCli>>;
    try {
      await eventually('the lock file', () => existsSync(join(dataDir, lockFileName)), 60_000); // the server took the folder, initdb runs
      // Hold the server in its start-up (stopped) until the command is waiting, so the order never depends on load.
      const pid = lockPid(dataDir);
      process.kill(pid, 'SIGSTOP');
      try {
        const running = startCli(['list-pending'], env);
        await eventually('the command to wait', () => /waiting for the server/.test(running.stderr()), 120_000);
        process.kill(pid, 'SIGCONT');
        cmd = await running.done;
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    } catch (err) {
      await (await starting.catch(() => null))?.stop();
      throw err;
    }
    const server = await starting;
    try {
      expect(cmd.code, cmd.stderr).toBe(0);
      expect(JSON.parse(cmd.stdout)).toEqual([]);
      expect(cmd.stderr).toMatch(new RegExp(`waiting for the server \\(pid ${lockPid(dataDir)}\\)`));
      expect(cmd.stderr).not.toMatch(/generated password|creating the database/);
      const passwords = [...server.output().matchAll(/generated password: (\S+)/g)].map((m) => m[1]);
      expect(passwords).toHaveLength(1);
      const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'office@demo.test', password: passwords[0] }) });
      expect(login.status).toBe(200);
    } finally {
      await server.stop();
    }
    // Released on shutdown, or — when tsx's signal relay gave up on a loaded machine and killed the
    // server — left with a dead pid, which counts as free.
    expect(dataFolderHolder(dataDir)).toBeNull();
  }, 300_000);

  it('a second server exits with one line naming the holder, even while the holder is stopped (SIGSTOP); a command waits for the stopped server and finishes once it resumes', async () => {
    const dataDir = join(root, 'stop');
    await createTestDataFolder(join(dataDir, 'pglite'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', CPS_DEMO_PASSWORD: testPassword };
    const a = await startServerProcess(env, 150_000);
    const pid = lockPid(dataDir);
    try {
      const expected = `the data folder ${dataDir} is in use by a running server (pid ${pid}); only one process may open it — stop that process or set DATA_DIR to another folder`;
      process.kill(pid, 'SIGSTOP');
      try {
        const whileStopped = await runCli([], env);
        expect(whileStopped.code).toBe(1);
        expect(whileStopped.stderr.trim()).toBe(expected);
        const cmd = startCli(['audit', '5'], env);
        await eventually('the command to wait', () => new RegExp(`waiting for the server \\(pid ${pid}\\)`).test(cmd.stderr()), 120_000);
        await new Promise((r) => setTimeout(r, 1000));
        expect(cmd.exitCode()).toBeNull(); // still waiting while the server is stopped
        process.kill(pid, 'SIGCONT');
        const done = await cmd.done;
        expect(done.code, done.stderr).toBe(0);
        expect(Array.isArray(JSON.parse(done.stdout))).toBe(true);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    } finally {
      await a.stop();
    }
  }, 300_000);

  it('a lock left by a SIGKILLed server is taken over: a command opens the folder itself, then a new server starts on it', async () => {
    const dataDir = join(root, 'kill');
    await createTestDataFolder(join(dataDir, 'pglite'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', CPS_DEMO_PASSWORD: testPassword };
    const a = await startServerProcess(env, 150_000);
    const pid = lockPid(dataDir);
    const exited = new Promise((r) => a.child.once('exit', r));
    process.kill(pid, 'SIGKILL');
    await exited;
    expect(JSON.parse(readFileSync(join(dataDir, lockFileName), 'utf8'))).toMatchObject({ pid, role: 'server' }); // left behind
    expect(existsSync(join(dataDir, 'server.json'))).toBe(true); // so is the runtime file

    const cmd = await runCli(['list-pending'], env);
    expect(cmd.code, cmd.stderr).toBe(0);
    expect(cmd.stderr).not.toMatch(/waiting/);
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);

    const b = await startServerProcess(env, 150_000);
    try {
      const login = await fetch(`${b.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'office@demo.test', password: testPassword }) });
      expect(login.status).toBe(200);
      expect(lockPid(dataDir)).not.toBe(pid);
    } finally {
      await b.stop();
    }
  }, 300_000);
});
