import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { axeFindings, expectNoAxeFindings } from '../support/axe';
import { demoPassword, seedDemoData } from '../support/controlPlane';
import { connectTo, watchErin } from '../support/deskLab';
import { finishFirstSignIn, startApp } from '../support/firstSetup';
import { loginPageUrl } from '../support/loginDriver';
import { launchLine, startControlPlane, tempDataDir, type Started } from '../support/processes';
import { startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';
import { unlock } from '../support/vaultUi';

/**
 * axe-core on every screen a person reaches, from an empty start through the UI, in the light and
 * the dark colour scheme (issue 26 §6): no critical, serious or moderate finding anywhere.
 */

const vaultPassword = `Vault-${crypto.randomBytes(6).toString('hex')}`;
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const go = (page: Page, name: string) => nav(page).getByRole('button', { name, exact: true }).click();

test('the check finds what it must: an aria-label a plain div may not have, and a page without h1', async ({
  page,
}) => {
  await page.setContent(
    '<html lang="en"><title>t</title><main><div aria-label="Remote screen"><canvas></canvas></div></main></html>',
  );
  const rules = (await axeFindings(page)).map((f) => f.rule);
  expect(rules).toContain('aria-prohibited-attr');
  expect(rules).toContain('page-has-heading-one');
});

test.describe('the signed-in app, through real guacd and sshd', () => {
  test.describe.configure({ timeout: 180_000 });
  let lab: RealGatewayLab | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    lab = await startRealGatewayLab();
  });
  test.afterEach(async () => {
    if (lab) await reportLogsOnFailure(test.info(), lab.logs());
  });
  test.afterAll(async () => {
    await lab?.stop();
    lab = undefined;
  });

  test('Erin: Home, My Resources, Advanced Mode, terms, the session, Vault, Settings, sign-in', async ({ browser }) => {
    const erin = await lab!.appOf(browser, 'erin');
    await expect(erin.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeFindings(erin, 'Home');
    await go(erin, 'My Resources');
    await expect(erin.getByRole('row', { name: /real-ssh/ })).toBeVisible();
    await expectNoAxeFindings(erin, 'My Resources');
    await erin.getByRole('button', { name: 'Connection options for real-ssh' }).click();
    await expectNoAxeFindings(erin, 'the Connect menu');
    await erin.getByRole('menuitem', { name: 'Advanced Mode' }).click();
    await expect(erin.getByRole('heading', { name: 'Advanced Mode: real-ssh' })).toBeVisible();
    await expectNoAxeFindings(erin, 'Advanced Mode');
    await erin.getByRole('button', { name: 'Cancel' }).click();

    const tab = await connectTo(erin, 'real-ssh');
    await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
    await expectNoAxeFindings(erin, 'the session view');
    await tab.getByRole('button', { name: 'End session' }).click();
    await expect(tab).toHaveCount(0);

    await go(erin, 'Vault');
    await expectNoAxeFindings(erin, 'Vault (none yet)');
    // Creating the vault derives its key (Argon2), slow on a busy machine: the wait is longer than usual.
    await erin.getByLabel('Master password (at least 12 characters)').fill(vaultPassword);
    await erin.getByLabel('Master password again').fill(vaultPassword);
    await erin.getByRole('button', { name: 'Create vault' }).click();
    await expect(erin.getByRole('heading', { name: 'Personal credentials' })).toBeVisible({ timeout: 60_000 });
    await expectNoAxeFindings(erin, 'Vault (unlocked)');
    await erin.getByRole('button', { name: 'Add credential' }).click();
    await expectNoAxeFindings(erin, 'Vault (new credential)');
    await erin.getByRole('button', { name: 'Cancel' }).click();
    await erin.getByRole('button', { name: 'Lock vault' }).click();
    await expect(erin.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await expectNoAxeFindings(erin, 'Vault (locked)');
    await unlock(erin, vaultPassword);
    await expect(erin.getByRole('heading', { name: 'Personal credentials' })).toBeVisible({ timeout: 60_000 });

    await go(erin, 'Settings');
    await expectNoAxeFindings(erin, 'Settings');
    await erin.getByRole('button', { name: 'Sign out' }).click();
    await go(erin, 'My Resources');
    await expect(erin.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expectNoAxeFindings(erin, 'Sign in');
  });

  test('Bob: Live monitoring, a watch tab, Recordings and the player', async ({ browser }) => {
    const erin = await lab!.appOf(browser, 'erin');
    const erinTab = await connectTo(erin, 'real-ssh');
    await expect(erinTab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
    const bob = await lab!.appOf(browser, 'bob');
    await go(bob, 'Live');
    await expect(bob.getByRole('row', { name: 'Erin Engineer on real-ssh' })).toBeVisible({ timeout: 15_000 });
    await expectNoAxeFindings(bob, 'Live');
    const view = await watchErin(bob, 'real-ssh');
    await expectNoAxeFindings(bob, 'a watch tab');
    await erinTab.getByRole('button', { name: 'End session' }).click();
    await expect(view.getByTestId('session-end')).toBeVisible({ timeout: 10_000 });
    await expectNoAxeFindings(bob, 'the end of a watched session');

    await go(bob, 'Recordings');
    const play = bob.getByRole('button', { name: /^Play/ }).first();
    await expect(play).toBeVisible({ timeout: 15_000 });
    await expectNoAxeFindings(bob, 'Recordings');
    await play.click();
    await expect(bob.getByRole('region', { name: /Recording/ }).first()).toBeVisible();
    await expectNoAxeFindings(bob, 'the recording player');
  });

  test('Alice: every Administration page and its forms', async ({ browser }) => {
    const alice = await lab!.appOf(browser, 'alice');
    await go(alice, 'Administration');
    const menu = alice.getByRole('navigation', { name: 'Administration' });
    const pages = await menu.getByRole('button').allTextContents();
    expect(pages.length).toBeGreaterThan(8);
    const forms: Record<string, string[]> = {
      People: ['New person'],
      Computers: ['Add a computer', 'Import from CSV'],
      Credentials: ['real-ssh'],
      Policies: ['New policy'],
    };
    for (const name of pages) {
      await menu.getByRole('button', { name, exact: true }).click();
      await expect(menu.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
      await expect(alice.getByRole('heading', { level: 2 }).first()).toBeVisible();
      await expectNoAxeFindings(alice, `Administration: ${name}`);
      for (const opener of forms[name] ?? []) {
        await alice.getByRole('main').getByRole('button', { name: opener, exact: true }).first().click();
        await expectNoAxeFindings(alice, `Administration: ${name} → ${opener}`);
      }
    }
  });
});

test.describe('the first start and the control plane pages', () => {
  let started: Started[] = [];
  test.afterEach(async () => {
    for (const s of started) await s.stop();
    started = [];
  });

  test('an empty app: Home, setup, the login page it opens, then Home signed in', async ({ page }) => {
    test.setTimeout(150_000);
    const app = await startApp(tempDataDir());
    started.push(app);
    await page.goto(launchLine.exec(app.line)?.[1] as string);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeFindings(page, 'Home (first start)');
    await go(page, 'My Resources');
    await expect(page.getByRole('heading', { name: 'Set up OpenPSM' })).toBeVisible();
    await expectNoAxeFindings(page, 'Set up OpenPSM');
    await page.getByLabel('Username').fill('first-admin');
    await page.getByLabel('Full name').fill('Fay First');
    await page.getByLabel('Password (at least 12 characters)').fill(vaultPassword);
    await page.getByLabel('Password again').fill(vaultPassword);
    const loginTab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    const login = await loginTab;
    await expect(login.getByRole('heading', { name: 'Sign in to OpenPSM' })).toBeVisible();
    await expectNoAxeFindings(login, 'the control plane login page');
    await finishFirstSignIn(login, 'first-admin', vaultPassword);
    await go(page, 'Home');
    await expectNoAxeFindings(page, 'Home (signed in)');
  });

  test("the control plane's login, two-step verification and /setup pages", async ({ page }) => {
    const dataDir = tempDataDir();
    seedDemoData(dataDir);
    const seeded = await startControlPlane({}, dataDir);
    started.push(seeded);
    await page.goto(loginPageUrl(seeded.url));
    await expectNoAxeFindings(page, 'login');
    await page.getByLabel('Username').fill('erin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoAxeFindings(page, 'login (refused)');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByLabel('Set up two-step verification').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Set up two-step verification', level: 1 })).toBeVisible();
    await expectNoAxeFindings(page, 'two-step verification');

    const fresh = await startControlPlane();
    started.push(fresh);
    await page.goto(`${fresh.url}/setup`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoAxeFindings(page, '/setup');
  });
});
