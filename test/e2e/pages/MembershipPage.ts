import { expect, type Page } from '@playwright/test';
import { HostedCardPage } from './HostedCardPage';

/** Page model of the Membership screen (`#/membership[/<organisationId>]`): tier, PO number, payment, terms, the membership cards. */
export class MembershipPage {
  constructor(readonly page: Page) {}

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

  /** The terms and conditions in force, as shown before accepting them. */
  termsText() {
    return this.page.getByTestId('terms-text');
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

  /** Fills the sign-up form for `tier` (switching to corporate tiers when asked), bank transfer, terms accepted. */
  async fill(tier: string, opts: { corporate?: boolean } = {}) {
    if (opts.corporate) await this.page.getByRole('radio', { name: 'Corporate', exact: true }).check();
    await this.page.getByRole('radio', { name: new RegExp(tier) }).check();
    await this.page.getByRole('radio', { name: /Bank transfer/ }).check();
    await this.page.getByRole('checkbox', { name: /I accept/ }).check();
  }

  /** Opens the form again while a membership is active ("Change tier or sign up again"). */
  async changeTier() {
    await this.page.getByRole('button', { name: 'Change tier or sign up again' }).click();
  }

  /** The card of the membership of `tier`. */
  card(tier: string) {
    return this.page.getByRole('article', { name: `Membership card ${tier}` });
  }

  /** Waits until the card of `tier` carries the server's membership number. */
  async waitActive(tier: string) {
    await expect(this.card(tier).getByTestId('membership-number')).toHaveText(/^\d{3} \d{3} \d{3}$/, { timeout: 20_000 });
    await expect(this.card(tier).getByTestId('membership-invoice')).toBeVisible({ timeout: 20_000 });
  }

  tierChangeNotice() {
    return this.page.getByTestId('tier-change-notice');
  }

  /** Signs up for `tier` by credit card, terms accepted (English UI). */
  async signUpByCard(tier: string) {
    await this.chooseTier(new RegExp(tier));
    await this.choosePayment(/Credit card/);
    await this.acceptTerms();
    await this.confirm();
  }

  /** The card step on the membership card (`data-step`: queued, pending, declined, abandoned); gone once the membership is active. */
  cardStep() {
    return this.page.getByTestId('card-authorisation');
  }

  /** Presses the card step's button (Authorise card, or Try again after a decline) and returns the provider's page it opens in a new tab. */
  async openCardPage(): Promise<HostedCardPage> {
    const opened = this.page.context().waitForEvent('page');
    await this.cardStep().getByRole('button').click();
    const page = await opened;
    await page.waitForLoadState();
    return new HostedCardPage(page);
  }
}
