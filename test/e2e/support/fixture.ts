/**
 * The set-up every browser story shares, in one place:
 * - {@link test}: Playwright's `test` with the app's page models as fixtures (`app`, `counter`,
 *   `newOrg`, `detail`, `organisations`, `membership`, `invoices`, `sync`, `desk`, `bank`,
 *   `setPassword`), `pageErrors` (every uncaught error of the page, for a closing
 *   `expect(pageErrors).toEqual([])`) and the screenshot folder `test-results/<spec name>/`
 *   (`test.use({ shotsFolder: 'story-nl' })` names another).
 * - {@link useServer}: the real program server for the tests of one spec file (started before
 *   its first test, stopped after its last), optionally with extra configuration and seed data.
 *
 * A new spec:
 * ```ts
 * import { expect, test, useServer } from './support/fixture';
 * const server = useServer({ seed: async (s) => { await seedOrganisation(s, 'dealer@demo.test', { name: 'X B.V.', city: 'Utrecht' }); } });
 * test('…', async ({ app, counter, pageErrors }) => {
 *   await app.signInTo(server, 'dealer@demo.test', { waitSynced: true });
 *   …
 *   expect(pageErrors).toEqual([]);
 * });
 * ```
 */
import { mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import { test as base } from '@playwright/test';
import { BackOfficeDesk } from '../pages/BackOfficeDesk';
import { BankPanel } from '../pages/BankPanel';
import { CounterPage } from '../pages/CounterPage';
import { DeskApp } from '../pages/DeskApp';
import { InvoicesPage } from '../pages/InvoicesPage';
import { MembershipPage } from '../pages/MembershipPage';
import { NewOrganisationPage } from '../pages/NewOrganisationPage';
import { OrganisationDetailPage } from '../pages/OrganisationDetailPage';
import { OrganisationsPage } from '../pages/OrganisationsPage';
import { SetPasswordPage } from '../pages/SetPasswordPage';
import { SyncPage } from '../pages/SyncPage';
import { serverStartLimitMs, startE2eServer, type E2eServer } from './server';

export { expect } from '@playwright/test';

/** The fixtures a browser story may ask for. */
export interface DeskFixtures {
  /** Folder name under test-results/ for the story's screenshots (default: the spec file's name without `.spec.ts`). */
  shotsFolder: string;
  /** Messages of the page's uncaught errors, collected from the test's start. */
  pageErrors: string[];
  app: DeskApp;
  counter: CounterPage;
  newOrg: NewOrganisationPage;
  detail: OrganisationDetailPage;
  organisations: OrganisationsPage;
  membership: MembershipPage;
  invoices: InvoicesPage;
  sync: SyncPage;
  desk: BackOfficeDesk;
  bank: BankPanel;
  setPassword: SetPasswordPage;
}

export const test = base.extend<DeskFixtures>({
  shotsFolder: ['', { option: true }],
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
  },
  app: async ({ page, shotsFolder }, use, testInfo) => {
    const dir = `test-results/${shotsFolder || basename(testInfo.file, '.spec.ts')}`;
    mkdirSync(dir, { recursive: true });
    await use(new DeskApp(page, dir));
  },
  counter: async ({ page }, use) => use(new CounterPage(page)),
  newOrg: async ({ page }, use) => use(new NewOrganisationPage(page)),
  detail: async ({ page }, use) => use(new OrganisationDetailPage(page)),
  organisations: async ({ page }, use) => use(new OrganisationsPage(page)),
  membership: async ({ page }, use) => use(new MembershipPage(page)),
  invoices: async ({ page }, use) => use(new InvoicesPage(page)),
  sync: async ({ page }, use) => use(new SyncPage(page)),
  desk: async ({ page }, use) => use(new BackOfficeDesk(page)),
  bank: async ({ page }, use) => use(new BankPanel(page)),
  setPassword: async ({ page }, use) => use(new SetPasswordPage(page)),
});

/** How {@link useServer} starts the file's server. */
export interface ServerOptions {
  /** Extra environment for the server (e.g. `VIES_URL`), computed when the server starts (after the file's earlier `beforeAll` hooks). */
  env?: () => Record<string, string>;
  /** Writes what the file's tests expect to find on the server (through its HTTP API or CLI). */
  seed?: (server: E2eServer) => Promise<void>;
}

/** How long starting (and seeding) the file's server may take: the server's start limit (support/server.ts) and 60 s to seed. */
const serverStartMs = serverStartLimitMs + 60_000;

/**
 * Registers a `beforeAll` that starts the real program server (support/server.ts) for this spec
 * file and seeds it, and an `afterAll` that stops it. Call it at the top of the file. Returns the
 * server: its fields and methods may be used in tests and in later hooks.
 * @throws Error (when used) if the server has not been started yet, e.g. at the file's top level.
 */
export function useServer(options: ServerOptions = {}): E2eServer {
  let started: E2eServer | undefined;
  const current = (): E2eServer => {
    if (!started) throw new Error('the spec file\'s server is not started yet: use it inside a test or a later hook');
    return started;
  };
  base.beforeAll(async ({ browserName: _browser }, testInfo) => {
    testInfo.setTimeout(serverStartMs);
    started = await startE2eServer(options.env?.() ?? {});
    await options.seed?.(started);
  });
  base.afterAll(async () => {
    await started?.stop();
  });
  return {
    get url() {
      return current().url;
    },
    get password() {
      return current().password;
    },
    get dataDir() {
      return current().dataDir;
    },
    login: (email) => current().login(email),
    push: (token, collection, docs) => current().push(token, collection, docs),
    pull: (token, collection) => current().pull(token, collection),
    storedSha256: (evidenceId, token) => current().storedSha256(evidenceId, token),
    cli: (...args) => current().cli(...args),
    stop: () => current().stop(),
  };
}
