import { expect, type Page } from '@playwright/test';

/** Page model of the whole app: navigation, settings and sign-in, sync, screenshots per story step. */
export class DeskApp {
  private step = 0;
  constructor(
    readonly page: Page,
    private readonly shotDir: string,
  ) {}

  async open(hash = '#/counter') {
    await this.page.goto(`/index.html${hash}`);
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
  }

  /** Waits until the service worker has cached what the app loads on demand (browser build). */
  async waitOfflineReady() {
    await expect(this.page.locator('body[data-offline-ready="true"]')).toBeAttached({ timeout: 30_000 });
  }

  /** Full-page screenshot `NN-name.png` in the story's folder under test-results/. */
  async shot(name: string) {
    this.step += 1;
    await this.page.screenshot({ path: `${this.shotDir}/${String(this.step).padStart(2, '0')}-${name}.png`, fullPage: true });
  }

  /** Goes to a screen through the main navigation (by its visible name). */
  async nav(name: RegExp | string) {
    await this.page.getByRole('navigation').getByRole('link', { name }).click();
  }

  async configureServer(url: string, language: 'en' | 'nl' = 'en') {
    await this.open('#/settings');
    await this.page.locator('#server-url').fill(url);
    await this.page.locator('#language').selectOption(language);
    await this.page.locator('.settings-form button[type=submit]').first().click();
  }

  async signIn(email: string, password: string) {
    await this.page.locator('#sign-in-email').fill(email);
    await this.page.locator('#sign-in-password').fill(password);
    await this.page.locator('#sign-in-password').press('Enter');
    await expect(this.page.getByTestId('signed-in-as')).toContainText(email);
  }

  syncIndicator() {
    return this.page.locator('.sync-indicator');
  }

  /** Waits until sync is online with nothing left in the outbox. */
  async waitSynced(timeout = 20_000) {
    await expect(this.syncIndicator()).toHaveAttribute('data-state', 'online', { timeout });
    await expect(this.syncIndicator().locator('.pending')).toHaveCount(0, { timeout });
  }

  /** Settings → Sign out; returns the sign-out question's text (how many changes are not synced). */
  async askSignOut(): Promise<string> {
    await this.open('#/settings');
    await this.page.getByTestId('sign-out').getByRole('button', { name: /^(Sign out|Afmelden)$/ }).click();
    const question = this.page.getByTestId('unsynced-count');
    await expect(question).toBeVisible();
    return (await question.textContent()) ?? '';
  }

  /** Signs out keeping the local data; the sign-in screen follows. */
  async signOutKeeping() {
    await this.askSignOut();
    await this.page.getByRole('button', { name: /Sign out \(keep them on this computer\)|Afmelden \(bewaar/ }).click();
    await expect(this.page.locator('#signed-out-title')).toBeVisible();
  }

  /** Signs out and removes this user's data, confirming twice; the sign-in screen follows. */
  async signOutRemoving() {
    await this.askSignOut();
    await this.page.getByRole('button', { name: /Remove my data from this computer|Mijn gegevens van deze computer verwijderen/ }).click();
    await this.page.getByRole('button', { name: /Yes, remove my data|Ja, verwijder mijn gegevens/ }).click();
    await expect(this.page.locator('#signed-out-title')).toBeVisible();
  }

  /** On the sign-in screen: picks `email` from the switch-user list and signs in. */
  async switchUser(email: string, password: string) {
    await this.page.getByTestId('switch-user').getByRole('button', { name: email }).click();
    await expect(this.page.locator('#sign-in-email')).toHaveValue(email);
    await this.page.locator('#sign-in-password').fill(password);
    await this.page.locator('#sign-in-password').press('Enter');
    await expect(this.page.getByTestId('signed-in-as')).toContainText(email);
  }

  /** Names of the IndexedDB databases of this browser profile. */
  async indexedDbNames(): Promise<string[]> {
    return this.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
  }
}
