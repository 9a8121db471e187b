import { expect, test, type Page } from '@playwright/test';
import {
  demoPassword,
  openSignInPage,
  signIn,
  signInThroughPopup,
  startRemoteMode,
  submitLogin,
  signInTabClosed,
} from '../support/controlPlane';
import { openLogin } from '../support/loginDriver';
import { readmeShot } from '../support/readmeShots';

/**
 * Administration → Sign-in rules, driven as an administrator would: require MFA for everyone,
 * tighten the password rules (the People page then refuses a short password, keeping the
 * typing), clear a person's throttle after wrong passwords, and a refused out-of-range rule.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.afterEach(() => lab.stop());

async function openAdministration(page: Page, section: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: section }).click();
  return page.getByRole('region', { name: section });
}

/** Signs alice in and opens the Sign-in rules page; returns its form. */
async function openRules(page: Page) {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const region = await openAdministration(page, 'Sign-in rules');
  return { region, form: region.getByRole('form', { name: 'Password and MFA rules' }) };
}

test('"MFA required for everyone" makes the next person who signs in enrol', async ({ page }) => {
  lab = await startRemoteMode();
  const { form } = await openRules(page);
  await form.getByLabel('MFA required for everyone').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await page.getByRole('button', { name: 'Sign out' }).click();

  const popup = await openSignInPage(page);
  await submitLogin(popup, 'bob', demoPassword);
  await expect(popup.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible();
  await expect(popup.getByText('This server requires a second step at sign-in.')).toBeVisible();
  await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
});

test('a longer minimum length makes the People page refuse a short password on its field, keeping the typing', async ({
  page,
}) => {
  lab = await startRemoteMode();
  const { form } = await openRules(page);
  await expect(form.getByLabel(/^Minimum length/)).toHaveValue('12');
  await form.getByLabel(/^Minimum length/).fill('16');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');

  const people = await openAdministration(page, 'People');
  await people.getByRole('button', { name: 'New person' }).click();
  const create = page.getByRole('form', { name: 'New person' });
  await create.getByLabel('Username', { exact: true }).fill('hanna');
  await create.getByLabel('Display name').fill('Hanna Hill');
  await create.getByLabel('Initial password').fill('Fourteen-chars');
  await create.getByRole('button', { name: 'Create person' }).click();
  await expect(create.getByRole('alert')).toContainText('Password must be at least 16 characters.');
  await expect(create.getByLabel('Initial password')).toHaveAttribute('aria-invalid', 'true');
  await expect(create.getByLabel('Initial password')).toHaveValue('Fourteen-chars');
  await expect(create.getByLabel('Username', { exact: true })).toHaveValue('hanna');
  await expect(create.getByLabel('Display name')).toHaveValue('Hanna Hill');
});

test('a person throttled by wrong passwords shows on the page; Clear (or Clear all for account) lets them sign in at once', async ({
  page,
}) => {
  lab = await startRemoteMode({ OPENPSM_FIRST_BACKOFF_SECONDS: '600' });
  await page.goto(lab.host.url);
  const popup = await signInThroughPopup(page, 'erin', 'not-the-password-1');
  for (let i = 2; i <= 5; i += 1) await submitLogin(popup, 'erin', `not-the-password-${i}`);
  await expect(popup.getByRole('alert')).toContainText('Too many wrong passwords for this account.');
  await submitLogin(popup, 'alice', demoPassword);
  await signInTabClosed(popup);

  const region = await openAdministration(page, 'Sign-in rules');
  await expect(region.getByRole('list', { name: 'Limits' })).toContainText('First wait');
  await expect(region.getByRole('list', { name: 'Limits' })).toContainText('600 s');
  const rows = region.getByRole('table', { name: 'Throttles in force' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('erin');
  await expect(rows.first().locator('td').nth(2)).toHaveText('Password');
  await expect(rows.first().locator('td').nth(3)).toHaveText('5');
  await readmeShot(page, 'admin-sign-in-rules', { fullPage: true });
  await rows.first().getByRole('button', { name: 'Clear' }).click();
  await expect(region.getByRole('status')).toContainText('Cleared the throttle of erin');
  await expect(region.getByText('No throttles in force')).toBeVisible();

  // Throttled again (guessed elsewhere): Refresh shows it, and "Clear all for account" clears it.
  const guesser = await openLogin(lab.server.url);
  for (let i = 1; i <= 5; i += 1) await guesser.password('erin', `still-not-it-${i}`);
  await region.getByRole('button', { name: 'Refresh' }).click();
  await expect(rows).toHaveCount(1);
  const clearAll = region.getByRole('form', { name: 'Clear all for account' });
  await clearAll.getByLabel('Account').fill('erin');
  await clearAll.getByRole('button', { name: 'Clear all for account' }).click();
  await expect(region.getByRole('status')).toHaveText('Cleared 1 throttle of erin.');
  await expect(region.getByText('No throttles in force')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'erin', demoPassword);
  await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
});

test('an out-of-range rule is refused on its field, keeps what was typed, and saves nothing', async ({ page }) => {
  lab = await startRemoteMode();
  const { region, form } = await openRules(page);
  await form.getByLabel(/^Minimum length/).fill('7');
  await form.getByLabel(/^Character classes/).fill('5');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('BAD_REQUEST');
  await expect(form.getByLabel(/^Minimum length/)).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel(/^Minimum length/)).toHaveValue('7');
  await expect(form.getByLabel(/^Minimum length/)).toHaveAccessibleDescription('must be from 8 to 128');
  await expect(form.getByLabel(/^Character classes/)).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel(/^Character classes/)).toHaveValue('5');
  await expect(form.getByRole('status')).toHaveCount(0);

  // Nothing was saved: the page, opened again, shows the rules as they were.
  await openAdministration(page, 'People');
  await openAdministration(page, 'Sign-in rules');
  await expect(region.getByRole('form', { name: 'Password and MFA rules' }).getByLabel(/^Minimum length/)).toHaveValue(
    '12',
  );
});
