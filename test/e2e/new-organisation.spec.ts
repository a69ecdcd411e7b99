/**
 * New business account: a value the user types while the scan is still being read is kept when
 * the reading ends (the OCR result fills only the fields nobody typed). The scan's reading is held
 * back deterministically: the OCR worker's script is answered only after the user has typed.
 */
import { expect, test } from '@playwright/test';
import { NewOrganisationPage } from './pages/NewOrganisationPage';

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
  const newOrg = new NewOrganisationPage(page);
  await newOrg.open();
  await newOrg.chooseEvidenceKind('chamber-extract');
  await newOrg.chooseFile('test/fixtures/evidence/kvk-e2e.pdf');
  await reading; // the scan is being read now
  await newOrg.field('name').fill('Typed By Hand B.V.');
  release();
  await expect(newOrg.ocrStatus()).not.toBeEmpty({ timeout: 90_000 });
  await expect(newOrg.field('city')).not.toHaveValue(''); // the scan filled what nobody typed
  await expect(newOrg.field('name')).toHaveValue('Typed By Hand B.V.');
  expect(errors).toEqual([]);
});
