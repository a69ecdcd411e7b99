/** The Counter without a server: a registration kept in the browser's IndexedDB, the duplicate check, the model search. */
import { expect, test } from './support/fixture';

test('register a product on the Counter; it survives a reload (real IndexedDB)', async ({ page, counter, newOrg, detail, organisations, pageErrors }) => {
  await organisations.open();
  await newOrg.startFromScan('company-invoice', 'test/fixtures/evidence/nl-invoice-text-layer.pdf');
  await newOrg.field('name').fill('Fotostudio Zuidas B.V.');
  await newOrg.submit();
  await expect(detail.heading()).toHaveText('Fotostudio Zuidas B.V.');

  await counter.open();
  await counter.chooseOrganisation('Fotostudio Zuidas B.V.');
  await counter.register('EOS-R5', '012345678901');
  await expect(counter.row('012345678901')).toContainText('EOS-R5');
  await expect(counter.row('012345678901')).toContainText('Awaiting the server');
  await page.screenshot({ path: 'test-results/counter-registered.png', fullPage: true });

  // the same (model, serial) again for the same organisation: blocked before saving, not left to the server
  await counter.pickModel('EOS-R5');
  await counter.serialField().fill('012345678901');
  await expect(counter.serialWarning()).toContainText('already registered for this organisation');
  await expect(counter.registerButton()).toBeDisabled();
  await counter.serialField().press('Enter');
  await expect(counter.rows()).toHaveCount(1);
  await counter.serialField().fill('');

  await counter.reload();
  await expect(counter.row('012345678901')).toContainText('EOS-R5');
  await page.screenshot({ path: 'test-results/counter-after-reload.png', fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('typo-tolerant model search and the EAN warning', async ({ counter }) => {
  await counter.open();
  await counter.modelSearch().fill('24-70 2.8');
  await expect(counter.firstSuggestion()).toContainText('24-70');
  await counter.modelSearch().fill('EOS R6 Mrk II');
  await expect(counter.firstSuggestion()).toContainText('R6 Mark II');
  await counter.modelSearch().press('Enter');
  await counter.serialField().fill('4549292184068');
  await expect(counter.serialWarning()).toContainText('product barcode');
});
