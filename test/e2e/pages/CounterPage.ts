import { expect, type Page } from '@playwright/test';

/** Page model of the Counter screen: intent-named actions a dealer takes. */
export class CounterPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto('/index.html#/counter');
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  /** Reloads the window and waits for the app (the local database must still hold everything). */
  async reload() {
    await this.page.reload();
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
  }

  async chooseOrganisation(name: string | RegExp) {
    const select = this.page.getByLabel(/^(Organisation|Organisatie)$/);
    const option = select.locator('option', { hasText: name });
    await select.selectOption(await option.first().getAttribute('value'));
  }

  /** Types the model query, picks the first match with Enter, types the serial and saves with Enter. */
  async register(modelQuery: string, serial: string, options: { purchaseDate?: string | null } = {}) {
    const model = this.page.getByRole('combobox', { name: /Product model|Productmodel/ });
    await model.fill(modelQuery);
    await expect(this.page.locator('.combobox-list [role=option]').first()).toBeVisible();
    await model.press('Enter');
    const serialField = this.page.getByLabel(/^(Serial number|Serienummer)$/);
    await expect(serialField).toBeFocused();
    await serialField.fill(serial);
    if (options.purchaseDate !== undefined) await this.page.getByLabel(/^(Purchase date|Aankoopdatum)$/).fill(options.purchaseDate ?? '');
    await serialField.press('Enter');
    await expect(this.page.getByRole('status').filter({ hasText: serial })).toBeVisible();
  }

  /** The product-model search box. */
  modelSearch() {
    return this.page.getByRole('combobox', { name: /Product model|Productmodel/ });
  }

  /** The first suggestion of the model search. */
  firstSuggestion() {
    return this.page.locator('.combobox-list [role=option]').first();
  }

  /** Types `query` into the model search and picks the first suggestion with Enter. */
  async pickModel(query: string) {
    await this.modelSearch().fill(query);
    await this.modelSearch().press('Enter');
  }

  serialField() {
    return this.page.getByLabel(/^(Serial number|Serienummer)$/);
  }

  /** The warning under the serial number (product barcode scanned, already registered here). */
  serialWarning() {
    return this.page.getByRole('alert');
  }

  registerButton() {
    return this.page.getByRole('button', { name: /^(Register|Registreren)$/ });
  }

  rows() {
    return this.page.locator('.registrations tbody tr');
  }

  /** Anything on the screen carrying serial number `serial` (list rows, hints). */
  anythingWithSerial(serial: string) {
    return this.page.locator(`[data-serial="${serial}"]`);
  }

  row(serial: string) {
    return this.page.locator(`.registrations tbody tr[data-serial="${serial}"]`);
  }
}
