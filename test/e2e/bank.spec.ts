/**
 * Bank transfers on the desk in Chromium against the real server: the back-office user imports a
 * camt.053 statement from the desk (file input → POST /admin/bank/statements); nothing matches
 * an invoice on this fresh server, so every booked credit lands on the review list with its
 * reason; importing the same file again changes nothing; a file that is not a camt.053 statement
 * is refused with a plain message; the next day's statement is imported with the back-office CLI
 * (`npm run server -- import-bank-statement`, through the running server) and its credits join
 * the list; a credit is set aside with a note (without one it is refused) and leaves the list.
 */
import { expect, test, useServer } from './support/fixture';

const day1 = 'test/fixtures/camt053/abn-2026-04-02.camt053.001.02.xml';
const day2 = 'test/fixtures/camt053/abn-2026-04-03.camt053.001.08.xml';
const notCamt = 'test/fixtures/camt053/not-a-statement.pain001.xml';

const server = useServer();

test('the back office imports bank statements on the desk and from the CLI, and resolves what waits for review', async ({ page, app, bank, pageErrors }) => {
  test.setTimeout(240_000);
  await app.signInTo(server, 'office@demo.test');
  await app.nav('Desk');
  await expect(bank.heading()).toBeVisible();
  await expect(bank.nothingToReview()).toBeVisible();

  await bank.importStatement(day1);
  await expect(bank.result()).toContainText('Statement 0417164300-2026-04-01: 6 credits, 0 invoices paid, 6 to review');
  await expect(bank.reviewRows()).toHaveCount(6);
  await expect(bank.row('Müller & Söhne GmbH')).toContainText('No invoice with this reference');
  await expect(bank.row('Müller & Söhne GmbH')).toContainText('€205.70');
  await app.shot('imported');

  await bank.importStatement(day1);
  await expect(bank.result()).toContainText('was imported before; nothing changed');
  await expect(bank.reviewRows()).toHaveCount(6);

  await bank.importStatement(notCamt);
  await expect(bank.error()).toContainText('This file is not a camt.053 bank statement');
  await app.shot('refused');

  // The next day's statement from the CLI, through the running server.
  const out = JSON.parse(await server.cli('import-bank-statement', day2)) as { statements: Array<{ statementId: string; credits: number; duplicates: number }> };
  expect(out.statements).toEqual([expect.objectContaining({ statementId: '0417164300-2026-04-02', credits: 4, duplicates: 1 })]);
  await page.reload();
  await expect(bank.reviewRows()).toHaveCount(9);

  await bank.setAside('J. de Vries', '');
  await expect(bank.row('J. de Vries')).toContainText('Say why the payment is set aside');
  await bank.setAside('J. de Vries', 'fotoclub, refunded');
  await expect(bank.reviewRows()).toHaveCount(8);
  await expect(bank.row('J. de Vries')).toHaveCount(0);
  await app.shot('resolved');
  expect(pageErrors).toEqual([]);
});
