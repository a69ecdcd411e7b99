/**
 * Changing tier on the same day, in Chromium against the real server (docs/program.md#changing-tier):
 * Platinum, then Corporate C → the sign-up says beforehand that it replaces Platinum; afterwards the
 * Platinum card says "Replaced by Corporate C on <date>" (no validity, never "Expired"), its invoice
 * shows as cancelled with the credit note, the Invoices screen lists the credit note as a credit
 * with the invoice it cancels, and its exported PDF is a credit note naming that invoice, in the
 * organisation's language (Dutch) though the app is in English.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { formatDate } from '../../shared/text/dates';
import { DeskApp } from './pages/DeskApp';
import { MembershipPage } from './pages/MembershipPage';
import { newId, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let orgId: string;

test.beforeAll(async ({ browserName: _browser }, testInfo) => {
  testInfo.setTimeout(240_000); // a first PGlite start on a loaded machine
  server = await startE2eServer();
  // A validated organisation of the demo dealer with 2,500 confirmed points (EOS R1 900 × 2 + EOS R3 700).
  const { token, user } = await server.login('dealer@demo.test');
  orgId = newId();
  await server.push(token, 'organisations', [
    { id: orgId, name: 'Studio Wissel B.V.', legalForm: 'B.V.', street: 'Damrak', houseNumber: '1', postcode: '1012 LG', city: 'Amsterdam', country: 'NL', vatNumber: 'NL004495445B01', chamberNumber: '33283281', email: 'studio-wissel@example.test', legacyEmail: null, dealerId: user.dealerId, status: 'pending-validation', statusReason: null },
  ]);
  await server.push(token, 'evidenceDocuments', [{ id: newId(), organisationId: orgId, kind: 'chamber-extract', fileName: 'kvk.pdf', mimeType: 'application/pdf' }]);
  await server.cli('validate-organisation', orgId);
  const regs = await server.push(
    token,
    'registrations',
    [['pm-eos-r1', '110000000001'], ['pm-eos-r1', '110000000002'], ['pm-eos-r3', '110000000003']].map(([model, serial]) => ({
      id: newId(), organisationId: orgId, productModelId: model, serialNumber: serial, purchaseDate: '2025-05-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Foto Demo', status: 'draft', statusReason: null, points: 0, migratedFrom: null,
    })),
  );
  expect(regs.map((r) => r.status)).toEqual(['points-assigned', 'points-assigned', 'points-assigned']);
});
test.afterAll(async () => {
  await server?.stop();
});

test('Platinum, then Corporate C the same day: replaced card, cancelled invoice, credit note PDF', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const shots = 'test-results/tier-change';
  mkdirSync(shots, { recursive: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new DeskApp(page, shots);
  const membership = new MembershipPage(page);
  await app.configureServer(server.url);
  await app.signIn('dealer@demo.test', server.password);

  await app.open(`#/membership/${orgId}`);
  await membership.fill('Platinum');
  await expect(membership.tierChangeNotice()).toHaveCount(0);
  await membership.confirm();
  await membership.waitActive('Platinum');

  await membership.changeTier();
  await membership.fill('Platinum');
  await expect(membership.tierChangeNotice()).toContainText('already holds Platinum');
  await membership.fill('Corporate C', { corporate: true });
  await expect(membership.tierChangeNotice()).toHaveAttribute('data-kind', 'replace');
  await expect(membership.tierChangeNotice()).toContainText('This replaces the Platinum membership');
  await app.shot('tier-change-announced');
  await membership.confirm();
  await membership.waitActive('Corporate C');

  const today = new Date().toISOString().slice(0, 10);
  const shown = formatDate(today, 'en'); // the app's one English date format (shared/text/dates.ts)
  const platinum = membership.card('Platinum');
  await expect(platinum.getByTestId('membership-replaced')).toHaveText(`Replaced by Corporate C on ${shown}`, { timeout: 20_000 });
  await expect(platinum).not.toContainText('Expired');
  await expect(platinum).not.toContainText('Valid ');
  await expect(platinum.getByTestId('membership-invoice')).toContainText('cancelled by credit note CN-');
  await expect(platinum.getByTestId('membership-credit-note')).toContainText('Credit note CN-');
  await app.shot('replaced-card');

  await app.nav('Invoices');
  await expect(page.locator('tr[data-invoice]')).toHaveCount(3);
  const creditRow = page.locator('tr[data-invoice^="CN-"]');
  const invoiceNumber = (await page.locator('tr[data-invoice]').filter({ hasText: 'Cancelled' }).getAttribute('data-invoice'))!;
  await expect(creditRow.getByTestId('credit-note-of')).toContainText(`Credits invoice ${invoiceNumber}`);
  await expect(creditRow).toContainText('-€363.00');
  await app.shot('invoices-with-credit-note');
  const download = page.waitForEvent('download');
  await creditRow.getByRole('button', { name: /Export credit note/ }).click();
  const file = testInfo.outputPath((await download).suggestedFilename());
  await (await download).saveAs(file);
  const text = await pdfText(file);
  // in the credit note's language (the Dutch organisation's), though the app is in English
  expect(text).toContain('CREDITNOTA');
  expect(text).toContain(`${invoiceNumber} van ${formatDate(today, 'nl')}`);
  expect(text).toContain('363,00');
  expect(text).not.toContain('CREDIT NOTE');
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
  return text.replace(/\s+/g, ' ');
}
