/**
 * The server-start wait of the process tests (test/support/serverProcess.ts) with stand-in child
 * processes: it resolves on the listening line however late it comes (the test decides when the
 * stand-in prints it), and when the process exits first or the bound passes, the error says what
 * was waited for, with the output, and the process is not left running.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { waitUntilListening } from '../../support/serverProcess';

/** A Node process that runs `code`; stdin is piped so the test can talk to it. */
const standIn = (code: string) => spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'pipe'] });

describe('waitUntilListening', () => {
  it('resolves with the URL once the process prints its listening line, whenever that is', async () => {
    // Prints other lines first, then the listening line only when the test writes to its stdin.
    const child = standIn(`console.log('seeding…'); console.error('a warning'); process.stdin.once('data', () => console.log('CPS server listening on http://127.0.0.1:4601')); setInterval(() => {}, 1000);`);
    try {
      let settled = false;
      const waiting = waitUntilListening(child, 'the stand-in server').finally(() => (settled = true));
      await Promise.all([child.stdout!, child.stderr!].map((s) => new Promise<void>((r) => s.once('data', () => r()))));
      expect(settled).toBe(false);
      child.stdin!.write('go\n');
      const { url, output } = await waiting;
      expect(url).toBe('http://127.0.0.1:4601');
      expect(output()).toMatch(/seeding…/);
      expect(output()).toMatch(/a warning/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('rejects with what it waited for, the bound and the load when the bound passes, and stops the process', async () => {
    const child = standIn(`setInterval(() => {}, 1000);`);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    const error = await waitUntilListening(child, 'the stand-in server', 300).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^the stand-in server did not print "CPS server listening on <url>" within 0\.3 s \(load average [\d.]+ [\d.]+ [\d.]+ on \d+ cores; CPS_SERVER_START_MS sets the bound\); its output so far:\n/);
    expect(await exited).toBe('SIGTERM');
  });

  it('rejects at once with the exit code and the output when the process ends before listening', async () => {
    const child = standIn(`console.error('EADDRINUSE: port 4602 is taken'); process.exit(3);`);
    const t0 = Date.now();
    const error = await waitUntilListening(child, 'the stand-in server', 60_000).catch((e: Error) => e);
    expect(Date.now() - t0).toBeLessThan(30_000); // not the bound
    expect((error as Error).message).toMatch(/^the stand-in server exited \(code 3\) after [\d.]+ s, before printing "CPS server listening on <url>"; its output:\nEADDRINUSE: port 4602 is taken/);
  });
});
