/**
 * A change the program server refuses for good ("bad input loses nothing"): a business account
 * prepared on this computer before anyone signed in is adopted by the first user who signs in — a
 * studio manager, who may not open business accounts, so the server answers 403. In Chromium
 * against the real server: the refusal is listed on the Sync screen with the server's reason and
 * counted in the window chrome, the organisations queue keeps moving, and the user can dismiss it.
 * The app itself never offers a studio manager "New business account".
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DeskApp } from './pages/DeskApp';
import { NewOrganisationPage } from './pages/NewOrganisationPage';
import { OrganisationsPage } from './pages/OrganisationsPage';
import { SyncPage } from './pages/SyncPage';
import { startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
test.beforeAll(async ({ browserName: _browser }, testInfo) => {
  testInfo.setTimeout(240_000); // a first PGlite start on a loaded machine
  server = await startE2eServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('a refused change is listed with the reason, does not block the queue, and can be dismissed', async ({ page }) => {
  test.setTimeout(150_000);
  const shots = 'test-results/refused';
  mkdirSync(shots, { recursive: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new DeskApp(page, shots);
  const newOrg = new NewOrganisationPage(page);
  const organisations = new OrganisationsPage(page);
  const sync = new SyncPage(page);

  // prepared before anyone signed in (the unclaimed local database)
  await app.open('#/organisations');
  await newOrg.startNew();
  await newOrg.chooseEvidenceKind('chamber-extract');
  await newOrg.importScan('test/fixtures/evidence/kvk-e2e.pdf');
  await expect(newOrg.field('name')).not.toHaveValue('');
  await newOrg.field('name').fill('Fotostudio Zuid B.V.');
  await newOrg.submit();

  await app.configureServer(server.url);
  await app.signIn('studio@demo.test', server.password);

  // what a studio manager cannot do is not offered
  await app.nav('Organisations');
  await expect(organisations.newLink()).toHaveCount(0);
  await app.open('#/organisations/new');
  await expect(newOrg.notForRole()).toContainText('A studio manager cannot open a business account');
  await expect(newOrg.form()).toHaveCount(0);

  // The organisation (403) and its evidence document (its organisation was refused) are refused;
  // nothing is left waiting, so neither holds up the queues.
  await expect(app.syncIndicator().locator('.refused')).toHaveText('2 changes refused by the server', { timeout: 20_000 });
  await expect(app.syncIndicator().locator('.pending')).toHaveCount(0);
  await app.nav('Sync');
  const list = sync.refusals();
  await expect(list).toBeVisible();
  const rows = sync.refusalRows();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Organisations: Fotostudio Zuid B.V.' })).toContainText('A studio manager cannot open a business account; your dealer can.');
  await expect(rows.filter({ hasText: 'kvk-e2e.pdf' })).toContainText('Its organisation was refused by the server: A studio manager cannot open a business account');
  await app.shot('sync-refused');

  await sync.dismiss(/Organisations: Fotostudio Zuid B\.V\./);
  await expect(rows).toHaveCount(1);
  await sync.dismiss(/.*kvk-e2e\.pdf/);
  await expect(list).toHaveCount(0);
  await expect(app.syncIndicator().locator('.refused')).toHaveCount(0);
  expect(errors).toEqual([]);
});
