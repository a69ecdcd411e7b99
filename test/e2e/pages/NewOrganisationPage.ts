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

  registration(serial: string) {
    return this.page.locator(`.registrations tbody tr[data-serial="${serial}"]`);
  }
}
