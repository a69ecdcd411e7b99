import { expect, type Page } from '@playwright/test';

/** Page model of the Organisations list (`#/organisations`). */
export class OrganisationsPage {
  constructor(private readonly page: Page) {}

  /** Opens the list directly (URL) and waits for the app. */
  async open() {
    await this.page.goto('/index.html#/organisations');
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
  }

  /** The "New business account" link (absent for a role that may not open business accounts). */
  newLink() {
    return this.page.locator('a[href="#/organisations/new"]');
  }

  row(name: string) {
    return this.page.locator(`tr[data-organisation="${name}"]`);
  }

  /** Opens organisation `name` from the list. */
  async openOrganisation(name: string) {
    await this.row(name).locator('a').first().click();
  }
}
