import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { signInTabClosed } from './controlPlane';
import { launchLine, root, startNode, type Started } from './processes';

/** `npm start` on `dataDir`, as a person starts the app. */
export const startApp = (dataDir: string) =>
  startNode(
    [path.join(root, 'scripts/start.mjs')],
    { OPENPSM_APP_DATA_DIR: dataDir, OPENPSM_FORCE_BROWSER_HOST: '1' },
    launchLine,
    90_000,
  );

/** The first setup in the fresh app: Fay First (first-admin) made administrator, signed in through the popup. */
export async function setUpFirstAdministrator(page: Page, app: Started, password: string) {
  await page.goto(launchLine.exec(app.line)?.[1] as string);
  await page.getByRole('button', { name: 'My Resources', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Set up OpenPSM' })).toBeVisible();
  await page.getByLabel('Username').fill('first-admin');
  await page.getByLabel('Full name').fill('Fay First');
  await page.getByLabel('Password (at least 12 characters)').fill(password);
  await page.getByLabel('Password again').fill(password);
  const loginTab = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await finishFirstSignIn(await loginTab, 'first-admin', password);
  await expect(page.getByTestId('signed-in-person')).toContainText('Fay First');
}

/**
 * The sign-in that follows the app's first setup: its login tab opened by itself with the new
 * username filled in, so one password entry signs in, and the tab closes itself.
 */
export async function finishFirstSignIn(loginTab: Page, username: string, password: string): Promise<void> {
  await expect(loginTab.getByRole('heading', { name: 'Sign in to OpenPSM' })).toBeVisible();
  await expect(loginTab.getByLabel('Username')).toHaveValue(username);
  await expect(loginTab.getByLabel('Password')).toBeFocused();
  await loginTab.getByLabel('Password').fill(password);
  await loginTab.getByRole('button', { name: 'Sign in' }).click();
  await signInTabClosed(loginTab);
}
