import { expect, type Page } from '@playwright/test';
import { SettingsPage } from './SettingsPage';
import { SignedOutPage } from './SignedOutPage';

/**
 * Page model of the app shell: opening the app, the main navigation, the sync indicator,
 * screenshots per story step; settings, sign-in and sign-out through their screens' models.
 */
export class DeskApp {
  private step = 0;
  readonly settings: SettingsPage;
  readonly signedOut: SignedOutPage;
  constructor(
    readonly page: Page,
    private readonly shotDir: string,
  ) {
    this.settings = new SettingsPage(page);
    this.signedOut = new SignedOutPage(page);
  }

  /** The main region of the current screen. */
  main() {
    return this.page.locator('main');
  }

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

  /** Settings → program server and language (SettingsPage). */
  async configureServer(url: string, language: 'en' | 'nl' = 'en') {
    await this.open('#/settings');
    await this.settings.configureServer(url, language);
  }

  /** Settings → language, saved; the app stays signed in. */
  async switchLanguage(language: 'en' | 'nl') {
    await this.open('#/settings');
    await this.settings.setLanguage(language);
  }

  /** Signs in with the form on screen (Settings or the signed-out screen). */
  async signIn(email: string, password: string) {
    await this.settings.signIn(email, password);
  }

  /**
   * Points the app at `server` (Settings: its URL, the language) and signs in as `email` with the
   * server's password; with `waitSynced`, then waits (≤ 30 s) until sync is online with nothing left
   * in the outbox.
   */
  async signInTo(server: { url: string; password: string }, email: string, options: { language?: 'en' | 'nl'; waitSynced?: boolean } = {}) {
    await this.configureServer(server.url, options.language);
    await this.signIn(email, server.password);
    if (options.waitSynced) await this.waitSynced(30_000);
  }

  /** The document's root element (`<html>`: its `lang` is the UI language). */
  documentElement() {
    return this.page.locator('html');
  }

  /** The whole visible document (for checks that a text is shown nowhere). */
  body() {
    return this.page.locator('body');
  }

  syncIndicator() {
    return this.page.locator('.sync-indicator');
  }

  /** Waits until sync is online with nothing left in the outbox. */
  async waitSynced(timeout = 20_000) {
    await expect(this.syncIndicator()).toHaveAttribute('data-state', 'online', { timeout });
    await expect(this.syncPending()).toHaveCount(0, { timeout });
  }

  /** Settings → Sign out; returns the sign-out question's text (how many changes are not synced). */
  async askSignOut(): Promise<string> {
    await this.open('#/settings');
    return this.settings.askSignOut();
  }

  /** Signs out keeping the local data; the sign-in screen follows. */
  async signOutKeeping() {
    await this.askSignOut();
    await this.settings.keepDataAndSignOut();
    await expect(this.signedOut.title()).toBeVisible();
  }

  /** Signs out and removes this user's data, confirming twice; the sign-in screen follows. */
  async signOutRemoving() {
    await this.askSignOut();
    await this.settings.removeDataAndSignOut();
    await expect(this.signedOut.title()).toBeVisible();
  }

  /** On the sign-in screen: picks `email` from the switch-user list and signs in. */
  async switchUser(email: string, password: string) {
    await this.signedOut.switchUser(email, password);
  }

  /** Names of the IndexedDB databases of this browser profile. */
  async indexedDbNames(): Promise<string[]> {
    return this.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
  }

  /** The sync indicator's count of changes waiting to be sent (absent when none wait). */
  syncPending() {
    return this.syncIndicator().locator('.pending');
  }

  /** The sync indicator's count of changes the server refused (absent when none). */
  syncRefused() {
    return this.syncIndicator().locator('.refused');
  }

  /** The sync indicator's "Last synced …" line. */
  syncLastSynced() {
    return this.syncIndicator().locator('.last-synced');
  }
}
