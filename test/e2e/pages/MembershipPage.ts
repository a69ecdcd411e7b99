import type { Page } from '@playwright/test';

/** Page model of the Membership screen (`#/membership[/<organisationId>]`): tier, PO number, payment, terms, the membership card. */
export class MembershipPage {
  constructor(private readonly page: Page) {}

  /** Selects the eligible tier whose label matches `name`. */
  async chooseTier(name: RegExp | string) {
    await this.page.getByRole('radio', { name }).check();
  }

  async setPurchaseOrder(number: string) {
    await this.page.getByLabel('Purchase-order number (optional)').fill(number);
  }

  async choosePayment(name: RegExp | string) {
    await this.page.getByRole('radio', { name }).check();
  }

  /** The payment methods with their terms. */
  payment() {
    return this.page.locator('.payment');
  }

  async acceptTerms() {
    await this.page.getByRole('checkbox', { name: /I accept/ }).check();
  }

  async confirm() {
    await this.page.getByRole('button', { name: 'Confirm sign-up' }).click();
  }

  membershipNumber() {
    return this.page.getByTestId('membership-number');
  }

  membershipInvoice() {
    return this.page.getByTestId('membership-invoice');
  }

  /** The "saved; awaiting the server" line under the heading. */
  savedMessage() {
    return this.page.locator('.membership .saved-message');
  }
}
