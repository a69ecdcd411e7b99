import { expect, test } from '@playwright/test';
import { CounterPage } from './pages/CounterPage';
import { OrganisationPages } from './pages/OrganisationPages';

test('register a product on the Counter; it survives a reload (real IndexedDB)', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const counter = new CounterPage(page);
  const orgs = new OrganisationPages(page);
  await page.goto('/index.html#/organisations');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await orgs.startNew();
  await orgs.chooseEvidenceKind('company-invoice');
  await orgs.importScan('test/fixtures/evidence/nl-invoice-text-layer.pdf');
  await orgs.field('name').fill('Fotostudio Zuidas B.V.');
  await orgs.submit();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fotostudio Zuidas B.V.');

  await counter.open();
  await counter.chooseOrganisation('Fotostudio Zuidas B.V.');
  await counter.register('EOS-R5', '012345678901');
  await expect(counter.row('012345678901')).toContainText('EOS-R5');
  await expect(counter.row('012345678901')).toContainText('Awaiting the server');
  await page.screenshot({ path: 'test-results/counter-registered.png', fullPage: true });

  // the same (model, serial) again for the same organisation: blocked before saving, not left to the server
  await page.getByRole('combobox', { name: 'Product model' }).fill('EOS-R5');
  await page.getByRole('combobox', { name: 'Product model' }).press('Enter');
  await page.getByLabel('Serial number').fill('012345678901');
  await expect(page.getByRole('alert')).toContainText('already registered for this organisation');
  await expect(page.getByRole('button', { name: 'Register' })).toBeDisabled();
  await page.getByLabel('Serial number').press('Enter');
  await expect(counter.rows()).toHaveCount(1);
  await page.getByLabel('Serial number').fill('');

  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await expect(counter.row('012345678901')).toContainText('EOS-R5');
  await page.screenshot({ path: 'test-results/counter-after-reload.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('typo-tolerant model search and the EAN warning', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.open();
  const model = page.getByRole('combobox', { name: 'Product model' });
  await model.fill('24-70 2.8');
  await expect(page.locator('.combobox-list [role=option]').first()).toContainText('24-70');
  await model.fill('EOS R6 Mrk II');
  await expect(page.locator('.combobox-list [role=option]').first()).toContainText('R6 Mark II');
  await model.press('Enter');
  await page.getByLabel('Serial number').fill('4549292184068');
  await expect(page.getByRole('alert')).toContainText('product barcode');
});
