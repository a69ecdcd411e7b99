import { expect, type Page } from '@playwright/test';

/** Page model of the Settings screen (`#/settings`): computer settings, sign-in and sign-out. */
export class SettingsPage {
  constructor(private readonly page: Page) {}

  /** Sets the program server and the language, and saves. */
  async configureServer(url: string, language: 'en' | 'nl' = 'en') {
    await this.page.locator('#server-url').fill(url);
    await this.page.locator('#language').selectOption(language);
    await this.save();
  }

  /** Sets the language only, and saves. */
  async setLanguage(language: 'en' | 'nl') {
    await this.page.locator('#language').selectOption(language);
    await this.save();
  }

  /** Sets the program server only, and saves. */
  async setServer(url: string) {
    await this.page.locator('#server-url').fill(url);
    await this.save();
  }

  private async save() {
    await this.page.locator('.settings-form button[type=submit]').first().click();
  }

  /** Signs in with the form (also the signed-out screen's form) and waits for "Signed in as". */
  async signIn(email: string, password: string) {
    await this.page.locator('#sign-in-email').fill(email);
    await this.page.locator('#sign-in-password').fill(password);
    await this.page.locator('#sign-in-password').press('Enter');
    // signing in opens the user's local database and starts sync: seconds on a loaded machine
    await expect(this.signedInAs()).toContainText(email, { timeout: 30_000 });
  }

  signedInAs() {
    return this.page.getByTestId('signed-in-as');
  }

  /** "Sign out"; returns the question's text (how many changes are not synced). */
  async askSignOut(): Promise<string> {
    await this.page.getByTestId('sign-out').getByRole('button', { name: /^(Sign out|Afmelden)$/ }).click();
    const question = this.page.getByTestId('unsynced-count');
    await expect(question).toBeVisible();
    return (await question.textContent()) ?? '';
  }

  /** Answers the sign-out question: keep the data on this computer. */
  async keepDataAndSignOut() {
    await this.page.getByRole('button', { name: /Sign out \(keep them on this computer\)|Afmelden \(bewaar/ }).click();
  }

  /** Answers the sign-out question: remove this user's data, confirming. */
  async removeDataAndSignOut() {
    await this.page.getByRole('button', { name: /Remove my data from this computer|Mijn gegevens van deze computer verwijderen/ }).click();
    await this.page.getByRole('button', { name: /Yes, remove my data|Ja, verwijder mijn gegevens/ }).click();
  }
}
