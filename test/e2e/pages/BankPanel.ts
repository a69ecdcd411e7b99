import type { Page } from '@playwright/test';

/** Page model of the desk's bank-transfer panel: statement import, its result, the review list. */
export class BankPanel {
  constructor(readonly page: Page) {}

  /** Chooses the statement file `path` in the import field (the import starts at once). */
  async importStatement(path: string) {
    await this.page.locator('#bank-statement').setInputFiles(path);
  }

  /** The panel's heading ("Bank transfers"). */
  heading() {
    return this.page.getByRole('heading', { name: /Bank transfers|Bankoverschrijvingen/ });
  }

  /** The review list's "no payments wait for review" line. */
  nothingToReview() {
    return this.page.getByText(/No payments wait for review\.|Er wachten geen betalingen op beoordeling\./);
  }

  result() {
    return this.page.getByTestId('bank-result');
  }

  error() {
    return this.page.getByTestId('bank-error');
  }

  /** Rows of the review list. */
  reviewRows() {
    return this.page.locator('table.bank-review tbody tr');
  }

  /** The review row of the credit from `debtor` (its name as the bank delivered it). */
  row(debtor: string) {
    return this.reviewRows().filter({ hasText: debtor });
  }

  /** Sets a credit aside with `note` (empty: none). */
  async setAside(debtor: string, note: string) {
    const row = this.row(debtor);
    await row.getByLabel(/Note|Notitie/).fill(note);
    await row.getByRole('button', { name: /Set aside|Apart zetten/ }).click();
  }
}
