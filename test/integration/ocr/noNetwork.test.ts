import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const block = resolve('test/integration/ocr/netblock.mjs');

/** Runs a command under the network blocker; returns its result and the recorded attempts. */
function underBlock(args: string[]): { status: number | null; stdout: string; stderr: string; attempts: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ocr-net-'));
  const log = join(dir, 'attempts.log');
  const r = spawnSync(process.execPath, ['--import', block, '--import', 'tsx', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NETBLOCK_LOG: log },
    timeout: 240_000,
  });
  const attempts = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, attempts };
}

describe('no request leaves the machine during OCR', () => {
  it('the blocker catches a connection attempt (control)', () => {
    const r = underBlock(['-e', "fetch('http://127.0.0.1:9/x').catch(() => {}); require('node:net').connect(9, '127.0.0.1').on('error', () => {});"]);
    expect(r.attempts.length).toBeGreaterThanOrEqual(1);
  });

  it('OCR of the scanned KvK extract runs with every connection blocked and makes none', () => {
    const r = underBlock(['tools/ocr/cli.ts', 'test/fixtures/evidence/kvk-e2e.pdf', '--json', '--lang', 'nld+eng']);
    expect(r.stderr).not.toMatch(/network blocked/);
    expect(r.attempts).toEqual([]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { kind: string; fields: Record<string, { value: string }>; pages: { source: string }[] };
    const truth = JSON.parse(readFileSync('test/fixtures/evidence/kvk-e2e.json', 'utf8')) as { fields: Record<string, { value: string }> };
    expect(out.pages[0]!.source).toBe('ocr');
    expect(out.kind).toBe('chamber-extract');
    expect(out.fields.chamberNumber?.value).toBe(truth.fields.chamberNumber!.value);
    expect(out.fields.vatNumber?.value).toBe(truth.fields.vatNumber!.value);
  }, 240_000);
});
