import { expect, type Page } from '@playwright/test';

/** Page model of the New business account form and the organisation detail screen. */
export class OrganisationPages {
  constructor(private readonly page: Page) {}

  async startNew() {
    await this.page.locator('a[href="#/organisations/new"]').click();
    await expect(this.page.locator('#org-name')).toBeVisible();
  }

  async chooseEvidenceKind(value: string) {
    await this.page.locator(`input[name="evidence-kind"][value="${value}"]`).check();
  }

  /** Imports a scan through the file dialog (the browser build's file input) and waits for OCR. */
  async importScan(path: string, timeout = 90_000) {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.locator('.org-form .actions button').first().click();
    await (await chooser).setFiles(path);
    await expect(this.page.locator('.ocr-status')).not.toBeEmpty({ timeout });
  }

  field(name: string) {
    return this.page.locator(`#org-${name}`);
  }

  async submit() {
    await this.page.locator('.org-form button[type=submit]').click();
    await expect(this.page.locator('.organisation-detail')).toBeVisible();
  }

  /** Id of the organisation shown (from the URL hash `#/organisations/<id>`). */
  async currentId(): Promise<string> {
    const hash = await this.page.evaluate(() => window.location.hash);
    return decodeURIComponent(hash.split('/')[2] ?? '');
  }

  /** A field of the "Correct and submit again" form of a rejected account (`name`, `city`, …). */
  correctionField(name: string) {
    return this.page.locator(`#resubmit-${name}`);
  }

  /** Attaches `path` in place of the evidence file `fileName` ("Replace document…") and waits until it is attached locally. */
  async replaceDocument(fileName: string, path: string) {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: `Replace the document ${fileName}` }).click();
    await (await chooser).setFiles(path);
    await expect(this.page.locator('.evidence-files [role=status]').last()).toContainText(`${path.split('/').pop()} is attached`, { timeout: 90_000 });
  }

  async submitAgain() {
    await this.page.getByRole('button', { name: 'Submit again' }).click();
  }

  /** The organisation screen's actions that need an account that is not rejected (gear) or validated (sign-up). */
  registerGearAction() {
    return this.page.locator('.organisation-detail .actions a[href="#/counter"]');
  }

  signUpAction() {
    return this.page.locator('.organisation-detail .actions a[href^="#/membership/"]');
  }

  registration(serial: string) {
    return this.page.locator(`.registrations tbody tr[data-serial="${serial}"]`);
  }
}
