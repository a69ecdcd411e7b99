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

  /** The rows of credit notes (numbers `CN-…`). */
  creditNoteRows() {
    return this.page.locator('tr[data-invoice^="CN-"]');
  }

  /** The invoice rows whose text contains `text` (e.g. "Cancelled"). */
  rowsWith(text: string) {
    return this.rows().filter({ hasText: text });
  }

  /** Exports the credit note of `row` and returns the download. */
  async exportCreditNote(row: ReturnType<InvoicesPage['rows']>) {
    const download = this.page.waitForEvent('download');
    await row.getByRole('button', { name: /Export credit note|Creditnota .* als pdf exporteren/ }).click();
    return download;
  }

  /** The "issued from" date filter. */
  issuedFrom() {
    return this.page.getByLabel(/^(Issued from|Uitgegeven vanaf)$/);
  }

  /** The alert that says what is wrong with a typed date, when it says `text`. */
  dateError(text: string) {
    return this.page.getByRole('alert').filter({ hasText: text });
  }

  exportStatus() {
    return this.page.locator('.export-status');
  }

  /** In a credit note's row: the line naming the invoice it credits. */
  creditedInvoice(row: ReturnType<InvoicesPage['rows']>) {
    return row.getByTestId('credit-note-of');
  }
}
