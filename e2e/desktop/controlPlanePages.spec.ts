import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, seedDemoData } from '../support/controlPlane';
import { finishFirstSignIn, startApp } from '../support/firstSetup';
import { loginPageUrl } from '../support/loginDriver';
import { launchLine, startControlPlane, tempDataDir, type Started } from '../support/processes';

/**
 * The control plane's own pages (issue 26 §5): login, two-step verification and setup look like
 * the app, dark or light as the system prefers, with a main landmark and labelled fields; /setup
 * asks for the password twice; after the app's first setup, one password entry signs in.
 */

const adminPassword = `Admin-${crypto.randomBytes(6).toString('hex')}`;

/** The app's colours (src-shared/common/theme.ts) as Chromium computes them. */
const colours = {
  light: { page: 'rgb(244, 246, 251)', button: 'rgb(29, 78, 216)', text: 'rgb(20, 26, 43)' },
  dark: { page: 'rgb(15, 20, 32)', button: 'rgb(37, 99, 235)', text: 'rgb(230, 233, 242)' },
};

/** Checks the page in both colour schemes: the app's colours on the page and its main button, not the browser's. */
async function expectAppLook(page: Page, button: string) {
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  const submit = page.getByRole('button', { name: button });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveCSS('background-color', colours[scheme].page);
    await expect(page.locator('html')).toHaveCSS('color', colours[scheme].text);
    await expect(submit).toHaveCSS('background-color', colours[scheme].button);
    await expect(submit).toHaveCSS('color', 'rgb(255, 255, 255)');
    await expect(submit).toHaveCSS('border-radius', '8px');
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

let server: (Started & { url: string }) | undefined;
let app: Started | undefined;
test.afterEach(async () => {
  await server?.stop();
  await app?.stop();
  server = app = undefined;
});

test('the login and two-step verification pages look like the app, in dark and light', async ({ page }) => {
  const dataDir = tempDataDir();
  seedDemoData(dataDir);
  server = await startControlPlane({}, dataDir);
  const stylesheet = page.waitForResponse((res) => res.url().endsWith('/pages.css'));
  await page.goto(loginPageUrl(server.url));
  expect((await stylesheet).status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Sign in to OpenPSM', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeFocused();
  await expectAppLook(page, 'Sign in');
  await expect(page.getByRole('button', { name: 'Cancel' })).not.toHaveCSS('background-color', colours.light.button);

  await page.getByLabel('Username').fill('erin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(page.getByRole('alert')).toHaveCSS('color', 'rgb(185, 28, 28)');

  await page.getByLabel('Password').fill(demoPassword);
  await page.getByLabel('Set up two-step verification').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Set up two-step verification', level: 1 })).toBeVisible();
  await expect(page.getByLabel('The 6-digit code the app shows now')).toBeVisible();
  await expectAppLook(page, 'Turn on');
});

test('/setup asks for the password twice: two different ones are refused, the same one twice makes the administrator', async ({
  page,
}) => {
  server = await startControlPlane();
  const code = /setup code ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(server.stdout.join('\n'))?.[1] as string;
  await page.goto(`${server.url}/setup`);
  await expectAppLook(page, 'Create administrator');
  await page.getByLabel('Setup code').fill(code);
  await page.getByLabel('Username').fill('root-admin');
  await page.getByLabel('Full name').fill('Rita Root');
  await page.getByLabel('Password', { exact: true }).fill(adminPassword);
  await page.getByLabel('Password again').fill(`${adminPassword}-typo`);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('alert')).toHaveText('The two new passwords differ. Type the same new password twice.');
  await expect(page.getByLabel('Password again')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Username')).toHaveValue('root-admin');

  await page.getByLabel('Password', { exact: true }).fill(adminPassword);
  await page.getByLabel('Password again').fill(adminPassword);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('status')).toHaveText('You can now sign in from the OpenPSM app.');
  await expect(page.getByRole('heading', { name: 'Administrator created', level: 1 })).toBeVisible();
});

test('after the first setup in the app, the login page opens with the new username, and one password entry signs in', async ({
  page,
}) => {
  test.setTimeout(120_000);
  app = await startApp(tempDataDir());
  await page.goto(launchLine.exec(app.line)?.[1] as string);
  await page.getByRole('button', { name: 'My Resources', exact: true }).click();
  await page.getByLabel('Username').fill('first-admin');
  await page.getByLabel('Full name').fill('Fay First');
  await page.getByLabel('Password (at least 12 characters)').fill(adminPassword);
  await page.getByLabel('Password again').fill(adminPassword);
  const loginTab = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  const tab = await loginTab;
  await expect(tab.getByRole('main')).toBeVisible();
  await finishFirstSignIn(tab, 'first-admin', adminPassword);
  await expect(page.getByTestId('signed-in-person')).toContainText('Fay First');
  // The login tab closed itself: the app is the only tab left.
  expect(page.context().pages()).toEqual([page]);
});
