/**
 * The first three steps of the dealer's day in the real desktop app (Electron): sign in, go
 * offline, import the KvK extract through the native open dialog (stubbed in the main process to
 * return the fixture's path) and check the filled form. Needs the Electron binary, which
 * `ELECTRON_SKIP_BINARY_DOWNLOAD=1` installs leave out: then it skips with the reason printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { NewOrganisationPage } from './pages/NewOrganisationPage';
import { SettingsPage } from './pages/SettingsPage';
import { startE2eServer, type E2eServer } from './support/server';

const electronDist = join(process.cwd(), 'node_modules', 'electron', 'dist');
const hasBinary = existsSync(electronDist) && existsSync(join(process.cwd(), 'node_modules', 'electron', 'path.txt'));
if (!hasBinary) console.warn(`[skip] Electron story: no Electron binary at ${electronDist} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).`);
test.skip(!hasBinary, 'Electron binary absent (ELECTRON_SKIP_BINARY_DOWNLOAD=1 install)');

const truth = JSON.parse(readFileSync('test/fixtures/evidence/kvk-e2e.json', 'utf8')) as { fields: Record<string, { value: string }> };
let server: E2eServer;
test.beforeAll(async () => {
  server = await startE2eServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('desktop: sign in, go offline, import the KvK extract', async ({ browserName: _b }, testInfo) => {
  test.setTimeout(180_000);
  const app = await electron.launch({ args: ['.', `--user-data-dir=${testInfo.outputPath('user-data')}`, '--no-sandbox'], cwd: process.cwd() });
  try {
    const fixture = resolve('test/fixtures/evidence/kvk-e2e.pdf');
    await app.evaluate(({ dialog }, path) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
    }, fixture);
    const page = await app.firstWindow();
    await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 30_000 });
    const settings = new SettingsPage(page);
    const newOrg = new NewOrganisationPage(page);
    await page.evaluate(() => (window.location.hash = '/settings'));
    await settings.setServer(server.url);
    await settings.signIn('dealer@demo.test', server.password);
    await page.screenshot({ path: 'test-results/story-electron/01-signed-in.png' });
    await app.context().setOffline(true);
    await page.evaluate(() => (window.location.hash = '/organisations/new'));
    await newOrg.chooseEvidenceKind('chamber-extract');
    await newOrg.clickImport();
    await expect(newOrg.ocrStatus()).not.toBeEmpty({ timeout: 90_000 });
    for (const name of ['name', 'street', 'postcode', 'city', 'vatNumber', 'chamberNumber']) await expect(newOrg.field(name)).toHaveValue(truth.fields[name]!.value);
    await page.screenshot({ path: 'test-results/story-electron/02-kvk-imported.png' });
  } finally {
    await app.close();
  }
});
