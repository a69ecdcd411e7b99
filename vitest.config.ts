import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests run in Node. Browser tests live in test/e2e (Playwright) and
 * benchmarks in test/bench (run with `npm run bench:*`, never as part of `npm test`).
 *
 * Two projects (see test/README.md):
 * - `parallel`: every file but the two below, several files at a time. Most slow files wait on
 *   child processes, PostgreSQL, timers and HTTP rather than compute, so on a 2-core machine three
 *   workers finish sooner than vitest's default of cores − 1 = one. This is safe because every
 *   test server listens on a port the OS picks (port 0), works in a PostgreSQL schema of its own
 *   (test/support/testServer.ts) or a PGlite in memory, and writes to a temp folder of its own.
 * - `alone`: the files that time their own steps against real processes and restart a server on
 *   the port it had (the chaos test kills its server at 30 % and 65 % of a 20 s run and five
 *   client processes must keep up; the data folder lock test holds servers in SIGSTOP and races
 *   commands against their start-up). They run one at a time after the `parallel` files
 *   (`sequence.groupOrder`), with the machine to themselves.
 */
const alone = ['test/integration/sync/chaos.test.ts', 'test/integration/server/datalock.test.ts'];
/**
 * Files at a time in `parallel`: 3 on a 2-core machine (a clean clone on 2 cores: 1,172 tests in 498 s, against 1,095 in 685 s one file at a time), cores − 1 on
 * bigger ones; `VITEST_PARALLEL_WORKERS=n` overrides it (1: every file alone, to tell a
 * load-dependent failure from a real one).
 */
const parallelWorkers = Number(process.env.VITEST_PARALLEL_WORKERS) || Math.max(3, availableParallelism() - 1);

export default defineConfig({
  test: {
    environment: 'node',
    // Ceilings, not expectations: with 3 files sharing 2 cores each file's steps take ~1.5× as long
    // as alone, so the limits are twice what they were when files ran one at a time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'parallel', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'], exclude: alone, maxWorkers: parallelWorkers },
      },
      { extends: true, test: { name: 'alone', include: alone, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
