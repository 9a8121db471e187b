import crypto from 'node:crypto';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { descendants, killPids } from '../support/daemons';
import { openComputers } from '../support/computersPage';
import { openPolicies } from '../support/policiesPage';
import { setUpFirstAdministrator, startApp } from '../support/firstSetup';
import { tempDataDir, type Started } from '../support/processes';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure, textOf } from '../support/realLab';
import { openShell } from '../support/realShell';
import { createAccount, type Target, type TestAccount } from '../support/realTargets';
import { startSshd } from '../support/sshd';

/**
 * A new administrator's first computer, from a fresh `npm start` on an empty folder with only
 * the app: first setup, guacd's address in Settings, then in Administration a computer added
 * with Test connection (the real sshd's host key pinned), its shared credential and a policy,
 * and Connect on My Resources opens the account's shell through real guacd. Nothing seeded,
 * nothing sent to the API by hand.
 */

test.describe.configure({ timeout: 240_000 });

const adminPassword = `Admin-${crypto.randomBytes(6).toString('hex')}`;

let app: Started | undefined;
let guacd: RealGuacd | undefined;
let ssh: Target | undefined;
let account: TestAccount | undefined;

test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host: app, targets: { sshd: ssh } });
  await app?.stop();
  await guacd?.stop();
  await ssh?.stop();
  await account?.remove();
  app = guacd = ssh = account = undefined;
});

/** `npm start` on an empty folder, then the first setup. */
async function firstSetup(page: Page) {
  app = await startApp(tempDataDir());
  await setUpFirstAdministrator(page, app, adminPassword);
}

/** Settings → guacd address: where the built-in control plane's gateway reaches guacd. */
async function setGuacdAddress(page: Page, port: number) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
  const form = page.getByRole('form', { name: 'guacd address' });
  await form.getByLabel('guacd host').fill('127.0.0.1');
  await form.getByLabel('guacd port').fill(String(port));
  await form.getByRole('button', { name: 'Save guacd address' }).click();
  await expect(form.getByText('guacd address saved')).toBeVisible();
}

/** Administration → Computers: lab-sshd added after Test connection, with the sshd's host key pinned. */
async function addTestedComputer(page: Page, sshd: { port: number; hostKeySha256: string; hostPublicKey: string }) {
  const computers = await openComputers(page);
  await computers.getByRole('button', { name: 'Add a computer' }).click();
  const form = computers.getByRole('form', { name: 'New computer' });
  await form.getByLabel('Name', { exact: true }).fill('lab-sshd');
  await form.getByLabel('Protocol', { exact: true }).selectOption('ssh');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(sshd.port));
  const tester = form.getByRole('region', { name: 'Test connection' });
  await tester.getByRole('button', { name: 'Test connection' }).click();
  await expect(tester.getByTestId('connection-test-fingerprint')).toHaveText(sshd.hostKeySha256);
  await tester.getByRole('button', { name: 'Pin this host key' }).click();
  await expect(form.getByLabel('Pinned host key')).toHaveValue(sshd.hostPublicKey);
  await form.getByRole('button', { name: 'Add computer' }).click();
  await expect(computers.getByRole('row', { name: 'Computer lab-sshd' })).toContainText(`127.0.0.1:${sshd.port}`);
}

/** Administration → Credentials: the account's username and password for lab-sshd. */
async function addCredential(page: Page, user: TestAccount) {
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Credentials' }).click();
  const section = page.getByRole('region', { name: 'Credentials', exact: true });
  await section.getByLabel('Search computers').fill('lab-sshd');
  await section.getByRole('button', { name: 'lab-sshd', exact: true }).click();
  const computer = section.getByRole('region', { name: 'Credentials of lab-sshd' });
  const add = computer.getByRole('form', { name: 'New credential' });
  await add.getByLabel('Username', { exact: true }).fill(user.name);
  await add.getByLabel('Password', { exact: true }).fill(user.password);
  await add.getByRole('button', { name: 'Add credential' }).click();
  await expect(computer.getByRole('row', { name: `Credential ${user.name}` })).toContainText('v1 (current)');
}

/** Administration → Policies: the administrator may reach lab-sshd with its shared credential. */
async function addPolicy(page: Page) {
  const section = await openPolicies(page);
  await section.getByRole('button', { name: 'New policy' }).click();
  const form = section.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Name', { exact: true }).fill('First lab');
  await form.getByRole('group', { name: 'People' }).getByLabel('Search people').fill('first-admin');
  await form.getByRole('group', { name: 'People' }).getByLabel('Fay First (first-admin)').check();
  await form.getByRole('group', { name: 'Computers' }).getByLabel('lab-sshd (SSH)').check();
  await form.getByLabel('Shared credential').check();
  await form.getByLabel('Terms text').fill('First lab: only for trying OpenPSM.');
  await form.getByRole('button', { name: 'Create policy' }).click();
  await expect(section.getByRole('form', { name: 'Edit First lab' })).toBeVisible();
}

test('from a fresh start with only the app: a computer added with Test (host key pinned), its credential and a policy, then Connect opens its shell', async ({
  page,
}) => {
  account = createAccount();
  const sshd = await startSshd();
  ssh = {
    port: sshd.port,
    log: sshd.log,
    stop: async () => {
      const below = descendants(sshd.pid);
      await Promise.race([sshd.stop(), new Promise((r) => setTimeout(r, 5000))]);
      killPids([sshd.pid, ...below]);
    },
  };
  guacd = await startRealGuacd('1.6.0');
  await firstSetup(page);
  await setGuacdAddress(page, guacd.port);
  await addTestedComputer(page, sshd);
  await addCredential(page, account);
  await addPolicy(page);

  const user = account;
  await openShell(page, 'lab-sshd', user, guacd, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My Resources' }).click();
    await page
      .getByRole('row', { name: /lab-sshd/ })
      .getByRole('button', { name: 'Connect to lab-sshd' })
      .click();
    await expect(page.getByText('First lab: only for trying OpenPSM.')).toBeVisible();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
  });
  // whoami, typed in the remote shell, runs as the account (its output lands in the account's folder).
  const tab = page.getByRole('region', { name: 'Session lab-sshd' });
  const file = path.join(user.workDir, `whoami-${crypto.randomBytes(4).toString('hex')}.txt`);
  await tab.getByTestId('session-screen').click();
  await page.keyboard.type(`whoami > ${file}`);
  await page.keyboard.press('Enter');
  await expect.poll(() => textOf(file), { timeout: 15_000 }).toBe(`${user.name}\n`);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  expect(guacd.log().join('\n')).not.toContain('Host key did not match');
});
