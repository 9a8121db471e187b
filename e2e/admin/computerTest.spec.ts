import { expect, test, type Page } from '@playwright/test';
import { openComputers } from '../support/computersPage';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { freePort } from '../support/ports';
import { openRealSsh, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';
import { readmeShot } from '../support/readmeShots';
import { startSshd, type Sshd } from '../support/sshd';

/**
 * Test connection on a computer's form, before saving: the server reads a real sshd's host key
 * (logging in nowhere), the administrator pins it and saves; a closed port and a bad port say why.
 * Through real guacd, the key pinned from the test is the one guacd checks: the session connects.
 */

test.describe.configure({ timeout: 180_000 });

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
let sshd: Sshd;

async function newComputer(page: Page) {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const computers = await openComputers(page);
  await computers.getByRole('button', { name: 'Add a computer' }).click();
  return computers.getByRole('form', { name: 'New computer' });
}

test.describe('against a real sshd', () => {
  test.beforeEach(async () => {
    sshd = await startSshd();
    lab = await startRemoteMode();
  });
  test.afterEach(async () => {
    await lab.stop();
    await sshd.stop();
  });

  test("Test connection shows a real sshd's host key before saving; Pin puts it in the form and it is saved", async ({
    page,
  }) => {
    const form = await newComputer(page);
    await form.getByLabel('Name', { exact: true }).fill('lab-sshd');
    await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(sshd.port));
    const tester = form.getByRole('region', { name: 'Test connection' });
    await tester.getByRole('button', { name: 'Test connection' }).click();
    await expect(tester.getByTestId('connection-test-fingerprint')).toHaveText(sshd.hostKeySha256);
    await expect(tester.getByTestId('connection-test-host-key')).toHaveText(sshd.hostPublicKey);
    await expect(tester.getByTestId('connection-test-summary')).toContainText(`127.0.0.1:${sshd.port} answered in`);
    await readmeShot(tester, 'admin-computer-test');
    await tester.getByRole('button', { name: 'Pin this host key' }).click();
    await expect(form.getByLabel('Pinned host key')).toHaveValue(sshd.hostPublicKey);
    await expect(tester.getByTestId('connection-test-pinned')).toBeVisible();
    await expect(tester.getByRole('button', { name: 'Pin this host key' })).toBeDisabled();
    expect(sshd.log.join('')).not.toMatch(/Accepted|Failed password|Invalid user/);

    await form.getByRole('button', { name: 'Add computer' }).click();
    const saved = page.getByRole('form', { name: 'Edit lab-sshd' });
    await expect(saved.getByLabel('Pinned host key')).toHaveValue(sshd.hostPublicKey);
    // Changing the port forgets the result: it was for the old fields.
    await saved.getByLabel('Port', { exact: true }).fill('22');
    await expect(saved.getByTestId('connection-test-summary')).toHaveCount(0);
  });

  test('Test connection names a closed port and a bad port, keeping what was typed', async ({ page }) => {
    const form = await newComputer(page);
    await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    const tester = form.getByRole('region', { name: 'Test connection' });
    await form.getByLabel('Port', { exact: true }).fill(String(await freePort()));
    await tester.getByRole('button', { name: 'Test connection' }).click();
    await expect(tester.getByTestId('connection-test-error')).toHaveText('TARGET_REFUSED');
    await expect(tester.getByRole('alert')).toContainText('refused the connection');
    await form.getByLabel('Port', { exact: true }).fill('70000');
    await tester.getByRole('button', { name: 'Test connection' }).click();
    await expect(tester.getByTestId('connection-test-error')).toHaveText('BAD_REQUEST');
    await expect(tester.getByRole('list', { name: 'Fields to fix' })).toContainText('port: must be 1-65535');
    await expect(form.getByLabel('Port', { exact: true })).toHaveValue('70000');
  });
});

test.describe('with a real sshd and guacd', () => {
  let real: RealGatewayLab | undefined;
  test.beforeEach(async () => {
    real = await startRealGatewayLab();
  });
  test.afterEach(async () => {
    await reportLogsOnFailure(test.info(), real?.logs() ?? {});
    await real?.stop();
  });

  test('the host key pinned from Test connection is the one guacd checks: the session connects', async ({
    browser,
  }) => {
    const alice = await real!.appOf(browser, 'alice');
    const computers = await openComputers(alice);
    await computers.getByLabel('Search computers').fill('real-ssh');
    await computers.getByRole('button', { name: 'real-ssh', exact: true }).click();
    const form = computers.getByRole('form', { name: 'Edit real-ssh' });
    const tester = form.getByRole('region', { name: 'Test connection' });
    await tester.getByRole('button', { name: 'Test connection' }).click();
    await tester.getByRole('button', { name: 'Pin this host key' }).click();
    await form.getByRole('button', { name: 'Save computer' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(form.getByLabel('Pinned host key')).toHaveValue(/^(ssh-ed25519|ecdsa-sha2-nistp\d+|ssh-rsa) AAAA/);

    const erin = await real!.appOf(browser, 'erin');
    await openRealSsh(erin, real!);
    expect(real!.guacd.log().join('\n')).not.toContain('Host key did not match');
  });
});
