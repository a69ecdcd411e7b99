import type { Page } from '@playwright/test';

/** Page model of the Invoices screen (`#/invoices`): the list and PDF export. */
export class InvoicesPage {
  constructor(private readonly page: Page) {}

  /** Invoice rows (`data-invoice` is the invoice number, `data-due` the due date). */
  rows() {
    return this.page.locator('tr[data-invoice]');
  }

  /** Exports the invoice of `row` and returns the download. */
  async export(row: ReturnType<InvoicesPage['rows']>) {
    const download = this.page.waitForEvent('download');
    await row.getByRole('button', { name: /Export/ }).click();
    return download;
  }

  exportStatus() {
    return this.page.locator('.export-status');
  }
}
