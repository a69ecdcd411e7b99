import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests run in Node. Browser tests live in test/e2e (Playwright) and
 * benchmarks in test/bench (run with `npm run bench:*`, never as part of `npm test`).
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
