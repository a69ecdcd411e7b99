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
    await this.passwordField().fill(password);
    await this.confirmationField().fill(confirmation);
    await this.submitButton().click();
  }

  /** The submit button, by its label (the page's language shows in it: "Set password" / "Wachtwoord instellen"). */
  submitButton(label: string | RegExp = /^(Set password|Wachtwoord instellen)$/) {
    return this.page.getByRole('button', { name: label });
  }

  /** The new-password field; with `label`, only when its label says so (the page's language: "Nieuw wachtwoord"). */
  passwordField(label?: string | RegExp) {
    return label === undefined ? this.page.locator('#p') : this.page.getByLabel(label).and(this.page.locator('#p'));
  }

  /** The confirmation field ("repeat the new password"); with `label`, only when its label says so. */
  confirmationField(label?: string | RegExp) {
    return label === undefined ? this.page.locator('#c') : this.page.getByLabel(label).and(this.page.locator('#c'));
  }

  /** The document's root element (`<html>`: its `lang` is the page's language). */
  documentElement() {
    return this.page.locator('html');
  }

  /** The page's answer ("Password set for …" / "Wachtwoord ingesteld voor …", or why not). */
  message() {
    return this.page.locator('#m');
  }
}
