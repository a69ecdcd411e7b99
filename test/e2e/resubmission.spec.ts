/**
 * A rejected business account submitted again, in Chromium against the real server: a dealer
 * opens an account from a scan (real OCR) with a wrong city; the scan uploads (tus). The back
 * office rejects it with a reason. The dealer sees the reason, is offered neither gear
 * registration nor sign-up, corrects the city, attaches a new scan with "Replace document…"
 * (uploaded for real) and submits the same account again. The back office sees it marked as
 * submitted again, with why it was rejected and the history, reads the new scan and validates;
 * the dealer is then offered gear registration and sign-up.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DeskApp } from './pages/DeskApp';
import { NewOrganisationPage } from './pages/NewOrganisationPage';
import { OrganisationDetailPage } from './pages/OrganisationDetailPage';
import { BackOfficeDesk } from './pages/BackOfficeDesk';
import { startE2eServer, type E2eServer } from './support/server';

const scanPath = 'test/fixtures/evidence/kvk-e2e.pdf';
const replacementPath = 'test/fixtures/evidence/nl-kvk-serif.pdf';
const orgName = 'Fotostudio Lichtval B.V.';
const reason = 'de plaats in de aanvraag klopt niet met het uittreksel';

let server: E2eServer;
test.beforeAll(async () => {
  test.setTimeout(240_000); // the server's first start creates its database
  server = await startE2eServer({ VIES_URL: 'off' });
});
test.afterAll(async () => {
  await server?.stop();
});

const sha256Of = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** SHA-256 (hex) of the evidence document's file as stored on the server, or null while none is stored. */
async function storedSha256(evidenceId: string, token: string): Promise<string | null> {
  const res = await fetch(`${server.url}/evidence/${encodeURIComponent(evidenceId)}/file`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
  return res.ok ? res.headers.get('x-evidence-sha256') : null;
}

test('back office rejects with a reason; the dealer corrects a field, attaches a new scan and submits again; the back office sees the resubmission and validates', async ({ page }) => {
  test.setTimeout(300_000);
  const shots = 'test-results/resubmission';
  mkdirSync(shots, { recursive: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new DeskApp(page, shots);
  const newOrg = new NewOrganisationPage(page);
  const orgs = new OrganisationDetailPage(page);
  const desk = new BackOfficeDesk(page);

  // The dealer opens the account from the scan, with a wrong city; it syncs and the scan uploads.
  await app.configureServer(server.url);
  await app.signIn('dealer@demo.test', server.password);
  await app.waitSynced(30_000);
  await app.nav('Organisations');
  await newOrg.startNew();
  await newOrg.chooseEvidenceKind('chamber-extract');
  await newOrg.importScan(scanPath);
  await expect(newOrg.field('name')).toHaveValue(orgName);
  await newOrg.field('email').fill(`lichtval-${Date.now()}@example.test`);
  await newOrg.field('city').fill('Amstelveen');
  await newOrg.submit();
  const organisationId = await orgs.currentId();
  await app.waitSynced(30_000);
  const evidenceItem = page.locator('.evidence-files li[data-evidence-id]');
  await expect(evidenceItem.locator('[data-upload-state]')).toHaveAttribute('data-upload-state', 'stored', { timeout: 60_000 });
  const evidenceId = (await evidenceItem.getAttribute('data-evidence-id'))!;
  const dealerToken = (await server.login('dealer@demo.test')).token;

  // The back office rejects it with a reason.
  await app.signOutKeeping();
  await app.signIn('office@demo.test', server.password);
  await app.nav('Desk');
  await expect(desk.queueRow(orgName)).toBeVisible();
  await expect(desk.resubmittedMark(orgName)).toHaveCount(0);
  await desk.openFromQueue(orgName);
  await desk.decide(/^Reject$/, 'mismatch', reason);
  await expect(desk.decisionMessage()).toContainText(/rejected/i);
  await app.shot('rejected');

  // The dealer sees why, is not offered gear registration or sign-up, corrects and submits again.
  await app.signOutKeeping();
  await app.signIn('dealer@demo.test', server.password);
  await page.goto(`/index.html#/organisations/${organisationId}`);
  await expect(page.locator('.organisation-detail .screen-head [data-status="rejected"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.organisation-detail')).toContainText(reason);
  await expect(orgs.registerGearAction()).toHaveCount(0);
  await expect(orgs.signUpAction()).toHaveCount(0);
  await expect(orgs.correctionField('city')).toHaveValue('Amstelveen');
  await orgs.correctionField('city').fill('Amsterdam');
  await orgs.replaceDocument('kvk-e2e.pdf', replacementPath);
  await expect.poll(() => storedSha256(evidenceId, dealerToken), { timeout: 60_000 }).toBe(sha256Of(replacementPath));
  await app.shot('corrected');
  await orgs.submitAgain();
  await expect(page.locator('.organisation-detail .screen-head [data-status="pending-validation"]')).toBeVisible();
  await app.waitSynced(30_000);
  const pulled = (await (await fetch(`${server.url}/sync/organisations/pull?limit=1000`, { headers: { authorization: `Bearer ${dealerToken}` } })).json()) as { documents: { id: string; status: string; city: string }[] };
  expect(pulled.documents.find((d) => d.id === organisationId)).toMatchObject({ status: 'pending-validation', city: 'Amsterdam' });
  await app.shot('submitted-again');

  // The back office sees the resubmission and why it was rejected, reads the new scan, validates.
  await app.signOutKeeping();
  await app.signIn('office@demo.test', server.password);
  await app.nav('Desk');
  await expect(desk.resubmittedMark(orgName)).toBeVisible();
  await desk.openFromQueue(orgName);
  await expect(desk.resubmissionNotice()).toContainText(reason);
  await expect(desk.resubmissionNotice()).toContainText('office@demo.test');
  await expect(desk.history()).toContainText('rejected');
  await expect(desk.history()).toContainText('submitted the account again');
  await expect(desk.comparisonRow('city')).toContainText('Amsterdam');
  await expect(desk.comparisonRow('chamberNumber')).toContainText('29171136'); // read from the new scan
  await app.shot('review-resubmission');
  await desk.decide(/^Validate$/);
  await expect(desk.decisionMessage()).toContainText('Validated.');

  // Validated: the dealer is offered gear registration and sign-up.
  await app.signOutKeeping();
  await app.signIn('dealer@demo.test', server.password);
  await page.goto(`/index.html#/organisations/${organisationId}`);
  await expect(page.locator('.organisation-detail .screen-head [data-status="validated"]')).toBeVisible({ timeout: 30_000 });
  await expect(orgs.registerGearAction()).toBeVisible();
  await expect(orgs.signUpAction()).toBeVisible();
  await expect(orgs.correctionField('city')).toHaveCount(0);
  expect(errors).toEqual([]);
});
