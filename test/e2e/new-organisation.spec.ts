/**
 * New business account: a value the user types while the scan is still being read is kept when
 * the reading ends (the OCR result fills only the fields nobody typed). The scan's reading is held
 * back deterministically: the OCR worker's script is answered only after the user has typed.
 * And the VIES cross-check against the real server and a local stand-in of the EU VAT service:
 * valid with the registered name and address (taken with one click where the form was empty,
 * never over a typed value), not registered, in Dutch and English; offline nothing is asked.
 */
import { expect, test, useServer } from './support/fixture';
import { startViesStandIn, viesStandInNumbers, type ViesStandIn } from '../support/viesStandIn';

// the service worker would answer the OCR worker's script from its cache, out of the route's reach
test.use({ serviceWorkers: 'block' });

test('a field typed while OCR runs keeps the typed value; untouched fields take the scan', async ({ page, newOrg, pageErrors }) => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const reading = new Promise<void>((r) => (started = r));
  await page.route('**/assets/evidence.worker-*.js', async (route) => {
    started();
    await released;
    await route.continue();
  });
  await newOrg.open();
  await newOrg.chooseEvidenceKind('chamber-extract');
  await newOrg.chooseFile('test/fixtures/evidence/kvk-e2e.pdf');
  await reading; // the scan is being read now
  await newOrg.field('name').fill('Typed By Hand B.V.');
  release();
  await expect(newOrg.ocrStatus()).not.toBeEmpty({ timeout: 90_000 });
  await expect(newOrg.field('city')).not.toHaveValue(''); // the scan filled what nobody typed
  await expect(newOrg.field('name')).toHaveValue('Typed By Hand B.V.');
  expect(pageErrors).toEqual([]);
});

test.describe('VIES check in the new-account form', () => {
  test.use({ shotsFolder: 'vies' });
  let vies: ViesStandIn;
  test.beforeAll(async () => {
    vies = await startViesStandIn();
  });
  const server = useServer({ env: () => ({ VIES_URL: vies.url, VIES_TIMEOUT_MS: '3000' }) });
  test.afterAll(async () => {
    await vies?.close();
  });

  test('online: the VIES result with the registered name and address in nl and en; offline nothing is asked', async ({ page, app, newOrg, pageErrors }) => {
    test.setTimeout(120_000);
    await app.signInTo(server, 'dealer@demo.test', { language: 'nl', waitSynced: true });
    await newOrg.open();
    await expect(newOrg.vatCheck()).toHaveCount(0);

    await newOrg.field('vatNumber').fill('NL0044.95.445.B01');
    await expect(newOrg.vatCheck()).toHaveAttribute('data-result', 'valid');
    await expect(newOrg.vatCheck()).toContainText('NL004495445B01 is een geldig btw-nummer');
    await expect(newOrg.vatCheck()).toContainText('FOTOSTUDIO TEST B.V.');
    await expect(newOrg.useRegistered('address')).toBeVisible();
    await app.shot('vies-valid-nl');
    // a typed city is the user's: the registered address is no longer offered over it
    await newOrg.field('city').fill('Haarlem');
    await expect(newOrg.useRegistered('address')).toHaveCount(0);
    await newOrg.useRegistered('name').click();
    await expect(newOrg.field('name')).toHaveValue('FOTOSTUDIO TEST B.V.');
    await expect(newOrg.fieldSource('name')).toHaveText('Van de EU-btw-dienst (VIES)');
    await expect(newOrg.useRegistered('name')).toHaveCount(0);

    await newOrg.field('vatNumber').fill(viesStandInNumbers.invalid);
    await expect(newOrg.vatCheck()).toHaveAttribute('data-result', 'invalid');
    await expect(newOrg.vatCheck()).toContainText('niet geregistreerd');
    await expect(newOrg.field('name')).toHaveValue('FOTOSTUDIO TEST B.V.');
    await expect(newOrg.field('city')).toHaveValue('Haarlem');

    // offline: no panel, no request
    const asked = vies.requests.length;
    await page.context().setOffline(true);
    await newOrg.field('vatNumber').fill(viesStandInNumbers.noDetails);
    await expect(newOrg.vatCheck()).toHaveCount(0);
    await page.waitForTimeout(1_000); // longer than the form's pause before asking
    expect(vies.requests.length).toBe(asked);
    await page.context().setOffline(false);

    // English
    await app.configureServer(server.url, 'en');
    await app.waitSynced(30_000);
    await newOrg.open();
    await newOrg.field('vatNumber').fill(viesStandInNumbers.valid);
    await expect(newOrg.vatCheck()).toContainText('NL004495445B01 is a valid VAT number');
    await newOrg.useRegistered('address').click();
    await expect(newOrg.field('street')).toHaveValue('Damrak');
    await expect(newOrg.field('postcode')).toHaveValue('1012 LG');
    await expect(newOrg.field('city')).toHaveValue('Amsterdam');
    await app.shot('vies-valid-en');
    await newOrg.field('vatNumber').fill(viesStandInNumbers.unavailable);
    await expect(newOrg.vatCheck()).toHaveAttribute('data-result', 'unknown');
    await expect(newOrg.vatCheck()).toContainText('You can save the account');
    await app.shot('vies-unavailable-en');
    expect(pageErrors).toEqual([]);
  });
});

