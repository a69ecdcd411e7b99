import { expect, type Page } from '@playwright/test';

/** Page model of the back office's desk: the queue and the review of one organisation. */
export class BackOfficeDesk {
  constructor(private readonly page: Page) {}

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
