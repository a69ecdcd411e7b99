import type { Page } from '@playwright/test';

/** Page model of the Sync screen (`#/sync`): connection, "Retry now", the documents the server refused. */
export class SyncPage {
  constructor(private readonly page: Page) {}

  async retryNow() {
    await this.page.getByRole('button', { name: 'Retry now' }).click();
  }

  /** "Last synced <time>" (or "never synced") of the signed-in user. */
  lastSynced() {
    return this.page.getByTestId('sync-last-synced');
  }

  /** The list of refused documents (absent when there are none). */
  refusals() {
    return this.page.getByTestId('sync-refusals');
  }

  refusalRows() {
    return this.refusals().locator('tbody tr');
  }

  /** "Dismiss" of the refusal whose item label matches `item`. */
  async dismiss(item: RegExp) {
    await this.refusals().getByRole('button', { name: new RegExp(`Dismiss the refusal of ${item.source}`) }).click();
  }
}
