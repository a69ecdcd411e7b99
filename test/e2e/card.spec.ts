/**
 * Card payment, end to end in Chromium against the real program server in its demo mode (the
 * server's own Stripe stand-in, reached through the official SDK; docs/program.md#sign-up-and-payment):
 * a studio manager signs up for Silver by card while offline — the card step waits; once online and
 * accepted the membership shows "card authorisation pending"; the stand-in's hosted page opens in a
 * new tab; a card with insufficient funds is declined and the reason reads in the UI language
 * (English, then Dutch after a switch), with "try again"; a good card authorises zero and the
 * webhook activates the membership (number, invoice); the back office's `charge-due-invoices
 * --as-of <due date>` (CLI, through the running server, clock injected) charges the card and the
 * invoice shows paid.
 */
import { expect, test, useServer } from './support/fixture';
import { seedRegistrations } from './support/seed';

const server = useServer({
  seed: async (s) => {
    // The demo studio's gear: an EOS R5 (500 points), registered by its dealer → Silver.
    const { token } = await s.login('dealer@demo.test');
    const [reg] = await seedRegistrations(s, token, 'org-demo-studio', [['pm-eos-r5', '123456789012']], { purchaseDate: '2025-04-01' });
    expect(reg?.status).toBe('points-assigned');
  },
});

test('a studio manager signs up for Silver by card: declined, tried again, active, invoice paid on the due date', async ({ context, app, membership, invoices, pageErrors }) => {
  test.setTimeout(120_000);
  const card = membership.cardStep();

  await app.signInTo(server, 'studio@demo.test', { waitSynced: true });
  await app.waitOfflineReady();

  // signed up offline: the card step waits for the server
  await app.open('#/membership/org-demo-studio');
  await context.setOffline(true);
  await expect(app.syncIndicator()).not.toHaveAttribute('data-state', 'online', { timeout: 15_000 });
  await expect(membership.payment()).toContainText('A zero-amount authorisation now');
  await membership.signUpByCard('Silver');
  await expect(card).toHaveAttribute('data-step', 'queued');
  await expect(card).toContainText('the card step follows once the server has accepted the sign-up');
  await expect(membership.cardStepButton()).toHaveCount(0);
  await app.shot('card-queued-offline-en');

  // online: accepted, waiting for the card
  await context.setOffline(false);
  await expect(card).toHaveAttribute('data-step', 'pending', { timeout: 30_000 });
  await expect(card).toContainText('Card authorisation pending');
  await app.shot('card-pending-en');

  // a card with insufficient funds: declined, the reason in the UI language
  const first = await membership.openCardPage();
  expect(first.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_/);
  await first.saveCard('4000 0000 0000 9995');
  await expect(first.body()).toContainText('insufficient funds');
  await first.close();
  await expect(card).toHaveAttribute('data-step', 'declined', { timeout: 20_000 });
  await expect(card).toContainText('The card was not authorised. The card has insufficient funds. Use another card or contact your bank.');
  await expect(membership.cardStepButton()).toHaveText('Try again');
  await app.shot('card-declined-en');

  await app.switchLanguage('nl');
  await app.open('#/membership/org-demo-studio');
  await expect(card).toContainText('De kaart is niet geautoriseerd. Het saldo op de kaart is onvoldoende.');
  await expect(card).not.toContainText('insufficient');
  await app.shot('card-declined-nl');

  // try again (the provider's page in Dutch now) with a good card: zero authorised, active
  const second = await membership.openCardPage();
  await expect(card).toHaveAttribute('data-step', 'pending', { timeout: 20_000 });
  await expect(card).toContainText('Kaartautorisatie in behandeling');
  await app.shot('card-pending-nl');
  await second.saveCard('4242 4242 4242 4242');
  await expect(second.body()).toContainText('Uw kaart is opgeslagen');
  await second.close();
  await expect(membership.membershipNumber()).toHaveText(/^\d{3} \d{3} \d{3}$/, { timeout: 30_000 });
  await expect(membership.membershipInvoice()).toBeVisible({ timeout: 15_000 });
  await expect(card).toHaveCount(0);
  await app.shot('card-active-nl');

  // the due-date charge job, clock set to the invoice's due date (demo mode), from the CLI
  await app.nav('Facturen');
  await expect(invoices.rows()).toHaveCount(1);
  const row = invoices.rows().first();
  await expect(row).toContainText('Openstaand');
  const due = (await row.getAttribute('data-due'))!;
  const number = (await row.getAttribute('data-invoice'))!;
  expect(JSON.parse(await server.cli('charge-due-invoices', '--as-of', due))).toEqual({ paid: [number], retrying: [], failed: [] });
  await expect(row).toContainText('Betaald', { timeout: 20_000 });
  await app.shot('invoice-paid-nl');
  expect(pageErrors).toEqual([]);
});
