import crypto from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { seedDemoData, seedRemoteMode } from '../support/controlPlane';
import { expectVisibleFocus, signInByKeyboard, tabAndEnter, tabAndType, tabTo } from '../support/keyboard';
import { startControlPlane, startHost, tempDataDir, type Host, type Started } from '../support/processes';

/**
 * The rest of the administration forms from the keyboard alone (issue 26 §6): Groups,
 * Credentials, Grants, API keys, Sign-in rules and Server settings. Tab, Shift+Tab, Enter, Space
 * and typing only, with a visible focus ring at every stop (tabTo checks it); no mouse click.
 * One seeded control plane and one app serve the whole file: alice signs in once, from the
 * keyboard, and each test goes on from where the one before left the focus.
 */

test.describe.configure({ mode: 'serial' });
const suffix = crypto.randomBytes(3).toString('hex');
const main = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const adminNav = (page: Page) => page.getByRole('navigation', { name: 'Administration' });

let server: (Started & { url: string }) | undefined;
let host: Host | undefined;
let page: Page;
test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  const serverDir = tempDataDir();
  seedDemoData(serverDir);
  server = await startControlPlane({}, serverDir);
  const hostDir = tempDataDir();
  seedRemoteMode(hostDir, server.url);
  host = await startHost({}, hostDir);
  page = await browser.newPage();
  await page.goto(host.url);
  await signInByKeyboard(page, 'alice');
  await tabAndEnter(page, main(page).getByRole('button', { name: 'Administration' }), { back: true });
});
test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  await server?.stop();
});

/**
 * Administration → `name` by keyboard: from the main menu, Tab on into the Administration menu;
 * from the page below it, Shift+Tab back to the menu's last item. Then along the menu, and Enter.
 */
async function goToAdminPage(name: string): Promise<Locator> {
  const item = adminNav(page).getByRole('button', { name, exact: true });
  const inMainMenu = (await main(page).locator(':focus').count()) > 0;
  if (inMainMenu) await tabAndEnter(page, item);
  else {
    await tabTo(page, adminNav(page).getByRole('button').last(), { back: true, max: 80 });
    await tabAndEnter(page, item, { back: true });
  }
  return page.getByRole('region', { name, exact: true });
}

/** Replaces a focused field's text: select all, then type. */
async function retype(field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
  await expect(field).toHaveValue(text);
}

test('Groups: create a group, add a person with the picker, rename it, delete it', async () => {
  const groups = await goToAdminPage('Groups');
  const create = groups.getByRole('form', { name: 'New group' });
  await tabAndType(page, create.getByLabel('Name'), `kb-group-${suffix}`);
  await tabAndEnter(page, create.getByRole('button', { name: 'Create group' }));
  const editor = groups.getByRole('region', { name: `Group kb-group-${suffix}` });
  await tabAndType(page, editor.getByLabel('Add a person'), 'eri');
  await tabAndEnter(page, editor.getByRole('button', { name: 'Add Erin Engineer (erin)' }));
  await expect(editor.getByRole('list', { name: 'Member list' })).toContainText('Erin Engineer (erin)');
  // Erin's button went once she was added: the focus is back on the picker's field.
  await expect(editor.getByLabel('Add a person')).toBeFocused();
  await expectVisibleFocus(page);

  await tabTo(page, editor.getByLabel('Name'), { back: true });
  await retype(editor.getByLabel('Name'), `kb-crew-${suffix}`);
  await page.keyboard.press('Enter');
  const renamed = groups.getByRole('region', { name: `Group kb-crew-${suffix}` });
  await expect(renamed.getByRole('status')).toHaveText('Saved.');
  const list = groups.getByRole('table', { name: 'Group list' });
  await expect(list.getByRole('row', { name: new RegExp(`kb-crew-${suffix}`) })).toContainText('1');

  await tabAndEnter(page, renamed.getByRole('button', { name: 'Delete group' }));
  await expect(list).not.toContainText(`kb-crew-${suffix}`);
  await expect(groups.getByRole('heading', { name: 'Groups' })).toBeFocused();
  await expectVisibleFocus(page);
});

test('Credentials: add a shared credential, rotate it, delete it through its confirm row', async () => {
  const section = await goToAdminPage('Credentials');
  await tabAndType(page, section.getByLabel('Search computers'), 'web-01');
  await tabAndEnter(page, section.getByRole('button', { name: 'web-01', exact: true }));
  const computer = section.getByRole('region', { name: 'Credentials of web-01' });
  const add = computer.getByRole('form', { name: 'New credential' });
  await tabAndType(page, add.getByLabel('Username', { exact: true }), `kb-${suffix}`);
  await tabAndType(page, add.getByLabel('Password', { exact: true }), `Kb-${crypto.randomBytes(8).toString('hex')}`);
  await tabAndEnter(page, add.getByRole('button', { name: 'Add credential' }));
  const row = computer.getByRole('row', { name: `Credential kb-${suffix}` });
  await expect(row).toContainText('v1 (current): 0 sessions');
  await expect(row).toContainText('Never');

  await tabAndEnter(page, row.getByRole('button', { name: 'Rotate' }), { back: true });
  const rotate = computer.getByRole('form', { name: `Rotate kb-${suffix}` });
  await tabAndType(
    page,
    rotate.getByLabel('New password', { exact: true }),
    `Kb-${crypto.randomBytes(8).toString('hex')}`,
  );
  await page.keyboard.press('Enter');
  await expect(row).toContainText('v1: 0 sessions · v2 (current): 0 sessions');
  await expect(row.getByRole('button', { name: 'Rotate' })).toBeFocused();
  await expect(row).not.toContainText('Never');

  await tabAndEnter(page, row.getByRole('button', { name: 'Delete' }));
  const confirm = computer.getByRole('group', { name: 'Confirm delete' });
  await tabAndEnter(page, confirm.getByRole('button', { name: 'Delete credential' }));
  await expect(row).toHaveCount(0);
  await expect(computer.getByRole('row', { name: 'Credential deploy' })).toBeVisible();
  await expect(computer.getByRole('heading', { name: 'web-01' })).toBeFocused();
  await expectVisibleFocus(page);
});

test('Grants: grant a person a policy from the selects, then revoke it through its confirm row', async () => {
  const grants = await goToAdminPage('Grants');
  const form = grants.getByRole('form', { name: 'Grant access' });
  await tabAndType(page, form.getByLabel('Find a person'), 'erin');
  await tabTo(page, form.getByLabel('Person', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(form.getByLabel('Person', { exact: true }).locator('option:checked')).toHaveText('Erin Engineer (erin)');
  await tabTo(page, form.getByLabel('Policy', { exact: true }));
  await page.keyboard.type('Windows');
  await expect(form.getByLabel('Policy', { exact: true }).locator('option:checked')).toHaveText('Windows servers');
  await tabAndEnter(page, form.getByRole('button', { name: 'Grant access' }));
  const active = grants.getByRole('table', { name: 'Active grants' });
  const row = active.getByRole('row', { name: 'Grant of Windows servers (every level) to erin' });
  await expect(row).toContainText('Active');
  await expect(row).toContainText('alice');

  await tabAndEnter(page, row.getByRole('button', { name: 'Revoke' }));
  const confirm = grants.getByRole('group', { name: 'Confirm revoke' });
  await tabAndEnter(page, confirm.getByRole('button', { name: 'Revoke grant' }));
  const revoked = grants
    .getByRole('table', { name: 'Expired and revoked grants' })
    .getByRole('row', { name: 'Grant of Windows servers (every level) to erin' });
  await expect(revoked).toContainText('Revoked by alice');
  await expect(grants.getByText('No active grants.')).toBeVisible();
  await expect(grants.getByRole('heading', { name: 'Active grants' })).toBeFocused();
  await expectVisibleFocus(page);
});

test('API keys: make a service account and a key, see it once, Done, then revoke the key', async () => {
  const section = await goToAdminPage('API keys');
  const account = section.getByRole('form', { name: 'New service account' });
  await tabAndType(page, account.getByLabel('Username'), `kb-bot-${suffix}`);
  await tabAndType(page, account.getByLabel('Display name'), `Keyboard bot ${suffix}`);
  await tabTo(page, account.getByRole('checkbox', { name: 'auditor' }));
  await page.keyboard.press('Space');
  await expect(account.getByRole('checkbox', { name: 'auditor' })).toBeChecked();
  await tabAndEnter(page, account.getByRole('button', { name: 'Create service account' }));
  await expect(account.getByLabel('Username')).toHaveValue('');

  const form = section.getByRole('form', { name: 'New API key' });
  const accounts = form.getByLabel('Service account');
  await expect(accounts.getByRole('option', { name: `kb-bot-${suffix}` })).toHaveCount(1);
  await tabTo(page, accounts);
  await page.keyboard.type(`kb-bot-${suffix}`);
  await expect(accounts.locator('option:checked')).toHaveText(`kb-bot-${suffix}`);
  await tabAndType(page, form.getByLabel('Key name'), `kb-key-${suffix}`);
  await tabTo(page, form.getByRole('checkbox', { name: 'auditor' }));
  await page.keyboard.press('Space');
  await tabAndEnter(page, form.getByRole('button', { name: 'Create API key' }));
  await expect(section.getByTestId('new-api-key')).toHaveText(/^opsm_/);
  await tabAndEnter(page, section.getByRole('button', { name: 'Done' }));
  await expect(section.getByTestId('new-api-key')).toHaveCount(0);
  await expect(section.getByLabel('Search keys')).toBeFocused();

  const keys = section.getByRole('table', { name: 'Keys' });
  const row = keys.getByRole('row', { name: new RegExp(`kb-key-${suffix}`) });
  await expect(row).toContainText(`kb-bot-${suffix}`);
  await expect(row).toContainText('active');
  await tabAndEnter(page, row.getByRole('button', { name: `Revoke kb-key-${suffix}` }));
  await expect(row).toContainText('revoked');
  await expect(section.getByLabel('Search keys')).toBeFocused();
  await expectVisibleFocus(page);
});

test('Sign-in rules: a longer minimum length and one rule ticked, saved and shown again when the page reopens', async () => {
  const region = await goToAdminPage('Sign-in rules');
  const form = region.getByRole('form', { name: 'Password and MFA rules' });
  const refuse = form.getByRole('checkbox', { name: 'Refuse passwords that contain the username' });
  const wasTicked = await refuse.isChecked();
  await expect(form.getByLabel(/^Minimum length/)).toHaveValue('12');
  await retype(form.getByLabel(/^Minimum length/), '14');
  await tabTo(page, refuse);
  await page.keyboard.press('Space');
  await expect(refuse).toBeChecked({ checked: !wasTicked });
  await tabAndEnter(page, form.getByRole('button', { name: 'Save' }));
  await expect(form.getByRole('status')).toHaveText('Saved.');

  await goToAdminPage('People');
  const again = (await goToAdminPage('Sign-in rules')).getByRole('form', { name: 'Password and MFA rules' });
  await expect(again.getByLabel(/^Minimum length/)).toHaveValue('14');
  await expect(again.getByRole('checkbox', { name: 'Refuse passwords that contain the username' })).toBeChecked({
    checked: !wasTicked,
  });
  await expect(again.getByRole('checkbox', { name: 'MFA required for everyone' })).not.toBeChecked();
});

test('Server settings: switch the RDP proxy off, save, and My Resources says RDP is off; switch it on again', async () => {
  const section = await goToAdminPage('Server settings');
  const form = section.getByRole('form', { name: 'Server switches' });
  const proxy = form.getByRole('checkbox', { name: /RDP proxy/ });
  await expect(proxy).toBeChecked();
  await tabTo(page, proxy);
  await page.keyboard.press('Space');
  await expect(proxy).not.toBeChecked();
  await tabAndEnter(page, form.getByRole('button', { name: 'Save' }));
  await expect(form.getByRole('status')).toHaveText('Saved.');

  await tabAndEnter(page, main(page).getByRole('button', { name: 'My Resources', exact: true }), { back: true });
  await expect(page.getByRole('row', { name: /win-01/ })).toContainText('RDP is switched off on this server');
  await tabAndEnter(page, main(page).getByRole('button', { name: 'Administration' }));
  const reopened = (await goToAdminPage('Server settings')).getByRole('form', {
    name: 'Server switches',
  });
  await expect(reopened.getByRole('checkbox', { name: /RDP proxy/ })).not.toBeChecked();
  await tabTo(page, reopened.getByRole('checkbox', { name: /RDP proxy/ }));
  await page.keyboard.press('Space');
  await tabAndEnter(page, reopened.getByRole('button', { name: 'Save' }));
  await expect(reopened.getByRole('status')).toHaveText('Saved.');
  await expect(reopened.getByRole('checkbox', { name: /RDP proxy/ })).toBeChecked();
});
