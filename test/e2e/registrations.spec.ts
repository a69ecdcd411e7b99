/**
 * Fixing registrations from the list, in Chromium against the real program server: offline, one
 * registration saved without a purchase date, one with a serial in the wrong format (with a
 * best-guess date, which travels to the next product with its flag) and one withdrawn before it
 * was ever synced; after sync both are "Incomplete" with the missing item named, the "needs
 * attention" filter shows exactly them, each is fixed from the list with the keyboard (the missing
 * field focused), and after the next sync both have green checks. The server never saw the
 * withdrawn one.
 */
import { expect, test, useServer } from './support/fixture';
import { seedOrganisation } from './support/seed';

const organisation = 'Fotostudio Herstel B.V.';
const noDate = '114400000001';
/** Typed with a dash; stored as the program compares serials (upper case, no blanks or dashes). */
const wrongFormatTyped = 'AB-12';
const wrongFormat = 'AB12';
const corrected = '124400000002';
const withdrawn = '134400000003';

let dealerToken: string;
const server = useServer({
  seed: async (s) => {
    dealerToken = (await seedOrganisation(s, 'dealer@demo.test', { name: organisation, city: 'Utrecht' })).token;
  },
});

test('incomplete registrations are fixed from the list and get green checks; one is withdrawn before sync', async ({ context, app, counter, sync, pageErrors }) => {
  test.setTimeout(240_000);
  await app.signInTo(server, 'dealer@demo.test', { waitSynced: true });
  await app.waitOfflineReady();

  // Offline at the counter: three registrations.
  await context.setOffline(true);
  await expect(app.syncIndicator()).toHaveAttribute('data-state', 'no-network', { timeout: 15_000 });
  await app.nav('Counter');
  await counter.chooseOrganisation(organisation);
  await counter.register('EOS-R5', noDate, { purchaseDate: null });
  await counter.register('EOS-R5', wrongFormatTyped, { purchaseDate: '2025-06-01', bestGuess: true });
  // The best-guess date travels with its flag to the next product.
  await expect(counter.purchaseDate()).toHaveValue('1 Jun 2025'); // the UI language's date format (shared/text/dates.ts)
  await expect(counter.bestGuess()).toBeChecked();
  await counter.register('EOS-R5', withdrawn);
  await expect(counter.row(withdrawn)).toContainText('1 Jun 2025 (best guess)');
  await expect(counter.row(wrongFormat)).toContainText('1 Jun 2025 (best guess)');
  // Before the server says so, each row names what the local check finds.
  await expect(counter.row(noDate)).toContainText('Missing: purchase date');
  await expect(counter.row(wrongFormat)).toContainText("serial number does not match this model's format");
  await app.shot('three-registered-offline');

  // Entered by mistake: withdrawn before it was ever sent.
  await counter.openFix(withdrawn);
  await expect(counter.editorField('Serial number')).toBeFocused();
  await counter.withdrawInEditor();
  await expect(counter.row(withdrawn)).toHaveCount(0);
  await expect(counter.statusMessage(`Withdrew EOS-R5 ${withdrawn}`)).toBeVisible();

  // Online: the server decides both as incomplete, naming what is missing.
  await context.setOffline(false);
  await app.nav('Sync');
  await sync.retryNow();
  await app.waitSynced(30_000);
  await app.nav('Counter');
  await expect(counter.row(noDate)).toHaveAttribute('data-status', 'incomplete', { timeout: 10_000 });
  await expect(counter.row(noDate)).toContainText('Incomplete: Missing: purchase date');
  await expect(counter.row(wrongFormat)).toHaveAttribute('data-status', 'incomplete');
  await expect(counter.row(wrongFormat)).toContainText("serial number does not match this model's format");
  await counter.showOnly('attention');
  await expect(counter.rows()).toHaveCount(2);
  await app.shot('needs-attention');

  // Fixed from the list, keyboard first: the missing field has the focus, Enter saves.
  await counter.openFix(noDate);
  await expect(counter.editorField('Purchase date')).toBeFocused();
  await counter.editorField('Purchase date').fill('2025-03-01');
  await counter.editorField('Purchase date').press('Enter');
  await expect(counter.editor()).toHaveCount(0);
  await counter.openFix(wrongFormat);
  const serial = counter.editorField('Serial number');
  await expect(serial).toBeFocused();
  await serial.fill(corrected);
  await serial.press('Enter');
  await expect(counter.editor()).toHaveCount(0);

  // After sync: green checks, nothing needs attention.
  await app.waitSynced(30_000);
  await counter.showOnly('all');
  await expect(counter.row(noDate)).toHaveAttribute('data-status', 'points-assigned', { timeout: 15_000 });
  await expect(counter.row(corrected)).toHaveAttribute('data-status', 'points-assigned', { timeout: 15_000 });
  await expect(counter.row(corrected)).toContainText('1 Jun 2025 (best guess)');
  await expect(counter.fixButton(noDate)).toHaveCount(0);
  await counter.showOnly('attention');
  await expect(counter.nothingNeedsAttention()).toBeVisible();
  await app.shot('fixed-and-confirmed');

  // The server agrees: two registrations with points, the withdrawn one never arrived.
  const onServer = await server.pull(dealerToken, 'registrations');
  const bySerial = new Map(onServer.map((d) => [d.serialNumber as string, d]));
  expect(bySerial.get(noDate)).toMatchObject({ status: 'points-assigned', purchaseDate: '2025-03-01', purchaseDateEstimated: false });
  expect(bySerial.get(corrected)).toMatchObject({ status: 'points-assigned', purchaseDate: '2025-06-01', purchaseDateEstimated: true });
  expect(bySerial.has(withdrawn)).toBe(false);
  expect(bySerial.has('AB12')).toBe(false);
  expect(pageErrors).toEqual([]);
});
