import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from '../support/controlPlane';
import { launchLine, root, startNode, tempDataDir, type Started } from '../support/processes';
import { readmeShot } from '../support/readmeShots';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { openShell } from '../support/realShell';
import { createAccount, startSshTarget, type Target, type TestAccount } from '../support/realTargets';

const demoPassword = 'demo-Password-1234';
const masterPassword = 'Master-Password-Of-Alice-1';

/** `npm start -- --demo`, as a person runs it, with the demo's SSH computers aimed at this test's sshd and account. */
function startDemoApp(ssh: Target, account: TestAccount): Promise<Started> {
  return startNode(
    [path.join(root, 'scripts/start.mjs'), '--demo'],
    {
      OPENPSM_APP_DATA_DIR: tempDataDir(),
      OPENPSM_FORCE_BROWSER_HOST: '1',
      OPENPSM_DEMO_PASSWORD: demoPassword,
      OPENPSM_DEMO_SECRET: account.password,
      OPENPSM_DEMO_SSH_PORT: String(ssh.port),
      OPENPSM_DEMO_SSH_USER: account.name,
    },
    launchLine,
    90_000,
  );
}

const step = (page: Page, id: string) => page.getByTestId(`checklist-${id}`);
const home = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home', exact: true }).click();

test.describe('a first launch with --demo', () => {
  let ssh: Target;
  let account: TestAccount;
  let guacd: RealGuacd;
  let app: Started;
  test.beforeAll(async () => {
    ssh = await startSshTarget();
    account = createAccount();
    guacd = await startRealGuacd('1.6.0', 'info');
    app = await startDemoApp(ssh, account);
  });
  test.afterAll(async () => {
    await app?.stop();
    await guacd?.stop();
    await ssh?.stop();
    await account?.remove();
  });

  test('follows the Home checklist from an empty start to a live SSH session on this machine', async ({ page }) => {
    test.setTimeout(180_000);
    expect(app.stderr.join('\n')).toContain('Sign in as alice (administrator) with OPENPSM_DEMO_PASSWORD');
    await page.goto(launchLine.exec(app.line)?.[1] as string);

    // The control plane is ready; guacd is not where the app looks by default, and the step says where to set it.
    await expect(page.getByRole('heading', { name: 'Getting started' })).toBeVisible();
    await expect(step(page, 'control-plane')).toHaveAccessibleName('Control plane ready: done');
    await expect(step(page, 'guacd')).toHaveAccessibleName('guacd reachable: to do');
    await expect(step(page, 'guacd')).toContainText('Settings → guacd');
    await expect(page.getByTestId('guacd-badge')).toHaveText('guacd not reachable');
    await step(page, 'guacd').getByRole('button', { name: 'Set guacd’s address' }).click();
    const form = page.getByRole('form', { name: 'guacd address' });
    await form.getByLabel('guacd port').fill(String(guacd.port));
    await form.getByRole('button', { name: 'Save guacd address' }).click();

    // Within a few seconds Home says guacd answers, with the protocol version it offers.
    await home(page);
    await expect(step(page, 'guacd')).toHaveAccessibleName('guacd reachable: done', { timeout: 15_000 });
    await expect(step(page, 'guacd')).toContainText(/offering protocol VERSION_1_\d_0/);
    await expect(page.getByTestId('guacd-status')).toHaveText(/^guacd VERSION_1_\d_0$/);
    await expect(page.getByTestId('guacd-badge')).toHaveCount(0);

    // Signing in as the demo administrator ticks off the computer and the policy.
    await step(page, 'computer').getByRole('button', { name: 'Go to sign-in' }).click();
    await signIn(page, 'alice', demoPassword);
    await expect(page.getByRole('row', { name: /web-01/ }).getByTestId('reachability')).toHaveText('Reachable');
    await home(page);
    await expect(step(page, 'computer')).toHaveAccessibleName('A computer: done');
    await expect(step(page, 'policy')).toHaveAccessibleName('A policy that reaches you: done');
    await expect(step(page, 'vault')).toHaveAccessibleName('Your vault: to do');
    const checklist = page.getByRole('region', { name: 'Getting started' });
    await readmeShot(checklist, 'getting-started');

    // The vault, from its step.
    await step(page, 'vault').getByRole('button', { name: 'Open Vault' }).click();
    await page.getByLabel('Master password (at least 12 characters)').fill(masterPassword);
    await page.getByLabel('Master password again').fill(masterPassword);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect(page.getByRole('heading', { name: 'Personal credentials' })).toBeVisible();
    await home(page);
    await expect(step(page, 'vault')).toHaveAccessibleName('Your vault: done');

    // The first session: web-01, the demo's SSH computer, on this machine's sshd, with a shell.
    await openShell(page, 'web-01', account, guacd, async () => {
      await home(page);
      await step(page, 'session').getByRole('button', { name: 'Open My Resources' }).click();
      await page
        .getByRole('row', { name: /web-01/ })
        .getByRole('button', { name: 'Connect to web-01' })
        .click();
      await expect(page.getByText('This session is recorded and may be watched live')).toBeVisible();
      await page.getByRole('button', { name: 'Agree and connect' }).click();
    });

    // Every step done: Home no longer shows the checklist.
    await home(page);
    await expect(
      page.getByRole('heading', { name: 'Privileged sessions, recorded, without handing out passwords' }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Getting started' })).toHaveCount(0);
  });
});
