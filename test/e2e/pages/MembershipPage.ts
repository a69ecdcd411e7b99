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

  /** Ticks the terms checkbox (its label in the UI language: English unless `label` is given). */
  async acceptTerms(label: RegExp = /I accept/) {
    await this.page.getByRole('checkbox', { name: label }).check();
  }

  /** Presses the sign-up button (its English name unless `name` is given). */
  async confirm(name = 'Confirm sign-up') {
    await this.page.getByRole('button', { name }).click();
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

  /** The card of the membership of `tier` (`label`: the card's name before the tier in the UI language, English by default). */
  card(tier: string, label = 'Membership card') {
    return this.page.getByRole('article', { name: `${label} ${tier}` });
  }

  /** The membership number on the card of `tier` (see {@link card}). */
  cardNumber(tier: string, label?: string) {
    return this.card(tier, label).getByTestId('membership-number');
  }

  /** Waits until the card of `tier` carries the server's membership number. */
  async waitActive(tier: string) {
    await expect(this.cardNumber(tier)).toHaveText(/^\d{3} \d{3} \d{3}$/, { timeout: 20_000 });
    await expect(this.cardInvoice(tier)).toBeVisible({ timeout: 20_000 });
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

  /** The card step's button (Authorise card, or Try again after a decline); none while the step waits for the server. */
  cardStepButton() {
    return this.cardStep().getByRole('button');
  }

  /** Presses the card step's button (Authorise card, or Try again after a decline) and returns the provider's page it opens in a new tab. */
  async openCardPage(): Promise<HostedCardPage> {
    const opened = this.page.context().waitForEvent('page');
    await this.cardStepButton().click();
    const page = await opened;
    await page.waitForLoadState();
    return new HostedCardPage(page);
  }

  /** On the card of `tier`: the line saying which membership replaced it, and when. */
  replacedNote(tier: string) {
    return this.card(tier).getByTestId('membership-replaced');
  }

  /** On the card of `tier`: its invoice (number, state). */
  cardInvoice(tier: string) {
    return this.card(tier).getByTestId('membership-invoice');
  }

  /** On the card of `tier`: the credit note that cancelled its invoice. */
  cardCreditNote(tier: string) {
    return this.card(tier).getByTestId('membership-credit-note');
  }
}
