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
  async register(modelQuery: string, serial: string, options: { purchaseDate?: string | null; bestGuess?: boolean } = {}) {
    const model = this.page.getByRole('combobox', { name: /Product model|Productmodel/ });
    await model.fill(modelQuery);
    await expect(this.page.locator('.combobox-list [role=option]').first()).toBeVisible();
    await model.press('Enter');
    const serialField = this.page.getByLabel(/^(Serial number|Serienummer)$/);
    await expect(serialField).toBeFocused();
    await serialField.fill(serial);
    if (options.purchaseDate !== undefined) await this.page.getByLabel(/^(Purchase date|Aankoopdatum)$/).fill(options.purchaseDate ?? '');
    if (options.bestGuess !== undefined) await this.page.locator('form.counter-form:not(.registration-editor)').getByRole('checkbox', { name: /Best guess|Schatting/ }).setChecked(options.bestGuess);
    await serialField.press('Enter');
    // The saved message names the serial as stored: upper case, without blanks or dashes.
    await expect(this.page.getByRole('status').filter({ hasText: serial.toUpperCase().replace(/[\s-]/g, '') })).toBeVisible();
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

  /** The purchase-date field of the Counter's own form (not of an open editor). */
  purchaseDate() {
    return this.page.locator('form.counter-form:not(.registration-editor)').getByLabel(/^(Purchase date|Aankoopdatum)$/);
  }

  /** The screen's status line when it says `text` (e.g. "Withdrew EOS-R5 …"). */
  statusMessage(text: string) {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** The list's "nothing needs attention" line (the attention filter with no rows). */
  nothingNeedsAttention() {
    return this.page.getByText(/Nothing needs attention\.|Niets heeft aandacht nodig\./);
  }

  /** The best-guess box of the Counter's own form (not of an open editor). */
  bestGuess() {
    return this.page.locator('form.counter-form:not(.registration-editor)').getByRole('checkbox', { name: /Best guess|Schatting/ });
  }

  /** Opens the editor of the registration with `serial` (its Fix button); returns the editor form. */
  async openFix(serial: string) {
    await this.row(serial).getByRole('button', { name: /^(Fix|Aanpassen|.* aanpassen)/ }).click();
    return this.editor();
  }

  /** The open registration editor. */
  editor() {
    return this.page.locator('form.registration-editor');
  }

  /** Withdraws the registration open in the editor (Withdraw, then the confirming second press). */
  async withdrawInEditor() {
    await this.editor().getByRole('button', { name: /^(Withdraw|Intrekken)$/ }).click();
    await this.editor().getByRole('button', { name: /^(Yes, withdraw it|Ja, intrekken)$/ }).click();
  }

  /** Picks the list filter: all registrations or those needing attention. */
  async showOnly(which: 'all' | 'attention') {
    await this.page.getByRole('radio', { name: which === 'all' ? /^(All|Alle) \(/ : /^(Needs attention|Aandacht nodig) \(/ }).check();
  }

  /** The registration form (hidden for an organisation the back office rejected). */
  form() {
    return this.page.locator('form.counter-form');
  }

  /** The notice shown instead of the form for a rejected organisation (why, and a link to correct it). */
  rejectedNotice() {
    return this.page.getByTestId('counter-rejected');
  }

  /** The field labelled `label` (e.g. "Serial number", "Purchase date") of the open registration editor. */
  editorField(label: string) {
    return this.editor().getByLabel(label);
  }

  /** The Fix button of the registration with `serial` (absent once nothing needs fixing). */
  fixButton(serial: string) {
    return this.row(serial).getByRole('button', { name: /Fix/ });
  }
}
