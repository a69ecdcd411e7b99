/**
 * `npm run test:e2e` without a renderer build stops at once with a one-line reason (it used to wait
 * for Playwright's 60 s webServer timeout). Runs the real Playwright CLI on an empty build folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { missingBuildReason } from '../../e2e/support/build';

describe('browser tests without a build', () => {
  it('names the missing build, and accepts a folder with index.html', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cps-e2e-build-'));
    try {
      expect(missingBuildReason(dir)).toBe(`test:e2e: no renderer build in ${dir} (index.html missing); run \`npm run build\` first`);
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
      expect(missingBuildReason(dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('playwright test fails at once with that one line', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cps-e2e-nobuild-'));
    try {
      const started = Date.now();
      const r = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', 'test/e2e/evidence.spec.ts'], {
        env: { ...process.env, E2E_BUILD_DIR: empty, E2E_PORT: '4299' },
        encoding: 'utf8',
        timeout: 50_000,
      });
      const seconds = (Date.now() - started) / 1000;
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toContain(`test:e2e: no renderer build in ${empty} (index.html missing); run \`npm run build\` first`);
      expect(seconds, 'no wait for the webServer timeout').toBeLessThan(30);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
