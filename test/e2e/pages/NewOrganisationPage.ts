import { expect, type Page } from '@playwright/test';

/** A file handed to the file chooser: a path, or bytes with a name and type. */
export type ChosenFile = string | { name: string; mimeType: string; buffer: Buffer };

/** Page model of the New business account screen (`#/organisations/new`): evidence scan, OCR, the form. */
export class NewOrganisationPage {
  constructor(private readonly page: Page) {}

  /** Opens the screen directly (URL) and waits for the form. */
  async open() {
    await this.page.goto('/index.html#/organisations/new');
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
    await expect(this.field('name')).toBeVisible();
  }

  /** From the Organisations list: "New business account". */
  async startNew() {
    await this.page.locator('a[href="#/organisations/new"]').click();
    await expect(this.field('name')).toBeVisible();
  }

  /** From the Organisations list: a new business account from a scan of `kind`, read (OCR) before it returns. */
  async startFromScan(kind: string, file: ChosenFile) {
    await this.startNew();
    await this.chooseEvidenceKind(kind);
    await this.importScan(file);
  }

  async chooseEvidenceKind(value: string) {
    await this.page.locator(`input[name="evidence-kind"][value="${value}"]`).check();
  }

  /** Clicks "Import scan…" (the desktop app then shows its native open dialog). */
  async clickImport() {
    await this.page.locator('.org-form .actions button').first().click();
  }

  /** Clicks "Import scan…" and hands `file` to the browser's file chooser; does not wait for the reading. */
  async chooseFile(file: ChosenFile) {
    const chooser = this.page.waitForEvent('filechooser');
    await this.clickImport();
    await (await chooser).setFiles(file);
  }

  /** Imports a scan through the file dialog (the browser build's file input) and waits for OCR. */
  async importScan(file: ChosenFile, timeout = 90_000) {
    await this.chooseFile(file);
    await expect(this.ocrStatus()).not.toBeEmpty({ timeout });
  }

  /** The line saying what the reading found (or why it failed). */
  ocrStatus() {
    return this.page.locator('.ocr-status');
  }

  /** The scan preview beside the form. */
  preview() {
    return this.page.locator('.evidence-preview');
  }

  /** The highlight boxes of the fields on the scan; `name` for one field's box while its input has focus. */
  fieldBoxes(activeField?: string) {
    return this.page.locator(activeField ? `.field-box.active[data-field="${activeField}"]` : '.field-box');
  }

  field(name: string) {
    return this.page.locator(`#org-${name}`);
  }

  /** The line under a field saying where its value came from (the scan, the EU VAT service). */
  fieldSource(name: string) {
    return this.page.locator(`#org-${name}-source`);
  }

  /** The form itself (absent for a role that may not open business accounts). */
  form() {
    return this.page.locator('.org-form');
  }

  /** The notice shown instead of the form to a role that may not open business accounts. */
  notForRole() {
    return this.page.getByTestId('not-for-role');
  }

  async submit() {
    await this.page.locator('.org-form button[type=submit]').click();
    await expect(this.page.locator('.organisation-detail')).toBeVisible();
  }

  /** The VIES check beside the VAT number (`data-result`: checking, valid, invalid, unknown); absent offline. */
  vatCheck() {
    return this.page.getByTestId('vat-check');
  }

  /** "Use the registered name" / "Use the registered address" of the VIES check. */
  useRegistered(part: 'name' | 'address') {
    return this.page.getByTestId(`vat-check-use-${part}`);
  }
}
