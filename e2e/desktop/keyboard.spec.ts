import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, seedRemoteMode } from '../support/controlPlane';
import { expectVisibleFocus, signInByKeyboard, tabAndEnter, tabAndType, tabTo } from '../support/keyboard';
import { startHost, tempDataDir, type Host } from '../support/processes';
import { startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';

/**
 * The everyday flows from the keyboard alone (issue 26 §6): Tab, Shift+Tab, Enter, Space and the
 * arrows, with a visible focus ring at every stop; no mouse click anywhere.
 */

const vaultPassword = `Vault-${crypto.randomBytes(6).toString('hex')}`;
const main = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test.describe.configure({ timeout: 180_000 });
let lab: RealGatewayLab | undefined;
let hosts: Host[] = [];
test.beforeAll(async () => {
  test.setTimeout(120_000);
  lab = await startRealGatewayLab();
});
test.afterEach(async () => {
  if (lab) await reportLogsOnFailure(test.info(), lab.logs());
  for (const host of hosts) await host.stop();
  hosts = [];
});
test.afterAll(async () => {
  await lab?.stop();
  lab = undefined;
});

/** A fresh app in remote mode against the lab's control plane, opened but signed in to nothing. */
async function openApp(page: Page): Promise<void> {
  const dir = tempDataDir();
  seedRemoteMode(dir, lab!.server.url);
  const host = await startHost({}, dir);
  hosts.push(host);
  await page.goto(host.url);
}

test('sign in, create, lock and unlock the vault, find a computer, Connect and agree to the terms', async ({
  page,
}) => {
  await openApp(page);
  await signInByKeyboard(page, 'erin');

  // The vault: create it, lock it, unlock it.
  await tabAndEnter(page, main(page).getByRole('button', { name: 'Vault', exact: true }), { back: true });
  await tabAndType(page, page.getByLabel('Master password (at least 12 characters)'), vaultPassword);
  await tabAndType(page, page.getByLabel('Master password again'), vaultPassword);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Personal credentials' })).toBeVisible({ timeout: 60_000 });
  await tabAndEnter(page, page.getByRole('button', { name: 'Lock vault' }), { back: true });
  await expect(page.getByLabel('Master password', { exact: true })).toBeFocused();
  await page.keyboard.type(vaultPassword);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Personal credentials' })).toBeVisible({ timeout: 60_000 });

  // Find the computer, Connect, agree to the terms.
  await page.keyboard.press('Shift+Tab');
  await tabAndEnter(page, main(page).getByRole('button', { name: 'My Resources', exact: true }), { back: true });
  await tabAndType(page, page.getByRole('searchbox'), 'real');
  await tabAndEnter(page, page.getByRole('button', { name: 'Connect to real-ssh' }));
  await expect(page.getByRole('heading', { name: 'Terms and conditions: real-ssh' })).toBeVisible();
  await tabAndEnter(page, page.getByRole('button', { name: 'Agree and connect' }));
  const tab = page.getByRole('region', { name: 'Session real-ssh' });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  // The remote screen has the keyboard now (every key goes to the remote computer), with a visible ring.
  await expect(tab.getByRole('application', { name: 'Remote screen' })).toBeFocused();
  await expectVisibleFocus(page);
});

test('Advanced Mode from the Connect menu, with the arrows and Enter', async ({ page }) => {
  await openApp(page);
  await signInByKeyboard(page, 'erin');
  await tabAndEnter(page, page.getByRole('button', { name: 'Connection options for real-ssh' }));
  const item = page.getByRole('menuitem', { name: 'Advanced Mode' });
  await expect(item).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Advanced Mode: real-ssh' })).toBeVisible();
  const start = page
    .getByRole('main')
    .getByRole('button')
    .filter({ hasText: /^(Continue|Connect|Next)/ });
  await tabAndEnter(page, start.first());
  await expect(page.getByRole('heading', { name: 'Terms and conditions: real-ssh' })).toBeVisible();
  await tabAndEnter(page, page.getByRole('button', { name: 'Agree and connect' }));
  const tab = page.getByRole('region', { name: 'Session real-ssh' });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
});

test('the administration forms: a person, a computer, a policy', async ({ page }) => {
  await openApp(page);
  await signInByKeyboard(page, 'alice');
  await tabAndEnter(page, main(page).getByRole('button', { name: 'Administration' }), { back: true });
  const admin = page.getByRole('navigation', { name: 'Administration' });
  await tabTo(page, admin.getByRole('button').first());
  // The arrows are not the menu's keys: Tab moves along it, Enter opens a page.
  await tabAndEnter(page, admin.getByRole('button', { name: 'People', exact: true }));
  await tabAndEnter(page, page.getByRole('button', { name: 'New person' }));
  const suffix = crypto.randomBytes(3).toString('hex');
  await tabAndType(page, page.getByLabel('Username', { exact: true }), `kb-${suffix}`);
  await tabAndType(page, page.getByLabel('Display name', { exact: true }), `Keyboard ${suffix}`);
  await tabAndType(page, page.getByLabel('Initial password', { exact: true }), demoPassword);
  await tabAndEnter(page, page.getByRole('button', { name: 'Create person' }));
  await expect(page.getByText(`kb-${suffix}`).first()).toBeVisible();

  await tabAndEnter(page, admin.getByRole('button', { name: 'Computers', exact: true }), { back: true });
  await tabAndEnter(page, page.getByRole('button', { name: 'Add a computer' }));
  const form = page.getByRole('form', { name: 'New computer' });
  await tabAndType(page, form.getByLabel('Name', { exact: true }), `kb-${suffix}`);
  await tabAndType(page, form.getByLabel(/^Host/), '127.0.0.1');
  await tabAndEnter(page, form.getByRole('button', { name: 'Add computer' }));
  await expect(page.getByRole('row', { name: new RegExp(`kb-${suffix}`) })).toBeVisible();

  await tabAndEnter(page, admin.getByRole('button', { name: 'Policies', exact: true }), { back: true });
  await tabAndEnter(page, page.getByRole('button', { name: 'New policy' }));
  await tabAndType(page, page.getByLabel('Name', { exact: true }), `kb-${suffix} policy`);
  await tabTo(page, page.getByRole('checkbox', { name: `kb-${suffix} (SSH)` }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: `kb-${suffix} (SSH)` })).toBeChecked();
  await tabAndEnter(page, page.getByRole('button', { name: 'Create policy' }));
  await expect(page.getByRole('button', { name: `kb-${suffix} policy` })).toBeVisible();
});
