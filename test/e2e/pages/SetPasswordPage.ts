import type { Page } from '@playwright/test';

/** Page model of the server's set-password page (the link in the "account ready" e-mail; its language comes from the link's `lang`). */
export class SetPasswordPage {
  constructor(private readonly page: Page) {}

  /** Opens the e-mail's link. */
  async open(link: string) {
    await this.page.goto(link);
  }

  /** Types `password` and its confirmation (`confirmation`, the same by default) and submits. */
  async setPassword(password: string, confirmation = password) {
    await this.page.locator('#p').fill(password);
    await this.page.locator('#c').fill(confirmation);
    await this.page.getByRole('button', { name: /^(Set password|Wachtwoord instellen)$/ }).click();
  }

  /** The page's answer ("Password set for …" / "Wachtwoord ingesteld voor …", or why not). */
  message() {
    return this.page.locator('#m');
  }
}
