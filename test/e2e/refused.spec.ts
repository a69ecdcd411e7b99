/**
 * A change the program server refuses for good ("bad input loses nothing"): a business account
 * prepared on this computer before anyone signed in is adopted by the first user who signs in — a
 * studio manager, who may not open business accounts, so the server answers 403. In Chromium
 * against the real server: the refusal is listed on the Sync screen with the server's reason and
 * counted in the window chrome, the organisations queue keeps moving, and the user can dismiss it.
 * The app itself never offers a studio manager "New business account".
 */
import { expect, test, useServer } from './support/fixture';

const server = useServer();

test('a refused change is listed with the reason, does not block the queue, and can be dismissed', async ({ app, newOrg, organisations, sync, pageErrors }) => {
  test.setTimeout(150_000);

  // prepared before anyone signed in (the unclaimed local database)
  await app.open('#/organisations');
  await newOrg.startFromScan('chamber-extract', 'test/fixtures/evidence/kvk-e2e.pdf');
  await expect(newOrg.field('name')).not.toHaveValue('');
  await newOrg.field('name').fill('Fotostudio Zuid B.V.');
  await newOrg.submit();

  await app.signInTo(server, 'studio@demo.test');

  // what a studio manager cannot do is not offered
  await app.nav('Organisations');
  await expect(organisations.newLink()).toHaveCount(0);
  await app.open('#/organisations/new');
  await expect(newOrg.notForRole()).toContainText('A studio manager cannot open a business account');
  await expect(newOrg.form()).toHaveCount(0);

  // The organisation (403) and its evidence document (its organisation was refused) are refused;
  // nothing is left waiting, so neither holds up the queues.
  await expect(app.syncRefused()).toHaveText('2 changes refused by the server', { timeout: 20_000 });
  await expect(app.syncPending()).toHaveCount(0);
  await app.nav('Sync');
  const list = sync.refusals();
  await expect(list).toBeVisible();
  const rows = sync.refusalRows();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Organisations: Fotostudio Zuid B.V.' })).toContainText('A studio manager cannot open a business account; your dealer can.');
  await expect(rows.filter({ hasText: 'kvk-e2e.pdf' })).toContainText('Its organisation was refused by the server: A studio manager cannot open a business account');
  await app.shot('sync-refused');

  await sync.dismiss(/Organisations: Fotostudio Zuid B\.V\./);
  await expect(rows).toHaveCount(1);
  await sync.dismiss(/.*kvk-e2e\.pdf/);
  await expect(list).toHaveCount(0);
  await expect(app.syncRefused()).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
