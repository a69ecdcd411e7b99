import { defineConfig } from '@playwright/test';
import { e2eBuildDir, missingBuildReason } from './test/e2e/support/build';

/**
 * Browser tests drive Debian's Chromium (/usr/bin/chromium); no test tool downloads a browser.
 * The renderer is served from its production build (`out/renderer`, built by `npm test` first)
 * by `vite preview`. Screenshots go to test-results/.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Port of the `vite preview` server the tests load the app from; E2E_PORT lets two checkouts test at once. */
const port = Number(process.env.E2E_PORT ?? 4173);
// No build: say so in one line and stop now, not after the webServer's 60 s timeout.
const noBuild = missingBuildReason(e2eBuildDir);
if (noBuild) {
  console.error(noBuild);
  process.exit(1);
}
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // One seeded data folder for every spec's server to start from (a copy each).
  globalSetup: './test/e2e/support/globalSetup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `npx vite preview --config vite.config.ts --outDir ${e2eBuildDir} --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
