/**
 * The dealer's day, end to end: the browser build against the real program server on
 * loopback. One scripted story with a screenshot per step in test-results/story/, then a shorter
 * Dutch story that checks no English is left on the screens it visits, in a server refusal reason,
 * in the e-mail the validation sends and on the set-password page (support/english.ts).
 */
import { readFileSync } from 'node:fs';
import { formatDate } from '../../shared/invoice/format';
import { hasValidMembershipCheckDigit } from '../../shared/program/membership';
import { expect, test, useServer } from './support/fixture';
import { englishFragments, expectNoEnglish } from './support/english';
import { mailBody, outboxMails } from './support/outbox';
import { pdfjsText, popplerText } from './support/pdf';
import { seedOrganisation, seedRegistrations } from './support/seed';
import { newId } from './support/server';

const fixture = 'test/fixtures/evidence/kvk-e2e.pdf';
const truth = JSON.parse(readFileSync('test/fixtures/evidence/kvk-e2e.json', 'utf8')) as { fields: Record<string, { value: string }> };

/** The serial another organisation (dealer2's customer) registered on the server before the story. */
const takenSerial = '918273645501';
/** The six registrations: four complete (700 + 200 + 190 + 120 = 1,210 points → Gold), one without purchase date, one duplicate. */
const gear = [
  { model: 'EOS-R3', serial: '104400000001', points: 700 },
  { model: 'RF-85-12L', serial: '2044000001', points: 200 },
  { model: 'RF-135-18L', serial: '3044000001', points: 190 },
  { model: 'RF-24-105-4L', serial: '4044000001', points: 120 },
  { model: 'EOS-R6-II', serial: '504400000001', points: 0, purchaseDate: null },
  { model: 'EOS-R50', serial: takenSerial, points: 0 },
] as const;

const server = useServer({
  // dealer2 registers the serial first, for another organisation
  seed: async (s) => {
    const org = await seedOrganisation(s, 'dealer2@demo.test', { name: 'Beeldbank Noord B.V.', city: 'Groningen' });
    const [decided] = await seedRegistrations(s, org.token, org.id, [['pm-eos-r50', takenSerial]], { dealerName: 'Camera Noord' });
    expect(decided?.status).toBe('points-assigned');
  },
});

test('the dealer’s day: KvK import offline, six registrations, validation, Gold sign-up, invoice PDF', async ({ page, context, app, newOrg, detail, counter, membership, invoices, sync, pageErrors }, testInfo) => {
  test.setTimeout(180_000);
  page.on('console', (m) => console.log('[browser]', m.type(), m.text()));

  // 1. sign in as the demo dealer
  await app.signInTo(server, 'dealer@demo.test', { waitSynced: true });
  await app.waitOfflineReady();
  await app.shot('signed-in');

  // 2. offline
  await context.setOffline(true);
  // no network at all (not "server not reachable"), and since when
  await expect(app.syncIndicator()).toHaveAttribute('data-state', 'no-network', { timeout: 15_000 });
  await expect(app.syncIndicator()).toContainText('No network');
  await expect(app.syncLastSynced()).toContainText(/Last synced \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}/);

  // 3. import the scanned Chamber of Commerce extract: the form is filled and correct
  await app.nav('Organisations');
  await newOrg.startFromScan('chamber-extract', fixture);
  await app.shot('kvk-imported');
  for (const name of ['name', 'legalForm', 'street', 'houseNumber', 'postcode', 'city', 'vatNumber', 'chamberNumber']) {
    await expect(newOrg.field(name), `field ${name}`).toHaveValue(truth.fields[name]!.value);
  }
  await expect(newOrg.fieldBoxes()).not.toHaveCount(0);
  await newOrg.field('chamberNumber').focus();
  await expect(newOrg.fieldBoxes('chamberNumber')).toBeVisible();
  await app.shot('kvk-source-highlighted');
  await newOrg.field('email').fill('studio@lichtval.example');

  // 4. submit (queued offline)
  await newOrg.submit();
  const organisationId = await detail.currentId();
  await expect(detail.heading()).toHaveText(truth.fields.name!.value);
  await app.shot('organisation-submitted-offline');

  // 5. six registrations at the counter (organisation preselected)
  await app.nav('Counter');
  for (const g of gear) await counter.register(g.model, g.serial, 'purchaseDate' in g ? { purchaseDate: g.purchaseDate } : {});
  await expect(counter.rows()).toHaveCount(6);
  await expect(app.syncPending()).toBeVisible();
  await app.shot('six-registered-offline');

  // 6. online → sync
  await context.setOffline(false);
  await app.nav('Sync');
  await sync.retryNow();
  await app.waitSynced(30_000);
  await app.shot('synced');

  // 7. the back office validates through the server CLI
  const out = await server.cli('validate-organisation', organisationId);
  expect(out).toContain('validated');

  // 8. within seconds: four green checks, one incomplete, one already registered elsewhere
  await detail.open(organisationId);
  await expect(detail.statusBadge('validated')).toBeVisible({ timeout: 10_000 });
  for (const g of gear.slice(0, 4)) await expect(detail.registration(g.serial)).toHaveAttribute('data-status', 'points-assigned', { timeout: 10_000 });
  await expect(detail.registration(gear[4].serial)).toHaveAttribute('data-status', 'incomplete');
  await expect(detail.registration(gear[4].serial)).toContainText('purchase date');
  await expect(detail.registration(takenSerial)).toHaveAttribute('data-status', 'rejected-duplicate');
  await expect(detail.registration(takenSerial)).toContainText('Already registered elsewhere');
  await expect(detail.pointsAssignedChecks()).toHaveCount(4);
  await expect(detail.confirmedPoints()).toHaveText('1,210');
  await expect(detail.eligibleTiers()).toContainText('Gold');
  await expect(detail.eligibleTiers()).not.toContainText('Platinum');
  await app.shot('verdicts-and-points');

  // 9. sign up for Gold with bank transfer and a PO number
  await detail.openMembership();
  await membership.chooseTier(/Gold/);
  await membership.setPurchaseOrder('PO-2026-0042');
  await membership.choosePayment(/Bank transfer/);
  await expect(membership.payment()).toContainText('Extra bank charges may apply; pay before the due date.');
  await expect(membership.termsText()).toContainText('Bank transfer — additional bank charges may apply; pay before the due date'); // the terms in force, readable before accepting
  await membership.acceptTerms();
  await app.shot('sign-up-filled');
  await membership.confirm();
  await expect(membership.membershipNumber()).toBeVisible();
  await app.shot('sign-up-awaiting-server');

  // 10. the server's membership number and invoice appear
  await expect(membership.membershipNumber()).toHaveText(/^\d{3} \d{3} \d{3}$/, { timeout: 15_000 });
  await expect(membership.membershipInvoice()).toBeVisible({ timeout: 15_000 });
  await expect(membership.savedMessage()).not.toContainText('awaiting the server');
  const membershipNumber = (await membership.membershipNumber().textContent())!.replace(/\s/g, '');
  await app.shot('membership-active');

  // 11. export the invoice PDF and check its text
  await app.nav('Invoices');
  const row = invoices.rows();
  await expect(row).toHaveCount(1);
  const invoiceNumber = (await row.getAttribute('data-invoice'))!;
  const dueDate = (await row.getAttribute('data-due'))!;
  await app.shot('invoices');
  const download = invoices.export(row);
  const file = testInfo.outputPath((await download).suggestedFilename());
  await (await download).saveAs(file);
  await expect(invoices.exportStatus()).toContainText('Saved');
  await app.shot('invoice-exported');
  const text = `${await pdfjsText(file)}\n${await popplerText(file)}`;
  expect(text).toContain(invoiceNumber);
  expect(text).toContain(truth.fields.name!.value);
  expect(text).toContain('Gold');
  expect(text).toContain('205,70'); // €170.00 + 21 % VAT
  expect(text).toContain('PO-2026-0042');
  // in the invoice's language (the Dutch organisation's), not the English app's: one language per document
  expect(text).toContain('FACTUUR');
  expect(text).toContain(formatDate(dueDate, 'nl'));
  for (const english of ['INVOICE', 'Due date', formatDate(dueDate, 'en'), '205.70']) expect(text).not.toContain(english);
  expect(hasValidMembershipCheckDigit(membershipNumber), membershipNumber).toBe(true);
  expect(pageErrors).toEqual([]);
});

test.describe('in Dutch', () => {
  test.use({ locale: 'nl-NL', shotsFolder: 'story-nl' });

test('Dutch: the same screens with no English left', async ({ page, app, newOrg, organisations, detail, counter, membership, invoices, sync, setPassword }) => {
  test.setTimeout(180_000); // two OCR imports and a sign-up round trip on a loaded machine
  expect(englishFragments().length).toBeGreaterThan(100);
  const noEnglish = (screen: string) => expectNoEnglish(page, screen);

  // Beforehand, on another counter PC of dealer 2: a Dutch customer with one pro body (700
  // points) asks for Corporate C (2,500 points) — the server refuses it with a reason code — and
  // the back office validates the account, which e-mails the set-password link.
  const { token, user } = await server.login('dealer2@demo.test');
  const customer = { id: newId(), name: 'Fotostudio Noorderlicht B.V.', country: 'NL', city: 'Leeuwarden', email: 'noorderlicht@example.test', dealerId: user.dealerId, status: 'pending-validation', statusReason: null, legacyEmail: null };
  await server.push(token, 'organisations', [customer]);
  await server.push(token, 'evidenceDocuments', [{ id: newId(), organisationId: customer.id, kind: 'chamber-extract', fileName: 'kvk-noorderlicht.pdf', mimeType: 'application/pdf' }]);
  const office = await server.login('office@demo.test');
  const validated = await fetch(`${server.url}/admin/organisations/${customer.id}/validate`, { method: 'POST', headers: { 'content-type': 'application/json', Authorization: `Bearer ${office.token}` }, body: '{}' });
  expect(validated.status).toBe(200);
  await server.push(token, 'registrations', [
    { id: newId(), organisationId: customer.id, productModelId: 'pm-eos-r3', serialNumber: '104400000077', purchaseDate: '2026-03-02', purchaseDateEstimated: false, purchaseCountry: 'NL', dealerName: 'Camera Noord', status: 'draft', statusReason: null, points: 0, migratedFrom: null },
  ]);
  // the terms version the server has in force (GET /program/terms), accepted with the request
  const termsVersionInForce = ((await (await fetch(`${server.url}/program/terms`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { version: string }).version;
  const [refusedMembership] = await server.push(token, 'memberships', [
    { id: newId(), organisationId: customer.id, tierId: 'tier-corporate-c', paymentMethod: 'bank-transfer', purchaseOrderNumber: null, termsAcceptedAt: new Date().toISOString(), termsVersion: termsVersionInForce, status: 'requested', statusReason: null, membershipNumber: null, validFrom: null, validTo: null },
  ]);
  expect(refusedMembership).toMatchObject({ status: 'rejected', statusReason: 'membership.not-enough-points?tier=Corporate%20C&minPoints=2500&points=700' });
  // and an account the back office rejected: no gear registration is offered for it until it is submitted again
  const rejectedOrg = { id: newId(), name: 'Studio Afgekeurd B.V.', country: 'NL', city: 'Zwolle', email: 'afgekeurd@example.test', dealerId: user.dealerId, status: 'pending-validation', statusReason: null, legacyEmail: null };
  await server.push(token, 'organisations', [rejectedOrg]);
  await server.push(token, 'evidenceDocuments', [{ id: newId(), organisationId: rejectedOrg.id, kind: 'chamber-extract', fileName: 'kvk-afgekeurd.pdf', mimeType: 'application/pdf' }]);
  const rejected = await fetch(`${server.url}/admin/organisations/${rejectedOrg.id}/reject`, { method: 'POST', headers: { 'content-type': 'application/json', Authorization: `Bearer ${office.token}` }, body: JSON.stringify({ reasonCode: 'unreadable' }) });
  expect(rejected.status).toBe(200);

  await app.configureServer(server.url, 'nl');
  await expect(app.documentElement()).toHaveAttribute('lang', 'nl');
  await app.signIn('dealer2@demo.test', server.password);
  await app.waitSynced(30_000);
  await noEnglish('Instellingen');
  await app.shot('instellingen');

  await app.nav('Organisaties');
  await expect(organisations.row('Beeldbank Noord B.V.')).toBeVisible();
  await noEnglish('Organisaties');
  await app.shot('organisaties');

  await newOrg.startFromScan('company-invoice', 'test/fixtures/evidence/nl-invoice-text-layer.pdf');
  await expect(newOrg.field('name')).toHaveValue('Atelier Zilverzout B.V.');
  await noEnglish('Nieuw zakelijk account');
  await app.shot('nieuw-account');
  await newOrg.submit();
  await noEnglish('Organisatie');
  await app.shot('organisatie');

  await app.nav('Balie');
  await counter.register('RF-50-12L', '6044000001');
  await counter.register('EOS-R5', '704400000001', { purchaseDate: null });
  await counter.register('EOS-R5', '70440001');
  await app.waitSynced(30_000);
  await expect(counter.row('704400000001')).toHaveAttribute('data-status', 'incomplete');
  await expect(counter.row('704400000001')).toContainText('Ontbreekt: aankoopdatum');
  // a serial of the wrong format is named as such, not as missing
  await expect(counter.row('70440001')).toHaveAttribute('data-status', 'incomplete');
  await expect(counter.row('70440001')).toContainText('serienummer past niet bij het formaat van dit model');
  await expect(counter.row('70440001')).not.toContainText('Ontbreekt');
  await noEnglish('Balie');
  await app.shot('balie');
  // a rejected account: the counter says why instead of offering the form, and links to "correct and submit again"
  await counter.chooseOrganisation('Studio Afgekeurd B.V.');
  await expect(counter.rejectedNotice()).toContainText('De backoffice heeft het account van Studio Afgekeurd B.V. afgewezen');
  await expect(counter.form()).toBeHidden();
  await noEnglish('Balie (afgewezen account)');
  await app.shot('balie-afgewezen-account');

  await app.nav('Lidmaatschap');
  // sign-up is offered for a validated account: the customer the back office validated beforehand
  await counter.chooseOrganisation('Fotostudio Noorderlicht B.V.');
  await expect(membership.payment()).toContainText('Er kunnen extra bankkosten in rekening worden gebracht; betaal vóór de vervaldatum.');
  // the terms in force, in Dutch, readable before accepting them
  await expect(membership.termsText()).toContainText('Bankoverschrijving — er kunnen extra bankkosten in rekening worden gebracht; betaal vóór de vervaldatum.');
  await noEnglish('Lidmaatschap');
  await app.shot('lidmaatschap');
  // sign up in Dutch: Silver (700 points), bank transfer, the terms accepted → active with a number
  await membership.chooseTier(/Silver/);
  await membership.choosePayment(/Bankoverschrijving/);
  await membership.acceptTerms(/Ik ga namens deze organisatie akkoord met de voorwaarden/);
  await membership.confirm('Aanmelding bevestigen');
  await expect(membership.cardNumber('Silver', 'Lidmaatschapskaart')).toHaveText(/^\d{3} \d{3} \d{3}$/, { timeout: 30_000 });
  await noEnglish('Lidmaatschap (actief)');
  await app.shot('lidmaatschap-actief');

  await app.nav('Facturen');
  // the date filter takes and shows the Dutch format (not the browser's mm/dd/yyyy), with a Dutch error
  const from = invoices.issuedFrom();
  await from.fill('31-02-2026');
  await expect(invoices.dateError('is geen dag in de kalender')).toBeVisible();
  await from.fill('1-3-26');
  await from.blur();
  await expect(from).toHaveValue('01-03-2026');
  await noEnglish('Facturen');
  await app.nav('Synchronisatie');
  await expect(sync.lastSynced()).toContainText(/Laatst gesynchroniseerd \d{2}-\d{2}-\d{4} \d{2}:\d{2}/);
  await noEnglish('Synchronisatie');
  await app.shot('synchronisatie');

  // The server's refusal reason, worded from the Dutch catalog.
  await detail.open(customer.id);
  const card = detail.refusedMembershipCard();
  await expect(card).toContainText('Corporate C vraagt 2500 bevestigde punten; de organisatie heeft er 700', { timeout: 15_000 });
  await noEnglish('Organisatie met afgewezen lidmaatschap');
  await app.shot('afgewezen-lidmaatschap');

  // The e-mail the validation sent: Dutch, from greeting to signature.
  await expect.poll(() => outboxMails(server.dataDir, 'set-password').find((m) => m.includes(customer.email)) ?? '', { timeout: 15_000 }).toContain('Uw CPS-zakelijk account is klaar');
  const mail = outboxMails(server.dataDir, 'set-password').find((m) => m.includes(customer.email))!;
  expect(mailBody(mail)).toContain('Beste Fotostudio Noorderlicht B.V.');
  await expectNoEnglish(mailBody(mail), 'de e-mail "account klaar"');

  // The set-password page the link opens: Dutch, with the password asked twice and Dutch errors.
  const link = /(http:\/\/\S+\/auth\/set-password\?lang=nl#token=[A-Za-z0-9_-]+)/.exec(mail)![1]!;
  await setPassword.open(link);
  await expect(setPassword.documentElement()).toHaveAttribute('lang', 'nl');
  await noEnglish('wachtwoordpagina');
  await expect(setPassword.passwordField('Nieuw wachtwoord')).toBeVisible();
  await expect(setPassword.confirmationField('Herhaal het nieuwe wachtwoord')).toBeVisible();
  await expect(setPassword.submitButton('Wachtwoord instellen')).toBeVisible();
  await setPassword.setPassword('noorderlicht-1', 'noorderlicht-2');
  await expect(setPassword.message()).toHaveText('De twee wachtwoorden zijn niet gelijk. Typ twee keer hetzelfde wachtwoord.');
  await expect(setPassword.confirmationField()).toBeFocused();
  await setPassword.confirmationField().fill('noorderlicht-1');
  await setPassword.submitButton().click();
  await expect(setPassword.message()).toHaveText(`Wachtwoord ingesteld voor ${customer.email}. U kunt nu inloggen in CPS Desk.`);
  await noEnglish('wachtwoordpagina (klaar)');
  await app.shot('wachtwoord-ingesteld');
});
});
