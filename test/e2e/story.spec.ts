/**
 * The dealer's day, end to end: the browser build against the real program server on
 * loopback. One scripted story with a screenshot per step in test-results/story/, then a shorter
 * Dutch story that checks no English is left on the screens it visits.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { formatDate } from '../../shared/invoice/format';
import { hasValidMembershipCheckDigit } from '../../shared/program/membership';
import { CounterPage } from './pages/CounterPage';
import { DeskApp } from './pages/DeskApp';
import { OrganisationPages } from './pages/OrganisationPages';
import { newId, startE2eServer, type E2eServer } from './support/server';

const exec = promisify(execFile);
const fixture = 'test/fixtures/evidence/kvk-e2e.pdf';
const truth = JSON.parse(readFileSync('test/fixtures/evidence/kvk-e2e.json', 'utf8')) as { fields: Record<string, { value: string }> };

/** The serial another organisation (dealer2's customer) registered on the server before the story. */
const takenSerial = '918273645501';
/** The six registrations: four complete (700 + 200 + 190 + 120 = 1,210 points → Gold), one without purchase date, one duplicate. */
const gear = [
  { model: 'EOS-R3', serial: '104400000001', points: 700 },
  { model: 'RF-85-12L', serial: '2044000001', points: 200 },
  { model: 'RF-135-18L', serial: '3044000001', points: 190 },
  { model: 'RF-24-105-4L', serial: '4044000001', points: 120 },
  { model: 'EOS-R6-II', serial: '504400000001', points: 0, purchaseDate: null },
  { model: 'EOS-R50', serial: takenSerial, points: 0 },
] as const;

let server: E2eServer;

test.beforeAll(async () => {
  server = await startE2eServer();
  // dealer2 registers the serial first, for another organisation
  const { token, user } = await server.login('dealer2@demo.test');
  const orgId = newId();
  await server.push(token, 'organisations', [{ id: orgId, name: 'Beeldbank Noord B.V.', country: 'NL', city: 'Groningen', dealerId: user.dealerId, status: 'draft', statusReason: null, legacyEmail: null }]);
  const [decided] = await server.push(token, 'registrations', [
    { id: newId(), organisationId: orgId, productModelId: 'pm-eos-r50', serialNumber: takenSerial, purchaseDate: '2025-05-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Camera Noord', status: 'draft', statusReason: null, points: 0, migratedFrom: null },
  ]);
  expect(decided?.status).toBe('points-assigned');
});

test.afterAll(async () => {
  await server?.stop();
});

test('the dealer’s day: KvK import offline, six registrations, validation, Gold sign-up, invoice PDF', async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const shots = 'test-results/story';
  mkdirSync(shots, { recursive: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => console.log('[browser]', m.type(), m.text()));
  const app = new DeskApp(page, shots);
  const orgs = new OrganisationPages(page);
  const counter = new CounterPage(page);

  // 1. sign in as the demo dealer
  await app.configureServer(server.url);
  await app.signIn('dealer@demo.test', server.password);
  await app.waitSynced(30_000);
  await app.waitOfflineReady();
  await app.shot('signed-in');

  // 2. offline
  await context.setOffline(true);
  await expect(app.syncIndicator()).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });

  // 3. import the scanned Chamber of Commerce extract: the form is filled and correct
  await app.nav('Organisations');
  await orgs.startNew();
  await orgs.chooseEvidenceKind('chamber-extract');
  await orgs.importScan(fixture);
  await app.shot('kvk-imported');
  for (const name of ['name', 'legalForm', 'street', 'houseNumber', 'postcode', 'city', 'vatNumber', 'chamberNumber']) {
    await expect(orgs.field(name), `field ${name}`).toHaveValue(truth.fields[name]!.value);
  }
  await expect(page.locator('.field-box')).not.toHaveCount(0);
  await orgs.field('chamberNumber').focus();
  await expect(page.locator('.field-box.active[data-field="chamberNumber"]')).toBeVisible();
  await app.shot('kvk-source-highlighted');
  await orgs.field('email').fill('studio@lichtval.example');

  // 4. submit (queued offline)
  await orgs.submit();
  const organisationId = await orgs.currentId();
  await expect(page.locator('h1')).toHaveText(truth.fields.name!.value);
  await app.shot('organisation-submitted-offline');

  // 5. six registrations at the counter (organisation preselected)
  await app.nav('Counter');
  for (const g of gear) await counter.register(g.model, g.serial, 'purchaseDate' in g ? { purchaseDate: g.purchaseDate } : {});
  await expect(counter.rows()).toHaveCount(6);
  await expect(app.syncIndicator().locator('.pending')).toBeVisible();
  await app.shot('six-registered-offline');

  // 6. online → sync
  await context.setOffline(false);
  await app.nav('Sync');
  await page.getByRole('button', { name: 'Retry now' }).click();
  await app.waitSynced(30_000);
  await app.shot('synced');

  // 7. the back office validates through the server CLI
  const out = await server.cli('validate-organisation', organisationId);
  expect(out).toContain('validated');

  // 8. within seconds: four green checks, one incomplete, one already registered elsewhere
  await page.goto(`/index.html#/organisations/${organisationId}`);
  await expect(page.locator('.organisation-detail .screen-head [data-status="validated"]')).toBeVisible({ timeout: 10_000 });
  for (const g of gear.slice(0, 4)) await expect(orgs.registration(g.serial)).toHaveAttribute('data-status', 'points-assigned', { timeout: 10_000 });
  await expect(orgs.registration(gear[4].serial)).toHaveAttribute('data-status', 'incomplete');
  await expect(orgs.registration(gear[4].serial)).toContainText('purchase date');
  await expect(orgs.registration(takenSerial)).toHaveAttribute('data-status', 'rejected-duplicate');
  await expect(orgs.registration(takenSerial)).toContainText('Already registered elsewhere');
  await expect(page.locator('.registrations tbody tr[data-status="points-assigned"] .badge.ok').filter({ hasText: '✓' })).toHaveCount(4);
  await expect(page.getByTestId('confirmed-points')).toHaveText('1,210');
  await expect(page.getByTestId('eligible-tiers')).toContainText('Gold');
  await expect(page.getByTestId('eligible-tiers')).not.toContainText('Platinum');
  await app.shot('verdicts-and-points');

  // 9. sign up for Gold with bank transfer and a PO number
  await page.locator('a[href^="#/membership/"]').click();
  await page.getByRole('radio', { name: /Gold/ }).check();
  await page.getByLabel('Purchase-order number (optional)').fill('PO-2026-0042');
  await page.getByRole('radio', { name: /Bank transfer/ }).check();
  await expect(page.locator('.payment')).toContainText('Extra bank charges may apply; pay before the due date.');
  await expect(page.getByTestId('terms-text')).toContainText('Bank transfer — additional bank charges may apply; pay before the due date'); // the terms in force, readable before accepting
  await page.getByRole('checkbox', { name: /I accept/ }).check();
  await app.shot('sign-up-filled');
  await page.getByRole('button', { name: 'Confirm sign-up' }).click();
  await expect(page.getByTestId('membership-number')).toBeVisible();
  await app.shot('sign-up-awaiting-server');

  // 10. the server's membership number and invoice appear
  await expect(page.getByTestId('membership-number')).toHaveText(/^\d{3} \d{3} \d{3}$/, { timeout: 15_000 });
  await expect(page.getByTestId('membership-invoice')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.membership .saved-message')).not.toContainText('awaiting the server');
  const membershipNumber = (await page.getByTestId('membership-number').textContent())!.replace(/\s/g, '');
  await app.shot('membership-active');

  // 11. export the invoice PDF and check its text
  await app.nav('Invoices');
  const row = page.locator('tr[data-invoice]');
  await expect(row).toHaveCount(1);
  const invoiceNumber = (await row.getAttribute('data-invoice'))!;
  const dueDate = (await row.getAttribute('data-due'))!;
  await app.shot('invoices');
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: /Export/ }).click();
  const file = testInfo.outputPath((await download).suggestedFilename());
  await (await download).saveAs(file);
  await expect(page.locator('.export-status')).toContainText('Saved');
  await app.shot('invoice-exported');
  const text = await pdfText(file);
  expect(text).toContain(invoiceNumber);
  expect(text).toContain(truth.fields.name!.value);
  expect(text).toContain('Gold');
  expect(text).toContain('205.70'); // €170.00 + 21 % VAT
  expect(text).toContain('PO-2026-0042');
  expect(text).toContain(formatDate(dueDate, 'en'));
  expect(hasValidMembershipCheckDigit(membershipNumber), membershipNumber).toBe(true);
  expect(errors).toEqual([]);
});

/** Text of every page of a PDF (pdfjs-dist), lines joined by spaces. */
async function pdfText(path: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
  }
  await doc.destroy();
  const viaPoppler = await exec('pdftotext', ['-layout', path, '-']).then(
    (r) => r.stdout,
    () => '',
  );
  return `${text}\n${viaPoppler}`;
}

/** English UI text that must not appear on a Dutch screen: every en catalog string (split at placeholders) that nl does not share. */
function englishFragments(): string[] {
  const flat = (tree: object): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : flat(v as object)));
  const en = flat(JSON.parse(readFileSync('renderer/i18n/en.json', 'utf8')));
  const nlText = flat(JSON.parse(readFileSync('renderer/i18n/nl.json', 'utf8'))).join('\n');
  const pieces = en.flatMap((s) => s.split(/\{\{[^}]+\}\}/)).map((s) => s.trim().replace(/^[:;,.()—–-]+|[:;,.()—–-]+$/g, '').trim());
  return [...new Set(pieces.filter((p) => p.length >= 5 && /[a-z]{3}/.test(p) && !nlText.includes(p)))];
}

test.describe('in Dutch', () => {
  test.use({ locale: 'nl-NL' });

test('Dutch: the same screens with no English left', async ({ page }) => {
  test.setTimeout(120_000);
  const shots = 'test-results/story-nl';
  mkdirSync(shots, { recursive: true });
  const app = new DeskApp(page, shots);
  const orgs = new OrganisationPages(page);
  const counter = new CounterPage(page);
  const english = englishFragments();
  expect(english.length).toBeGreaterThan(100);
  const noEnglish = async (screen: string) => {
    const text = await page.locator('body').innerText();
    const found = english.filter((e) => text.includes(e));
    expect(found, `English on ${screen}`).toEqual([]);
  };

  await app.configureServer(server.url, 'nl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await app.signIn('dealer2@demo.test', server.password);
  await app.waitSynced(30_000);
  await noEnglish('Instellingen');
  await app.shot('instellingen');

  await app.nav('Organisaties');
  await expect(page.locator('tr[data-organisation="Beeldbank Noord B.V."]')).toBeVisible();
  await noEnglish('Organisaties');
  await app.shot('organisaties');

  await orgs.startNew();
  await orgs.chooseEvidenceKind('company-invoice');
  await orgs.importScan('test/fixtures/evidence/nl-invoice-text-layer.pdf');
  await expect(orgs.field('name')).toHaveValue('Atelier Zilverzout B.V.');
  await noEnglish('Nieuw zakelijk account');
  await app.shot('nieuw-account');
  await orgs.submit();
  await noEnglish('Organisatie');
  await app.shot('organisatie');

  await app.nav('Balie');
  await counter.register('RF-50-12L', '6044000001');
  await counter.register('EOS-R5', '704400000001', { purchaseDate: null });
  await counter.register('EOS-R5', '70440001');
  await app.waitSynced(30_000);
  await expect(counter.row('704400000001')).toHaveAttribute('data-status', 'incomplete');
  await expect(counter.row('704400000001')).toContainText('Ontbreekt: aankoopdatum');
  // a serial of the wrong format is named as such, not as missing
  await expect(counter.row('70440001')).toHaveAttribute('data-status', 'incomplete');
  await expect(counter.row('70440001')).toContainText('serienummer past niet bij het formaat van dit model');
  await expect(counter.row('70440001')).not.toContainText('Ontbreekt');
  await noEnglish('Balie');
  await app.shot('balie');

  await app.nav('Lidmaatschap');
  await expect(page.locator('.payment')).toContainText('Er kunnen extra bankkosten in rekening worden gebracht; betaal vóór de vervaldatum.');
  await noEnglish('Lidmaatschap');
  await app.shot('lidmaatschap');

  await app.nav('Facturen');
  await noEnglish('Facturen');
  await app.nav('Synchronisatie');
  await noEnglish('Synchronisatie');
  await app.shot('synchronisatie');
});
});
