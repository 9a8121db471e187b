import { expect, test } from '@playwright/test';
import { addLabComputer } from '../support/deskLab';
import { startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';
import { addCredential, createVault } from '../support/vaultUi';

/**
 * Connect without needless stops, through real guacd 1.6.0 and a real sshd: the master-password
 * offer where it belongs, one Lock on the Vault page, and a personal-only policy in one click.
 */

test.describe.configure({ timeout: 150_000 });
let lab: RealGatewayLab | undefined;

test.beforeEach(async () => {
  lab = await startRealGatewayLab();
});
test.afterEach(async () => {
  if (lab) await reportLogsOnFailure(test.info(), lab.logs());
  await lab?.stop();
  lab = undefined;
});

test('the master-password offer shows on Home and Vault only and Not now hides it; the Vault page has one Lock; a personal-only policy connects in one click with the one fitting credential', async ({
  browser,
}) => {
  await addLabComputer(lab!, { name: 'personal-ssh', port: lab!.ssh.port, kinds: ['personal'] });
  const erin = await lab!.appOf(browser, 'erin');
  const nav = erin.getByRole('navigation', { name: 'Main' });
  const banner = erin.getByTestId('master-password-banner');
  // Signed in on My Resources: no offer there.
  await expect(erin.getByRole('heading', { name: 'My Resources' })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await nav.getByRole('button', { name: 'Home' }).click();
  await expect(banner).toBeVisible();
  await nav.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(banner).toHaveCount(0);
  await nav.getByRole('button', { name: 'Vault' }).click();
  await expect(banner).toBeVisible();
  await erin.getByRole('button', { name: 'Not now' }).click();
  await expect(banner).toHaveCount(0);
  await nav.getByRole('button', { name: 'Home' }).click();
  await expect(banner).toHaveCount(0);

  // Without a credential in the vault, Connect says what is missing.
  await nav.getByRole('button', { name: 'My Resources' }).click();
  const row = erin.getByRole('row', { name: /personal-ssh/ });
  await expect(row.getByRole('button', { name: 'Connect to personal-ssh' })).toBeDisabled();

  await createVault(erin, 'e2e-Desk-Lantern-Violet-73');
  await expect(erin.getByRole('button', { name: /^Lock/ })).toHaveCount(1);
  await addCredential(erin, 'my login', lab!.account.password, 'personal-ssh', lab!.account.name);

  // One fitting credential: Connect goes straight to the terms, and the session logs in with it.
  await nav.getByRole('button', { name: 'My Resources' }).click();
  await row.getByRole('button', { name: 'Connect to personal-ssh' }).click();
  await expect(erin.getByText('Terms of personal-ssh.')).toBeVisible();
  await erin.getByRole('button', { name: 'Agree and connect' }).click();
  const tab = erin.getByRole('region', { name: 'Session personal-ssh' });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  await expect
    .poll(() => lab!.ssh.log.some((line) => line.includes(`Accepted password for ${lab!.account.name}`)), {
      timeout: 10_000,
    })
    .toBe(true);
});
