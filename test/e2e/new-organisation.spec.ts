/**
 * New business account: a value the user types while the scan is still being read is kept when
 * the reading ends (the OCR result fills only the fields nobody typed). The scan's reading is held
 * back deterministically: the OCR worker's script is answered only after the user has typed.
 */
import { expect, test } from '@playwright/test';
import { OrganisationPages } from './pages/OrganisationPages';

// the service worker would answer the OCR worker's script from its cache, out of the route's reach
test.use({ serviceWorkers: 'block' });

test('a field typed while OCR runs keeps the typed value; untouched fields take the scan', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const reading = new Promise<void>((r) => (started = r));
  await page.route('**/assets/evidence.worker-*.js', async (route) => {
    started();
    await released;
    await route.continue();
  });
  const orgs = new OrganisationPages(page);
  await page.goto('/index.html#/organisations/new');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await expect(orgs.field('name')).toBeVisible();
  await orgs.chooseEvidenceKind('chamber-extract');
  const chooser = page.waitForEvent('filechooser');
  await page.locator('.org-form .actions button').first().click();
  await (await chooser).setFiles('test/fixtures/evidence/kvk-e2e.pdf');
  await reading; // the scan is being read now
  await orgs.field('name').fill('Typed By Hand B.V.');
  release();
  await expect(page.locator('.ocr-status')).not.toBeEmpty({ timeout: 90_000 });
  await expect(orgs.field('city')).not.toHaveValue(''); // the scan filled what nobody typed
  await expect(orgs.field('name')).toHaveValue('Typed By Hand B.V.');
  expect(errors).toEqual([]);
});
