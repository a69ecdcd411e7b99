/**
 * Waiting for a program server started as a child process (server/cli.ts) to be ready (helper of
 * the process, chaos and CLI tests; not a test file). The readiness signal is the line
 * `CPS server listening on <url>` that server/cli.ts prints once the database is open, migrated and
 * seeded and the HTTP server listens — not a fixed sleep and not a poll of a port that may not be
 * the server's yet.
 *
 * The bound, {@link serverStartLimitMs}, is set for a loaded machine: the start is CPU-bound (tsx
 * compiles the server, PGlite loads its data folder), so it stretches with the load average over the
 * cores. On the 2-core CI machine with load 13–16, a start on a seeded PGlite folder took 31–37 s
 * and one that creates the database (initdb, migrations, seed) 124 s; at load 25 the first is
 * ≈ 70 s, past the old 60 s. 180 s covers the seeded start to a load of about 60 and is the bound
 * the end-to-end server start already uses (test/e2e/support/server.ts); tests that would create a
 * database start from a seeded copy instead (testServer.ts `createTestDataFolder`).
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

/** How long a server start may take, in ms: 180 s, or `CPS_SERVER_START_MS` when set (see module doc). */
export const serverStartLimitMs = Number(process.env.CPS_SERVER_START_MS) || 180_000;

/** The line server/cli.ts prints when it listens, with the URL. */
const listeningLine = /CPS server listening on (http:\/\/\S+)/;

/**
 * Resolves with the server's URL once `child` (server/cli.ts with stdout and stderr piped) prints
 * its listening line; `output()` returns everything it printed so far, then and later.
 * `what` names the server in the error messages (e.g. "the chaos test's server (PGlite)").
 * @throws Error when the process exits first (its exit code or signal and its output), or when
 *   `timeoutMs` (default {@link serverStartLimitMs}) passes first: the message says what was waited
 *   for, how long, the load average and the output; the process is then sent SIGTERM.
 */
export function waitUntilListening(child: ChildProcess, what: string, timeoutMs = serverStartLimitMs): Promise<{ url: string; output(): string }> {
  let out = '';
  const onData = (d: Buffer) => {
    out += String(d);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const output = () => out;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    const check = () => {
      const m = listeningLine.exec(out);
      if (!m) return;
      finish();
      resolve({ url: m[1]!, output });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish();
      reject(new Error(`${what} exited (${signal ? `signal ${signal}` : `code ${code}`}) after ${((Date.now() - t0) / 1000).toFixed(1)} s, before printing "CPS server listening on <url>"; its output:\n${out}`));
    };
    const timer = setTimeout(() => {
      finish();
      const load = loadavg()
        .map((x) => x.toFixed(1))
        .join(' ');
      child.kill('SIGTERM');
      reject(
        new Error(
          `${what} did not print "CPS server listening on <url>" within ${timeoutMs / 1000} s (load average ${load} on ${cpus().length} cores; CPS_SERVER_START_MS sets the bound); its output so far:\n${out}`,
        ),
      );
    }, timeoutMs);
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', onExit);
    check();
  });
}
