import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  demoPassword,
  openSignInPage,
  seedRemoteMode,
  signIn,
  startRemoteMode,
  submitLogin,
  signInTabClosed,
} from '../support/controlPlane';
import { startHost, tempDataDir, type Host } from '../support/processes';
import { readmeShot } from '../support/readmeShots';

/**
 * "Set at first sign-in", driven as people would: an administrator creates a person with a
 * one-time code and reads it off the screen; in another browser the person follows "I have a
 * one-time code", is refused a wrong code with its coded message (the typing kept), sets a
 * password with the right one and signs in with it; the code does not work a second time.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
/** The new person's own app (another browser host on the same control plane), signed in to nothing. */
let ninasApp: Host;
test.beforeEach(async () => {
  lab = await startRemoteMode();
  const dir = tempDataDir();
  seedRemoteMode(dir, lab.server.url);
  ninasApp = await startHost({}, dir);
});
test.afterEach(async () => {
  await ninasApp.stop();
  await lab.stop();
});

const ninaPassword = 'First-Password-2026-x';

/** Alice creates nina with "Set at first sign-in"; returns the code her page shows. */
async function createNinaWithCode(page: Page): Promise<string> {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'People' }).click();
  await page.getByRole('region', { name: 'People' }).getByRole('button', { name: 'New person' }).click();
  const form = page.getByRole('form', { name: 'New person' });
  await form.getByLabel('Username', { exact: true }).fill('nina');
  await form.getByLabel('Display name').fill('Nina North');
  await form.getByLabel(/Set at first sign-in/).check();
  await expect(form.getByLabel('Initial password')).toHaveCount(0);
  await form.getByRole('button', { name: 'Create person' }).click();
  const shown = page.getByRole('region', { name: 'Person nina' }).getByRole('region', { name: 'One-time code' });
  await expect(shown).toContainText('Valid until');
  await expect(shown.getByRole('button', { name: 'Copy code' })).toBeVisible();
  return (await shown.getByTestId('one-time-code').innerText()).trim();
}

/** Nina's app in another browser; returns it and its sign-in tab on the "I have a one-time code" form. */
async function openCodeForm(browser: Browser, app?: Page): Promise<{ app: Page; popup: Page }> {
  const page = app ?? (await (await browser.newContext()).newPage());
  if (!app) await page.goto(ninasApp.url);
  const popup = await openSignInPage(page);
  await popup.getByRole('link', { name: 'I have a one-time code' }).click();
  await expect(popup.getByRole('heading', { name: 'Set your password' })).toBeVisible();
  return { app: page, popup };
}

async function fillCodeForm(popup: Page, code: string, repeat = ninaPassword) {
  await popup.getByLabel('Username').fill('nina');
  await popup.getByLabel('One-time code').fill(code);
  await popup.getByLabel('New password', { exact: true }).fill(ninaPassword);
  await popup.getByLabel('Repeat the new password').fill(repeat);
}

test('a person created to set their password at first sign-in does so with the code, once, then signs in', async ({
  page,
  browser,
}) => {
  const code = await createNinaWithCode(page);
  expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);

  const { app, popup } = await openCodeForm(browser);
  await fillCodeForm(popup, code);
  await readmeShot(popup, 'sign-in-one-time-code');
  await fillCodeForm(popup, 'AAAA-BBBB-CCCC-DDDD');
  await popup.getByRole('button', { name: 'Set password' }).click();
  await expect(popup.getByRole('alert')).toHaveText(/^The username or one-time code is wrong/);
  await expect(popup.getByLabel('Username')).toHaveValue('nina');
  await expect(popup.getByLabel('One-time code')).toHaveValue('AAAA-BBBB-CCCC-DDDD');
  await expect(popup.getByLabel('New password', { exact: true })).toHaveValue('');

  await fillCodeForm(popup, code, `${ninaPassword}!`);
  await popup.getByRole('button', { name: 'Set password' }).click();
  await expect(popup.getByRole('alert')).toHaveText('The two new passwords differ. Type the same new password twice.');
  await expect(popup.getByRole('list', { name: 'Fields to fix' })).toContainText('repeatPassword');

  await fillCodeForm(popup, code.toLowerCase());
  await popup.getByRole('button', { name: 'Set password' }).click();
  await expect(popup.getByRole('status')).toHaveText('Your password is set. Sign in with it.');
  await expect(popup.getByLabel('Username')).toHaveValue('nina');
  await submitLogin(popup, 'nina', ninaPassword);
  await signInTabClosed(popup);
  await expect(app.getByTestId('signed-in-person')).toContainText('Nina North');

  await app.getByRole('button', { name: 'Sign out' }).click();
  const { popup: again } = await openCodeForm(browser, app);
  await fillCodeForm(again, code);
  await again.getByRole('button', { name: 'Set password' }).click();
  await expect(again.getByRole('alert')).toHaveText(/^The username or one-time code is wrong/);
});

test('"New one-time code" on the person page voids the earlier code', async ({ page, browser }) => {
  const first = await createNinaWithCode(page);
  const nina = page.getByRole('region', { name: 'Person nina' });
  await nina.getByRole('button', { name: 'New one-time code' }).click();
  await expect(nina.getByRole('status').filter({ hasText: 'earlier codes no longer work' })).toBeVisible();
  const second = (await nina.getByTestId('one-time-code').innerText()).trim();
  expect(second).not.toBe(first);

  const { popup } = await openCodeForm(browser);
  await fillCodeForm(popup, first);
  await popup.getByRole('button', { name: 'Set password' }).click();
  await expect(popup.getByRole('alert')).toHaveText(/^The username or one-time code is wrong/);
  await fillCodeForm(popup, second);
  await popup.getByRole('button', { name: 'Set password' }).click();
  await expect(popup.getByRole('status')).toHaveText('Your password is set. Sign in with it.');
});
