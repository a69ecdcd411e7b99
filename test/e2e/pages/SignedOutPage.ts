import { expect, type Page } from '@playwright/test';

/** Page model of the signed-out screen: the sign-in form and the list of users of this computer. */
export class SignedOutPage {
  constructor(private readonly page: Page) {}

  title() {
    return this.page.locator('#signed-out-title');
  }

  /** The "switch user" list: the users whose data is kept on this computer. */
  users() {
    return this.page.getByTestId('switch-user');
  }

  /** Picks `email` from the users list and signs in. */
  async switchUser(email: string, password: string) {
    await this.users().getByRole('button', { name: email }).click();
    await expect(this.page.locator('#sign-in-email')).toHaveValue(email);
    await this.page.locator('#sign-in-password').fill(password);
    await this.page.locator('#sign-in-password').press('Enter');
    await expect(this.page.getByTestId('signed-in-as')).toContainText(email);
  }
}
