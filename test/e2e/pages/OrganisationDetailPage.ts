import { expect, type Page } from '@playwright/test';

/** Page model of one organisation's screen (`#/organisations/<id>`): status, points, registrations, evidence files. */
export class OrganisationDetailPage {
  constructor(private readonly page: Page) {}

  /** Id of the organisation shown (from the URL hash `#/organisations/<id>`). */
  async currentId(): Promise<string> {
    const hash = await this.page.evaluate(() => window.location.hash);
    return decodeURIComponent(hash.split('/')[2] ?? '');
  }

  /** Opens organisation `id`'s screen directly (URL). */
  async open(id: string) {
    await this.page.goto(`/index.html#/organisations/${id}`);
  }

  /** The whole organisation screen (its status reason, actions, lists). */
  screen() {
    return this.page.locator('.organisation-detail');
  }

  /** The card of a membership the server refused (with the reason). */
  refusedMembershipCard() {
    return this.page.locator('.membership-card.rejected');
  }

  heading() {
    return this.page.locator('h1');
  }

  /** The organisation's status badge when it shows `status` (e.g. `validated`). */
  statusBadge(status: string) {
    return this.page.locator(`.organisation-detail .screen-head [data-status="${status}"]`);
  }

  registration(serial: string) {
    return this.page.locator(`.registrations tbody tr[data-serial="${serial}"]`);
  }

  /** The green checks of registrations with points assigned. */
  pointsAssignedChecks() {
    return this.page.locator('.registrations tbody tr[data-status="points-assigned"] .badge.ok').filter({ hasText: '✓' });
  }

  confirmedPoints() {
    return this.page.getByTestId('confirmed-points');
  }

  eligibleTiers() {
    return this.page.getByTestId('eligible-tiers');
  }

  /** "Sign up for a membership" from this organisation. */
  async openMembership() {
    await this.page.locator('a[href^="#/membership/"]').click();
  }

  /** The evidence documents listed with their upload state. */
  evidenceItems() {
    return this.page.locator('.evidence-files li[data-evidence-id]');
  }

  /** The upload state badge(s) of the listed evidence documents (`data-upload-state`). */
  evidenceUploadStates() {
    return this.evidenceItems().locator('[data-upload-state]');
  }

  /** "Replace document…" of the evidence document `fileName`: hands `path` to the file chooser. */
  async replaceEvidence(fileName: string, path: string) {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: `Replace the document ${fileName}` }).click();
    await (await chooser).setFiles(path);
  }

  /** The evidence list's status line (e.g. "… is attached"). */
  evidenceStatus() {
    return this.page.locator('.evidence-files [role=status]').last();
  }

  /** What the back office asked for (a new evidence document), as shown on the account. */
  backOfficeRequest() {
    return this.page.getByTestId('org-back-office-request');
  }

  /** A field of the "Correct and submit again" form of a rejected account (`name`, `city`, …). */
  correctionField(name: string) {
    return this.page.locator(`#resubmit-${name}`);
  }

  /** Attaches `path` in place of the evidence file `fileName` ("Replace document…") and waits until it is attached locally. */
  async replaceDocument(fileName: string, path: string) {
    await this.replaceEvidence(fileName, path);
    await expect(this.evidenceStatus()).toContainText(`${path.split('/').pop()} is attached`, { timeout: 90_000 });
  }

  async submitAgain() {
    await this.page.getByRole('button', { name: 'Submit again' }).click();
  }

  /** The screen's actions that need an account that is not rejected (gear) or validated (sign-up). */
  registerGearAction() {
    return this.page.locator('.organisation-detail .actions a[href="#/counter"]');
  }

  signUpAction() {
    return this.page.locator('.organisation-detail .actions a[href^="#/membership/"]');
  }
}
