/**
 * Starts `server/cli.ts` as a real child process (helper of the scale-out and CLI tests; not a
 * test file). Resolves when it prints its listening line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serverStartLimitMs, waitUntilListening } from '../../support/serverProcess';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const tsxCli = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

/** A back-office command running in its own process (see {@link startCli}). */
export interface CliProcess {
  /** Its exit code (-1 when killed by a signal) and everything it printed; rejects when it could not be started. */
  done: Promise<{ code: number; stdout: string; stderr: string }>;
  /** What it has printed on stderr so far. */
  stderr(): string;
  /** Its exit code, null while it runs. */
  exitCode(): number | null;
}

/**
 * Starts `node --import tsx server/cli.ts …args` with `env` and lets the caller watch its stderr
 * while it runs. One Node process, not tsx's launcher and its child: a command gets no signal, so
 * it needs no relay, and each run costs ~0.6 s less CPU (the CLI tests start about twenty).
 */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const p = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += String(d)));
  p.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { done, stderr: () => stderr, exitCode: () => p.exitCode };
}

/** Runs a back-office command to its end (see {@link startCli}); returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return startCli(args, env).done;
}

/** A server running in its own process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
}

/**
 * Starts the server in a child process with `env` (PORT=0 picks a free port) and resolves once it
 * prints its listening line (test/support/serverProcess.ts), within `timeoutMs` (default
 * `serverStartLimitMs`, a bound for a loaded machine).
 * @throws Error saying what was waited for, with the server's output, when it exits first or the bound passes.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = serverStartLimitMs): Promise<ServerProcess> {
  const child = spawn(process.execPath, [tsxCli, 'server/cli.ts'], { cwd: repoRoot, env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // On the bound, SIGTERM: tsx passes it on to the server process (a SIGKILL would leave that one running).
  const { url, output } = await waitUntilListening(child, `the server process (server/cli.ts, PORT=${env.PORT ?? '0'})`, timeoutMs);
  return {
    url,
    child,
    output,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}
