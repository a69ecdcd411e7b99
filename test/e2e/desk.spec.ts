/**
 * The back office's desk in Chromium against the real server and a local stand-in of the EU VAT
 * service (VIES): a dealer opens a business account from a scan (real OCR); it syncs and the
 * dealer's app uploads the scan (tus, `/files/`) from the vite preview origin to the server's
 * (cross-origin, CORS). The back-office user signs in to the same app, opens the queue and the
 * account, sees the uploaded scan (GET /evidence/:id/file) with the OCR source boxes, runs the
 * VIES check (valid, registered name, consultation number), requests a new document with a
 * reason; the dealer sees the request on the organisation screen and attaches a new file with
 * "Replace document…", which uploads; the clerk sees the new scan and validates; the account-ready
 * e-mail with the set-password link is in the outbox; following it sets a password and the new
 * studio manager signs in.
 */
import { expect, test, useServer } from './support/fixture';
import { outboxMails } from './support/outbox';
import { sha256Of } from './support/seed';
import { startViesStandIn, type ViesStandIn } from '../support/viesStandIn';

const scanPath = 'test/fixtures/evidence/kvk-e2e.pdf';
/** The replacement the dealer attaches after the back office's request (another Chamber of Commerce extract). */
const replacementPath = 'test/fixtures/evidence/nl-kvk-serif.pdf';
const orgName = 'Fotostudio Lichtval B.V.';
const vatNumber = 'NL829300478B01';

let vies: ViesStandIn;
test.beforeAll(async () => {
  vies = await startViesStandIn({ [vatNumber]: { name: 'FOTOSTUDIO LICHTVAL B.V.', address: 'KEIZERSGRACHT 00123 A\n1015CJ AMSTERDAM' } });
});
test.afterAll(async () => {
  await vies?.close();
});
const server = useServer({ env: () => ({ VIES_URL: vies.url, VIES_REQUESTER: 'NL004495445B01', VIES_TIMEOUT_MS: '3000' }) });

/** The decoded text of the outbox's e-mails whose name contains `kind`. */
const outbox = (kind: string): string[] => outboxMails(server.dataDir, kind);

test('the back office reviews an account on the desk, checks VIES, requests a document, validates; the new user sets a password and signs in', async ({ app, newOrg, detail, organisations, desk, setPassword, pageErrors }) => {
  test.setTimeout(300_000);
  const email = `lichtval-${Date.now()}@example.test`;

  // The dealer opens the account from the scan; it syncs.
  await app.signInTo(server, 'dealer@demo.test', { waitSynced: true });
  await app.nav('Organisations');
  await newOrg.startFromScan('chamber-extract', scanPath);
  await expect(newOrg.field('name')).toHaveValue(orgName);
  await newOrg.field('email').fill(email);
  await newOrg.field('name').fill('Fotostudio Lichtval BV'); // same name, other punctuation: not a difference
  await newOrg.field('city').fill('Amstelveen'); // differs from the scan
  await newOrg.submit();
  const organisationId = await detail.currentId();
  await app.waitSynced(30_000);

  // The dealer's app uploads the scan once the evidence document is on the server.
  const evidenceItem = detail.evidenceItems();
  await expect(evidenceItem).toHaveCount(1);
  const evidenceId = (await evidenceItem.getAttribute('data-evidence-id'))!;
  await expect(detail.evidenceUploadStates()).toHaveAttribute('data-upload-state', 'stored', { timeout: 60_000 });
  const dealerToken = (await server.login('dealer@demo.test')).token;
  expect(await server.storedSha256(evidenceId, dealerToken)).toBe(sha256Of(scanPath));
  await app.shot('dealer-scan-uploaded');

  // The back-office user signs in to the same app; the desk is one more navigation entry.
  await app.signOutKeeping();
  await app.signIn('office@demo.test', server.password);
  await app.nav('Desk');
  const row = desk.queueRow('Fotostudio Lichtval BV');
  await expect(row).toBeVisible();
  await expect(row).toContainText('0 business days');
  await expect(row).toContainText('Chamber of Commerce extract');
  await expect(desk.summary()).toContainText('await');
  await desk.filterKind('vat-certificate');
  await expect(row).toHaveCount(0);
  await desk.filterKind('chamber-extract');
  await expect(row).toBeVisible();
  await app.shot('queue');

  // The review: the read fields beside the scan the dealer uploaded.
  await desk.openFromQueue('Fotostudio Lichtval BV');
  await expect(desk.comparisonRow('city')).toHaveClass(/differs/);
  await expect(desk.comparisonRow('name')).toHaveClass(/same/);
  await expect(desk.comparisonRow('chamberNumber')).toHaveClass(/same/);
  await expect(desk.identifierChecks()).toContainText('VAT number (Submitted): NL829300478B01 — checksum correct');

  // The scan from the server, with the OCR boxes.
  await expect(desk.scanNotUploaded()).toHaveCount(0);
  await expect(desk.fieldBox('name')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => desk.inkedPixels(), { timeout: 30_000 }).toBeGreaterThan(2000); // the page is drawn, not blank
  await expect(desk.fieldBox('chamberNumber')).toBeVisible();
  await expect(desk.fieldBox('vatNumber')).toBeVisible();
  await desk.comparisonRow('name').hover();
  await expect(desk.fieldBox('name')).toHaveClass(/active/);
  const before = await desk.fieldBox('name').boundingBox();
  await desk.zoomIn();
  await expect(desk.zoomLevel()).toHaveText('125 %');
  const zoomed = await desk.fieldBox('name').boundingBox();
  expect(zoomed!.width).toBeGreaterThan(before!.width * 1.2);
  await desk.rotate();
  await expect(desk.rotateButton()).toContainText('90°');
  const turned = await desk.fieldBox('name').boundingBox();
  expect(turned!.height).toBeGreaterThan(turned!.width); // a wide box stands upright after 90°
  await desk.rotate();
  await desk.rotate();
  await desk.rotate();
  await desk.zoomOut();
  await expect(desk.zoomLevel()).toHaveText('100 %');
  await expect.poll(() => desk.inkedPixels(), { timeout: 30_000 }).toBeGreaterThan(2000);
  await app.shot('review-scan-with-boxes');

  // VIES from the server (the stand-in).
  await desk.checkVies();
  await expect(desk.vies()).toHaveAttribute('data-result', 'valid');
  await expect(desk.vies()).toContainText('FOTOSTUDIO LICHTVAL B.V.');
  await expect(desk.vies()).toContainText(/WAPIAAAAZ\d{6}/);
  expect(vies.requests.at(-1)).toMatchObject({ countryCode: 'NL', vatNumber: '829300478B01' });
  await app.shot('review-vies');

  // A new document is requested with a reason; the account stays pending.
  await desk.decide(/Request a new document/);
  await expect(desk.decisionMessage()).toContainText('Choose a standard reason or write one.');
  await desk.decide(/Request a new document/, 'unreadable', 'de onderste helft is afgesneden');
  await expect(desk.decisionMessage()).toContainText('New document requested');
  await expect(desk.documentRequest()).toContainText('Het bewijsdocument is niet leesbaar: de onderste helft is afgesneden');
  await expect.poll(() => outbox('evidence-requested').find((m) => m.includes(email)) ?? '', { timeout: 15_000 }).toContain('Nieuw bewijsdocument nodig');
  const pulled = await server.pull(dealerToken, 'organisations');
  expect(pulled.find((d) => d.id === organisationId)).toMatchObject({ status: 'pending-validation', statusReason: expect.stringContaining('Nieuw bewijsdocument gevraagd') });
  await app.shot('review-document-requested');

  // The dealer sees the request on the organisation screen and attaches a new file, which uploads.
  await app.signOutKeeping();
  await app.signIn('dealer@demo.test', server.password);
  await app.nav('Organisations');
  await organisations.openOrganisation('Fotostudio Lichtval BV');
  await expect(detail.backOfficeRequest()).toContainText('Het bewijsdocument is niet leesbaar: de onderste helft is afgesneden', { timeout: 30_000 });
  await expect(detail.backOfficeRequest()).toContainText('Request from the back office');
  await detail.replaceEvidence('kvk-e2e.pdf', replacementPath);
  await expect(detail.evidenceStatus()).toContainText('nl-kvk-serif.pdf is attached', { timeout: 90_000 });
  await expect.poll(() => server.storedSha256(evidenceId, dealerToken), { timeout: 60_000 }).toBe(sha256Of(replacementPath));
  await expect(detail.evidenceUploadStates()).toHaveAttribute('data-upload-state', 'stored', { timeout: 30_000 });
  await expect(evidenceItem).toContainText('nl-kvk-serif.pdf');
  await app.shot('dealer-replaced-document');

  // The clerk reopens the review: the new scan from the server.
  await app.signOutKeeping();
  await app.signIn('office@demo.test', server.password);
  await app.nav('Desk');
  await desk.openFromQueue('Fotostudio Lichtval BV');
  await expect(desk.documentRequest()).toContainText('de onderste helft is afgesneden');
  await expect(desk.comparisonRow('chamberNumber')).toContainText('29171136'); // read from the new file
  await expect(desk.comparisonRow('chamberNumber')).toHaveClass(/differs/);
  await expect.poll(() => desk.inkedPixels(), { timeout: 30_000 }).toBeGreaterThan(2000);
  await app.shot('review-new-document');

  // Validation; the set-password e-mail is in the outbox.
  await desk.decide(/^Validate$/);
  await expect(desk.decisionMessage()).toContainText('Validated.');
  await expect(desk.decisionPanel()).toContainText('This account is validated.');
  await app.shot('review-validated');
  await expect.poll(() => outbox('set-password').find((m) => m.includes(email)) ?? '', { timeout: 15_000 }).toContain('Uw CPS-zakelijk account is klaar');
  const mail = outbox('set-password').find((m) => m.includes(email))!;
  const link = /(http:\/\/\S+\/auth\/set-password\?lang=(?:nl|en)#token=[A-Za-z0-9_-]+)/.exec(mail)![1]!;

  // The link sets the password; the new studio manager signs in to the app.
  // (in the organisation's language: the link carries it)
  await setPassword.open(link);
  await expect(setPassword.submitButton('Wachtwoord instellen')).toBeVisible();
  await setPassword.setPassword('lichtval-password-1');
  await expect(setPassword.message()).toContainText(`Wachtwoord ingesteld voor ${email}`);
  await app.shot('password-set');
  await app.signOutKeeping();
  await app.signIn(email, 'lichtval-password-1');
  await app.nav('Organisations');
  await expect(organisations.row('Fotostudio Lichtval BV')).toContainText('Validated', { timeout: 30_000 });
  await app.shot('studio-manager-signed-in');
  expect(pageErrors).toEqual([]);
});
