/**
 * Card payment, end to end in Chromium against the real program server in its demo mode (the
 * server's own Stripe stand-in, reached through the official SDK): a studio manager signs up for
 * Silver by card while offline; once online and accepted by the server the membership shows
 * "card authorisation pending"; the stand-in's hosted page opens in a new tab and is completed with
 * a test card; the webhook activates the membership (number, invoice); the back office runs the
 * due-date charge job with the clock set to the invoice's due date, and the invoice shows paid.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DeskApp } from './pages/DeskApp';
import { newId, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;

test.beforeAll(async ({ browserName: _browser }, testInfo) => {
  testInfo.setTimeout(240_000); // a first PGlite start on a loaded machine
  server = await startE2eServer();
  // The demo studio's gear: an EOS R5 (500 points), registered by its dealer → Silver.
  const { token } = await server.login('dealer@demo.test');
  const [reg] = await server.push(token, 'registrations', [
    { id: newId(), organisationId: 'org-demo-studio', productModelId: 'pm-eos-r5', serialNumber: '123456789012', purchaseDate: '2025-04-01', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Foto Demo', status: 'draft', statusReason: null, points: 0, migratedFrom: null },
  ]);
  expect(reg?.status).toBe('points-assigned');
});

test.afterAll(async () => {
  await server?.stop();
});

test('a studio manager signs up for Silver by card: hosted page, active membership, invoice paid on the due date', async ({ page, context }) => {
  test.setTimeout(150_000);
  const shots = 'test-results/card';
  mkdirSync(shots, { recursive: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new DeskApp(page, shots);

  await app.configureServer(server.url);
  await app.signIn('studio@demo.test', server.password);
  await app.waitSynced(30_000);
  await app.waitOfflineReady();

  // sign up offline: the card step cannot start yet
  await context.setOffline(true);
  await expect(app.syncIndicator()).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await app.nav('Membership');
  await page.getByRole('radio', { name: /Silver/ }).check();
  await page.getByRole('radio', { name: /Credit card/ }).check();
  await expect(page.locator('.payment')).toContainText('zero-amount authorisation');
  await page.getByRole('checkbox', { name: /I accept/ }).check();
  await page.getByRole('button', { name: 'Confirm sign-up' }).click();
  const card = page.getByTestId('card-authorisation');
  await expect(card).toContainText('once the server has accepted the sign-up');
  await expect(card.getByRole('button')).toHaveCount(0);
  await app.shot('card-queued-offline');

  // online: the server accepts the sign-up and waits for the card
  await context.setOffline(false);
  await expect(card).toContainText('Card authorisation pending', { timeout: 30_000 });
  await app.shot('card-pending');
  const popup = context.waitForEvent('page');
  await card.getByRole('button', { name: 'Authorise card' }).click();
  const hosted = await popup;
  await hosted.waitForLoadState();
  expect(hosted.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_/);
  await hosted.getByLabel('Card number').fill('4242 4242 4242 4242');
  await hosted.getByRole('button', { name: 'Save card' }).click();
  await expect(hosted.locator('body')).toContainText('Your card is saved', { timeout: 15_000 });
  await hosted.close();

  // the webhook activated the membership; sync brings number and invoice
  await expect(page.getByTestId('membership-number')).toHaveText(/^\d{3} \d{3} \d{3}$/, { timeout: 30_000 });
  await expect(page.getByTestId('membership-invoice')).toBeVisible({ timeout: 15_000 });
  await expect(card).toHaveCount(0);
  await app.shot('card-active');

  await app.nav('Invoices');
  const row = page.locator('tr[data-invoice]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Open');
  const due = (await row.getAttribute('data-due'))!;

  // the due-date charge job, clock set to the due date (demo mode only)
  const office = await server.login('office@demo.test');
  const res = await fetch(`${server.url}/admin/payments/charge-due`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${office.token}` },
    body: JSON.stringify({ asOf: `${due}T09:00:00Z` }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { paid: string[] }).paid).toEqual([await row.getAttribute('data-invoice')]);
  await expect(row).toContainText('Paid', { timeout: 20_000 });
  await app.shot('invoice-paid');
  expect(errors).toEqual([]);
});
