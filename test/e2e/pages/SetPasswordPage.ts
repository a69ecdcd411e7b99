import type { Page } from '@playwright/test';

/** Page model of the server's set-password page (the link in the "account ready" e-mail). */
export class SetPasswordPage {
  constructor(private readonly page: Page) {}

  /** Opens the e-mail's link. */
  async open(link: string) {
    await this.page.goto(link);
  }

  async setPassword(password: string) {
    await this.page.locator('#p').fill(password);
    await this.page.getByRole('button', { name: 'Set password' }).click();
  }

  /** The page's answer ("Password set for …" or why not). */
  message() {
    return this.page.locator('#m');
  }
}
