import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { freePort } from '../support/ports';
import { readmeShot } from '../support/readmeShots';
import { startSshd, type Sshd } from '../support/sshd';

/**
 * Test connection on a computer's form, before saving: the server reads a real sshd's host key
 * (logging in nowhere), the administrator pins it and saves; a closed port and a bad port say why.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
let sshd: Sshd;
test.beforeEach(async () => {
  sshd = await startSshd();
  lab = await startRemoteMode();
});
test.afterEach(async () => {
  await lab.stop();
  await sshd.stop();
});

async function newComputer(page: Page) {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Computers' }).click();
  const computers = page.getByRole('region', { name: 'Computers', exact: true });
  await computers.getByRole('button', { name: 'Add a computer' }).click();
  return computers.getByRole('form', { name: 'New computer' });
}

test("Test connection shows a real sshd's host key before saving; Pin puts it in the form and it is saved", async ({
  page,
}) => {
  const form = await newComputer(page);
  await form.getByLabel('Name', { exact: true }).fill('lab-sshd');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(sshd.port));
  const test_ = form.getByRole('region', { name: 'Test connection' });
  await test_.getByRole('button', { name: 'Test connection' }).click();
  await expect(test_.getByTestId('connection-test-fingerprint')).toHaveText(sshd.hostKeySha256);
  await expect(test_.getByTestId('connection-test-host-key')).toHaveText(sshd.hostPublicKey);
  await expect(test_.getByTestId('connection-test-summary')).toContainText(`127.0.0.1:${sshd.port} answered in`);
  await readmeShot(test_, 'admin-computer-test');
  await test_.getByRole('button', { name: 'Pin this host key' }).click();
  await expect(form.getByLabel('Pinned host key')).toHaveValue(sshd.hostPublicKey);
  await expect(test_.getByTestId('connection-test-pinned')).toBeVisible();
  await expect(test_.getByRole('button', { name: 'Pin this host key' })).toBeDisabled();
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
  const test_ = form.getByRole('region', { name: 'Test connection' });
  await form.getByLabel('Port', { exact: true }).fill(String(await freePort()));
  await test_.getByRole('button', { name: 'Test connection' }).click();
  await expect(test_.getByTestId('connection-test-error')).toHaveText('TARGET_REFUSED');
  await expect(test_.getByRole('alert')).toContainText('refused the connection');
  await form.getByLabel('Port', { exact: true }).fill('70000');
  await test_.getByRole('button', { name: 'Test connection' }).click();
  await expect(test_.getByTestId('connection-test-error')).toHaveText('BAD_REQUEST');
  await expect(test_.getByRole('list', { name: 'Fields to fix' })).toContainText('port: must be 1-65535');
  await expect(form.getByLabel('Port', { exact: true })).toHaveValue('70000');
});
