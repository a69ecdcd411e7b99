// `npm test`: builds the app, runs every vitest test (unit + integration) and every Playwright
// browser test, then prints one plain total over both runners: `N passed, N failed, N skipped`.
// Exits non-zero when anything failed or a runner could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = 0;

if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.error('build failed');
  process.exit(1);
}

rmSync('test-results/vitest.json', { force: true });
const extra = process.argv.slice(2);
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...extra]);
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + v.numTodoTests;
  if (vitestStatus !== 0 && v.numFailedTests === 0) broken++;
} else broken++;

rmSync('test-results/playwright.json', { force: true });
const pwStatus = run('npx', ['playwright', 'test']);
if (existsSync('test-results/playwright.json')) {
  const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
  totals.passed += p.stats.expected + p.stats.flaky;
  totals.failed += p.stats.unexpected;
  totals.skipped += p.stats.skipped;
  if (pwStatus !== 0 && p.stats.unexpected === 0) broken++;
} else broken++;

if (broken) console.error(`${broken} test runner(s) failed to run or report`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed || broken ? 1 : 0);
