/**
 * A rejected business account submitted again, in Chromium against the real server: a dealer
 * opens an account from a scan (real OCR) with a wrong city; the scan uploads (tus). The back
 * office rejects it with a reason. The dealer sees the reason, is offered neither gear
 * registration nor sign-up, corrects the city, attaches a new scan with "Replace document…"
 * (uploaded for real) and submits the same account again. The back office sees it marked as
 * submitted again, with why it was rejected and the history, reads the new scan and validates;
 * the dealer is then offered gear registration and sign-up.
 */
import { expect, test, useServer } from './support/fixture';
import { sha256Of } from './support/seed';

const scanPath = 'test/fixtures/evidence/kvk-e2e.pdf';
const replacementPath = 'test/fixtures/evidence/nl-kvk-serif.pdf';
const orgName = 'Fotostudio Lichtval B.V.';
const reason = 'de plaats in de aanvraag klopt niet met het uittreksel';

const server = useServer({ env: () => ({ VIES_URL: 'off' }) });

test('back office rejects with a reason; the dealer corrects a field, attaches a new scan and submits again; the back office sees the resubmission and validates', async ({ app, newOrg, detail: orgs, desk, pageErrors }) => {
  test.setTimeout(300_000);

  // The dealer opens the account from the scan, with a wrong city; it syncs and the scan uploads.
  await app.signInTo(server, 'dealer@demo.test', { waitSynced: true });
  await app.nav('Organisations');
  await newOrg.startFromScan('chamber-extract', scanPath);
  await expect(newOrg.field('name')).toHaveValue(orgName);
  await newOrg.field('email').fill(`lichtval-${Date.now()}@example.test`);
  await newOrg.field('city').fill('Amstelveen');
  await newOrg.submit();
  const organisationId = await orgs.currentId();
  await app.waitSynced(30_000);
  const evidenceItem = orgs.evidenceItems();
  await expect(orgs.evidenceUploadStates()).toHaveAttribute('data-upload-state', 'stored', { timeout: 60_000 });
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
  await orgs.open(organisationId);
  await expect(orgs.statusBadge('rejected')).toBeVisible({ timeout: 30_000 });
  await expect(orgs.screen()).toContainText(reason);
  await expect(orgs.registerGearAction()).toHaveCount(0);
  await expect(orgs.signUpAction()).toHaveCount(0);
  await expect(orgs.correctionField('city')).toHaveValue('Amstelveen');
  await orgs.correctionField('city').fill('Amsterdam');
  await orgs.replaceDocument('kvk-e2e.pdf', replacementPath);
  await expect.poll(() => server.storedSha256(evidenceId, dealerToken), { timeout: 60_000 }).toBe(sha256Of(replacementPath));
  await app.shot('corrected');
  await orgs.submitAgain();
  await expect(orgs.statusBadge('pending-validation')).toBeVisible();
  await app.waitSynced(30_000);
  const pulled = await server.pull(dealerToken, 'organisations');
  expect(pulled.find((d) => d.id === organisationId)).toMatchObject({ status: 'pending-validation', city: 'Amsterdam' });
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
  await orgs.open(organisationId);
  await expect(orgs.statusBadge('validated')).toBeVisible({ timeout: 30_000 });
  await expect(orgs.registerGearAction()).toBeVisible();
  await expect(orgs.signUpAction()).toBeVisible();
  await expect(orgs.correctionField('city')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
