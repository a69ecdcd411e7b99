import type { Page } from '@playwright/test';

/**
 * Page model of the payment provider's hosted card page, as the local Stripe stand-in serves it
 * (server/payments/stripeStandIn.ts, `/pay/<session>`), opened by the app in a new tab; in the
 * language the app asked for (English or Dutch).
 */
export class HostedCardPage {
  constructor(readonly page: Page) {}

  url(): string {
    return this.page.url();
  }

  /** Types the test card `number` and saves it (the provider then authorises zero or declines). */
  async saveCard(number: string) {
    await this.page.getByLabel(/^(Card number|Kaartnummer)/).fill(number);
    await this.page.getByRole('button', { name: /^(Save card|Kaart opslaan)$/ }).click();
  }

  /** The page's text (the provider's answer, or the app's return page after a saved card). */
  body() {
    return this.page.locator('body');
  }

  async close() {
    await this.page.close();
  }
}
