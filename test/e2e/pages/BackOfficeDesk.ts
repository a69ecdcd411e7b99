import { expect, type Page } from '@playwright/test';

/** Page model of the back office's desk: the queue and the review of one organisation. */
export class BackOfficeDesk {
  constructor(private readonly page: Page) {}

  /** The line above the queue: how many accounts await validation, due today, overdue. */
  summary() {
    return this.page.getByTestId('desk-summary');
  }

  /** Filters the queue by evidence kind ('' = all). */
  async filterKind(kind: string) {
    await this.page.locator('#desk-kind').selectOption(kind);
  }

  queueRow(name: string) {
    return this.page.locator(`.desk-queue tbody tr[data-organisation="${name}"]`);
  }

  async openFromQueue(name: string) {
    await this.queueRow(name).getByRole('link', { name }).click();
    await expect(this.page.locator('.desk-review')).toBeVisible();
  }

  /** The queue's "Submitted again" mark of an account rejected before. */
  resubmittedMark(name: string) {
    return this.queueRow(name).getByTestId('resubmitted');
  }

  /** The review's notice of a resubmission (why the account was rejected before). */
  resubmissionNotice() {
    return this.page.getByTestId('resubmission');
  }

  history() {
    return this.page.locator('.desk-history');
  }

  scanNotUploaded() {
    return this.page.getByTestId('scan-not-uploaded');
  }

  fieldBox(name: string) {
    return this.page.locator(`.desk-scan .field-box[data-field="${name}"]`);
  }

  /** Dark pixels on the first scan page's canvas (0 while it is blank). */
  async inkedPixels(): Promise<number> {
    return this.page
      .locator('.desk-scan canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        if (!c.width || !c.height) return 0;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) n++;
        return n;
      });
  }

  /** The identifier checks (VAT number, KvK number) of the review. */
  identifierChecks() {
    return this.page.getByTestId('identifier-checks');
  }

  async zoomIn() {
    await this.page.getByRole('button', { name: 'Zoom in' }).click();
  }

  async zoomOut() {
    await this.page.getByRole('button', { name: 'Zoom out' }).click();
  }

  /** The scan's zoom level (e.g. "125 %"). */
  zoomLevel() {
    return this.page.getByTestId('scan-zoom');
  }

  /** The rotate button; its text says the current rotation (e.g. "90°"). */
  rotateButton() {
    return this.page.getByTestId('scan-rotate');
  }

  /** Turns the scan a quarter. */
  async rotate() {
    await this.rotateButton().click();
  }

  /** The open request for a new document, as the review shows it. */
  documentRequest() {
    return this.page.getByTestId('document-request');
  }

  /** The decision panel (buttons, reason, the account's state). */
  decisionPanel() {
    return this.page.locator('.desk-decision');
  }

  comparisonRow(field: string) {
    return this.page.locator(`[data-testid="field-comparison"] tr[data-field="${field}"]`);
  }

  vies() {
    return this.page.getByTestId('vies');
  }

  async checkVies() {
    await this.vies().getByRole('button').click();
  }

  /** Picks a standard reason (by its code) and free text, then presses the decision button named `button`. */
  async decide(button: RegExp, reasonCode = '', reason = '') {
    if (reasonCode) await this.page.locator('#desk-reason-code').selectOption(reasonCode);
    if (reason) await this.page.locator('#desk-reason').fill(reason);
    await this.page.locator('.desk-decision').getByRole('button', { name: button }).click();
  }

  decisionMessage() {
    return this.page.getByTestId('decision-message');
  }
}
