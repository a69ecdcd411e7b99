/**
 * One person's data stays theirs on a shared counter PC (one browser profile, the real server):
 * dealer A works while the program server is unreachable and signs out keeping the changes;
 * dealer B signs in on the same profile and sees none of A's customers, and B's sync sends none
 * of A's changes (checked in every push body and on the server); A signs in again and A's changes
 * arrive under A's token; A then removes their data and IndexedDB holds no database of A's.
 */
import type { Request, Route } from '@playwright/test';
import { expect, test, useServer } from './support/fixture';

const server = useServer();

const orgA = 'Fotostudio Alleen-A B.V.';

/** RxDB database names behind IndexedDB names (RxDB's Dexie storage names them `rxdb-dexie-<database>--<version>--<collection>`). */
const databasesOf = (names: string[]) => new Set(names.map((n) => /^rxdb-dexie-(.+?)--\d+--/.exec(n)?.[1]).filter((n): n is string => !!n));
const serialsA = ['104411110001', '104411110002'];

test('dealer B never sees nor sends dealer A\'s data; A\'s changes sync under A; A removes their data', async ({ page, app, newOrg, detail, counter, pageErrors }) => {
  test.setTimeout(150_000);
  // Every push the page sends is recorded; the ones aborted while the server is "down" never
  // reached it (the route answers them with a network error) and are told apart by `unreachable`.
  const pushes: { auth: string; body: string; request: Request }[] = [];
  const unreachable = new Set<Request>();
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && r.url().startsWith(server.url) && r.url().includes('/push')) pushes.push({ auth: r.headers()['authorization'] ?? '', body: r.postData() ?? '', request: r });
  });
  const serverDown = (route: Route) => {
    unreachable.add(route.request());
    return route.abort('internetdisconnected');
  };

  // A signs in, then works with the program server unreachable
  await app.signInTo(server, 'dealer@demo.test', { waitSynced: true });
  const databasesA = databasesOf(await app.indexedDbNames());
  expect(databasesA.size).toBe(1); // A's replica
  await page.route(`${server.url}/**`, serverDown);
  await app.nav('Organisations');
  await newOrg.startFromScan('chamber-extract', 'test/fixtures/evidence/kvk-e2e.pdf');
  await newOrg.field('name').fill(orgA);
  await newOrg.submit();
  const orgAId = await detail.currentId();
  await app.nav('Counter');
  await counter.chooseOrganisation(orgA);
  for (const s of serialsA) await counter.register('EOS-R3', s);
  await app.shot('a-offline-work');
  const question = await app.askSignOut();
  expect(question).toMatch(/^[1-9]\d* changes of yours are not synced with the server yet\.$/);
  await app.settings.keepDataAndSignOut();
  await expect(app.signedOut.title()).toBeVisible();
  await page.unroute(`${server.url}/**`, serverDown);
  // nothing of A's reached the server yet: every push A's sync tried while the server was down was aborted
  expect(pushes.filter((p) => !unreachable.has(p.request)).map((p) => p.body)).toEqual([]);
  pushes.splice(0);

  // B signs in on the same profile: a replica of B's own
  await expect(app.signedOut.users()).toContainText('dealer@demo.test');
  await app.signIn('dealer2@demo.test', server.password);
  await app.waitSynced(30_000);
  const databasesB = [...databasesOf(await app.indexedDbNames())].filter((d) => !databasesA.has(d));
  expect(databasesB).toHaveLength(1); // B's own replica beside A's
  await app.nav('Organisations');
  await expect(app.main()).not.toContainText(orgA);
  await app.nav('Counter');
  for (const s of serialsA) await expect(counter.anythingWithSerial(s)).toHaveCount(0);
  await app.shot('b-sees-nothing-of-a');
  const pushesByB = pushes.splice(0);
  for (const p of pushesByB) {
    expect(p.body).not.toContain(orgAId);
    for (const s of serialsA) expect(p.body).not.toContain(s);
  }
  const tokenA = (await server.login('dealer@demo.test')).token;
  const tokenB = (await server.login('dealer2@demo.test')).token;
  expect((await server.pull(tokenA, 'organisations')).map((o) => o.id)).not.toContain(orgAId);
  expect((await server.pull(tokenB, 'organisations')).map((o) => o.id)).not.toContain(orgAId);
  expect((await server.pull(tokenA, 'registrations')).map((r) => r.serialNumber)).not.toEqual(expect.arrayContaining([serialsA[0]]));
  await app.signOutKeeping();

  // A signs in again through the switch-user list: A's changes go, under A's token only
  await app.switchUser('dealer@demo.test', server.password);
  await app.waitSynced(30_000);
  await expect.poll(async () => (await server.pull(tokenA, 'organisations')).map((o) => o.id), { timeout: 20_000 }).toContain(orgAId);
  await expect.poll(async () => (await server.pull(tokenA, 'registrations')).map((r) => r.serialNumber), { timeout: 20_000 }).toEqual(expect.arrayContaining(serialsA));
  const pushesByA = pushes.splice(0);
  expect(pushesByA.some((p) => p.body.includes(orgAId))).toBe(true);
  const authOfA = new Set(pushesByA.filter((p) => p.body.includes(orgAId) || serialsA.some((s) => p.body.includes(s))).map((p) => p.auth));
  expect(authOfA.size).toBe(1);
  expect(pushesByB.map((p) => p.auth)).not.toContain([...authOfA][0]);

  // A removes their data: no database of A's is left, B's stays
  await app.signOutRemoving();
  await expect(app.signedOut.users()).not.toContainText('dealer@demo.test');
  await expect(app.signedOut.users()).toContainText('dealer2@demo.test');
  const left = databasesOf(await app.indexedDbNames());
  expect([...left].filter((d) => databasesA.has(d))).toEqual([]);
  expect([...left]).toEqual(databasesB);
  await app.shot('a-removed');
  expect(pageErrors).toEqual([]);
});
