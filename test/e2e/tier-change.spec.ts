/**
 * Changing tier on the same day, in Chromium against the real server (docs/program.md#changing-tier):
 * Platinum, then Corporate C → the sign-up says beforehand that it replaces Platinum; afterwards the
 * Platinum card says "Replaced by Corporate C on <date>" (no validity, never "Expired"), its invoice
 * shows as cancelled with the credit note, the Invoices screen lists the credit note as a credit
 * with the invoice it cancels, and its exported PDF is a credit note naming that invoice, in the
 * organisation's language (Dutch) though the app is in English.
 */
import { formatDate } from '../../shared/text/dates';
import { expect, test, useServer } from './support/fixture';
import { pdfjsText } from './support/pdf';
import { seedEvidenceDocument, seedOrganisation, seedRegistrations } from './support/seed';

let orgId: string;
const server = useServer({
  // A validated organisation of the demo dealer with 2,500 confirmed points (EOS R1 900 × 2 + EOS R3 700).
  seed: async (s) => {
    const org = await seedOrganisation(s, 'dealer@demo.test', { name: 'Studio Wissel B.V.', legalForm: 'B.V.', street: 'Damrak', houseNumber: '1', postcode: '1012 LG', city: 'Amsterdam', vatNumber: 'NL004495445B01', chamberNumber: '33283281', email: 'studio-wissel@example.test', status: 'pending-validation' });
    orgId = org.id;
    await seedEvidenceDocument(s, org.token, orgId, 'kvk.pdf');
    await s.cli('validate-organisation', orgId);
    const regs = await seedRegistrations(s, org.token, orgId, [['pm-eos-r1', '110000000001'], ['pm-eos-r1', '110000000002'], ['pm-eos-r3', '110000000003']]);
    expect(regs.map((r) => r.status)).toEqual(['points-assigned', 'points-assigned', 'points-assigned']);
  },
});

test('Platinum, then Corporate C the same day: replaced card, cancelled invoice, credit note PDF', async ({ app, membership, invoices, pageErrors }, testInfo) => {
  test.setTimeout(180_000);
  await app.signInTo(server, 'dealer@demo.test');

  await app.open(`#/membership/${orgId}`);
  await membership.fill('Platinum');
  await expect(membership.tierChangeNotice()).toHaveCount(0);
  await membership.confirm();
  await membership.waitActive('Platinum');

  await membership.changeTier();
  await membership.fill('Platinum');
  await expect(membership.tierChangeNotice()).toContainText('already holds Platinum');
  await membership.fill('Corporate C', { corporate: true });
  await expect(membership.tierChangeNotice()).toHaveAttribute('data-kind', 'replace');
  await expect(membership.tierChangeNotice()).toContainText('This replaces the Platinum membership');
  await app.shot('tier-change-announced');
  await membership.confirm();
  await membership.waitActive('Corporate C');

  const today = new Date().toISOString().slice(0, 10);
  const shown = formatDate(today, 'en'); // the app's one English date format (shared/text/dates.ts)
  const platinum = membership.card('Platinum');
  await expect(membership.replacedNote('Platinum')).toHaveText(`Replaced by Corporate C on ${shown}`, { timeout: 20_000 });
  await expect(platinum).not.toContainText('Expired');
  await expect(platinum).not.toContainText('Valid ');
  await expect(membership.cardInvoice('Platinum')).toContainText('cancelled by credit note CN-');
  await expect(membership.cardCreditNote('Platinum')).toContainText('Credit note CN-');
  await app.shot('replaced-card');

  await app.nav('Invoices');
  await expect(invoices.rows()).toHaveCount(3);
  const creditRow = invoices.creditNoteRows();
  const invoiceNumber = (await invoices.rowsWith('Cancelled').getAttribute('data-invoice'))!;
  await expect(invoices.creditedInvoice(creditRow)).toContainText(`Credits invoice ${invoiceNumber}`);
  await expect(creditRow).toContainText('-€363.00');
  await app.shot('invoices-with-credit-note');
  const download = invoices.exportCreditNote(creditRow);
  const file = testInfo.outputPath((await download).suggestedFilename());
  await (await download).saveAs(file);
  const text = (await pdfjsText(file)).replace(/\s+/g, ' ');
  // in the credit note's language (the Dutch organisation's), though the app is in English
  expect(text).toContain('CREDITNOTA');
  expect(text).toContain(`${invoiceNumber} van ${formatDate(today, 'nl')}`);
  expect(text).toContain('363,00');
  expect(text).not.toContain('CREDIT NOTE');
  expect(pageErrors).toEqual([]);
});
