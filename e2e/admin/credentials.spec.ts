import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { reportLogsOnFailure } from '../support/realLab';
import { openRealSsh, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { adminCaller } from '../support/groupsPage';
import { readmeShot } from '../support/readmeShots';

/**
 * Shared credentials in the Administration area against a real sshd behind real guacd: the
 * administrator adds real-ssh's credential in the UI, Erin connects with it; the account's
 * password changes on the computer and the administrator rotates to it, and Erin's next session
 * logs in with the new one; deleting the credential greys Connect out with NO_SHARED_CREDENTIAL.
 */

test.describe.configure({ timeout: 180_000 });

async function openCredentials(page: Page, computer: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Credentials' }).click();
  const section = page.getByRole('region', { name: 'Credentials', exact: true });
  await section.getByLabel('Search computers').fill(computer);
  await section.getByRole('button', { name: computer, exact: true }).click();
  return section.getByRole('region', { name: `Credentials of ${computer}` });
}

/** Erin ends her session on real-ssh, so the next Connect opens a new one. */
async function endSession(page: Page) {
  const tab = page.getByRole('region', { name: 'Session real-ssh' });
  await tab.getByRole('button', { name: /^(End session|Close)$/ }).click();
  await expect(tab).toHaveCount(0);
}

test.describe('with a real sshd', () => {
  let lab: RealGatewayLab | undefined;
  test.beforeEach(async () => {
    lab = await startRealGatewayLab({}, { withCredential: false });
  });
  test.afterEach(async () => {
    await reportLogsOnFailure(test.info(), lab?.logs() ?? {});
    await lab?.stop();
  });

  test('an administrator adds, rotates and deletes the shared credential; sessions follow the current version', async ({
    browser,
  }) => {
    const { account } = lab!;
    const alice = await lab!.appOf(browser, 'alice');
    const computer = await openCredentials(alice, 'real-ssh');
    await expect(computer.getByText(/has no shared credential/)).toBeVisible();
    const add = computer.getByRole('form', { name: 'New credential' });
    await add.getByLabel('Username', { exact: true }).fill(account.name);
    await add.getByLabel('Password', { exact: true }).fill(account.password);
    await add.getByRole('button', { name: 'Add credential' }).click();
    const row = computer.getByRole('row', { name: `Credential ${account.name}` });
    await expect(row).toContainText('v1 (current): 0 sessions');
    await expect(row).toContainText('Never');

    const erin = await lab!.appOf(browser, 'erin');
    await openRealSsh(erin, lab!);
    await endSession(erin);

    // The account's password changes on the computer; the administrator rotates to the new one.
    const newPassword = `Rotated-${crypto.randomBytes(12).toString('base64url')}`;
    execFileSync('chpasswd', { input: `${account.name}:${newPassword}\n` });
    await row.getByRole('button', { name: 'Rotate' }).click();
    const rotate = computer.getByRole('form', { name: `Rotate ${account.name}` });
    await rotate.getByLabel('New password', { exact: true }).fill(newPassword);
    await rotate.getByRole('button', { name: 'Rotate to the new secret' }).click();
    await expect(row).toContainText(/v1: [1-9]\d* sessions? · v2 \(current\): 0 sessions/);
    await expect(row).not.toContainText('Never');

    await openRealSsh(erin, { ...lab!, account: { ...account, password: newPassword } });
    await endSession(erin);
    await alice.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Audit log' }).click();
    const again = await openCredentials(alice, 'real-ssh');
    await expect(again.getByRole('row', { name: `Credential ${account.name}` })).toContainText(
      /v2 \(current\): [1-9]\d* sessions?/,
    );
    const page = alice.getByRole('region', { name: 'Credentials', exact: true });
    await readmeShot(page, 'admin-credentials');

    await again
      .getByRole('row', { name: `Credential ${account.name}` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await again
      .getByRole('group', { name: 'Confirm delete' })
      .getByRole('button', { name: 'Delete credential' })
      .click();
    await expect(again.getByText(/has no shared credential/)).toBeVisible();
    // My Resources reads the list again when it opens.
    await erin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
    await erin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My Resources' }).click();
    const resource = erin.getByRole('row', { name: /real-ssh/ });
    await expect(resource.locator('[data-code="NO_SHARED_CREDENTIAL"]')).toBeVisible();
    await expect(resource.getByRole('button', { name: 'Connect to real-ssh' })).toBeDisabled();
    for (const line of [...lab!.server.stdout, ...lab!.server.stderr]) {
      expect(line).not.toContain(account.password);
      expect(line).not.toContain(newPassword);
    }
  });
});

test('a refused credential keeps what was typed and names each bad field; a stale rotation offers Reload', async ({
  page,
}) => {
  const lab = await startRemoteMode();
  const api = adminCaller(() => lab);
  try {
    await page.goto(lab.host.url);
    await signIn(page, 'alice', demoPassword);
    const computer = await openCredentials(page, 'web-01');
    const add = computer.getByRole('form', { name: 'New credential' });
    await add.getByLabel('Username', { exact: true }).fill('u'.repeat(257));
    await add.getByRole('button', { name: 'Add credential' }).click();
    await expect(add.getByRole('alert')).toHaveText([
      'Username is too long (at most 256 characters).',
      'Password is required.',
    ]);
    await expect(add.getByLabel('Username', { exact: true })).toHaveValue('u'.repeat(257));
    await add.getByLabel('Kind', { exact: true }).selectOption('key');
    await add.getByLabel('Username', { exact: true }).fill('deploy2');
    await add.getByLabel('Private key', { exact: true }).fill('not a key');
    await add.getByRole('button', { name: 'Add credential' }).click();
    await expect(add.getByRole('alert')).toHaveText(
      'Private key must be a private key (-----BEGIN … PRIVATE KEY-----).',
    );
    await expect(add.getByLabel('Username', { exact: true })).toHaveValue('deploy2');

    // Someone else rotates the seeded credential while this page has it open: the rotation is
    // refused as stale, and Reload keeps the new password typed.
    const row = computer.getByRole('row', { name: 'Credential deploy' });
    await row.getByRole('button', { name: 'Rotate' }).click();
    const rotate = computer.getByRole('form', { name: 'Rotate deploy' });
    await rotate.getByLabel('New password', { exact: true }).fill('Mine-Typed-1');
    const listed = await api('GET', `/api/admin/credentials`);
    const seeded = (listed['credentials'] as Array<{ id: string; username: string }>).find(
      (c) => c.username === 'deploy',
    );
    await api('POST', `/api/admin/credentials/${seeded?.id}/versions`, { revision: 1, secret: 'Theirs-1' });
    await rotate.getByRole('button', { name: 'Rotate to the new secret' }).click();
    await expect(rotate.getByTestId('rotate-credential-error')).toHaveText('STALE_REVISION');
    await rotate.getByRole('button', { name: 'Reload (keep what I typed)' }).click();
    await expect(row).toContainText('v2 (current)');
    await expect(rotate.getByLabel('New password', { exact: true })).toHaveValue('Mine-Typed-1');
    await rotate.getByRole('button', { name: 'Rotate to the new secret' }).click();
    await expect(row).toContainText('v3 (current)');
  } finally {
    await lab.stop();
  }
});
