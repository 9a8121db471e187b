import { expect, test } from '@playwright/test';
import { addLabComputer, connectTo, watchErin } from '../support/deskLab';
import { freePort } from '../support/ports';
import { openRealSsh, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';

/**
 * The session view's words, through real guacd 1.6.0 and a real sshd: a watcher stops watching,
 * SSH has no Ctrl+Alt+Del, and each end is headed by what happened.
 */

test.describe.configure({ timeout: 150_000 });
let lab: RealGatewayLab | undefined;

test.beforeEach(async () => {
  // A recording is stored once its file has not grown for 300 ms (2 s by default).
  lab = await startRealGatewayLab({ OPENPSM_RECORDING_SETTLE_MS: '300' });
});
test.afterEach(async () => {
  if (lab) await reportLogsOnFailure(test.info(), lab.logs());
  await lab?.stop();
  lab = undefined;
});

test('a watcher gets Stop watching, SSH has no Ctrl+Alt+Del, and a Terminate is headed by who ended it and why', async ({
  browser,
}) => {
  const erin = await lab!.appOf(browser, 'erin');
  const tab = await connectTo(erin, 'real-ssh');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  await expect(tab.getByRole('button', { name: 'End session' })).toBeVisible();
  await expect(tab.getByRole('button', { name: 'Send Ctrl+Alt+Del' })).toHaveCount(0);

  const bob = await lab!.appOf(browser, 'bob');
  const view = await watchErin(bob, 'real-ssh');
  await expect(view.getByRole('button', { name: 'Stop watching' })).toBeVisible();
  await expect(view.getByRole('button', { name: 'End session' })).toHaveCount(0);
  await expect(view.getByRole('button', { name: 'Send Ctrl+Alt+Del' })).toHaveCount(0);

  await bob.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Live' }).click();
  const row = bob.getByRole('row', { name: 'Erin Engineer on real-ssh' });
  await row.getByRole('button', { name: 'Terminate real-ssh of Erin Engineer' }).click();
  const form = bob.getByRole('form', { name: 'Terminate real-ssh' });
  await form.getByLabel(/Reason/).fill('Change window closed');
  await form.getByRole('button', { name: "End Erin Engineer's session" }).click();
  await expect(tab.getByTestId('session-end-heading')).toHaveText(
    'Ended by bob (access manager): Change window closed',
    { timeout: 10_000 },
  );
  await expect(tab.getByTestId('session-error-code')).toHaveText('SESSION_TERMINATED');
});

test('a normal end is headed Session ended, a refused connection Could not connect, and a session that never connected has no Play in Recordings', async ({
  browser,
}) => {
  await addLabComputer(lab!, {
    name: 'closed-ssh',
    port: await freePort(),
    shared: { username: lab!.account.name, secret: lab!.account.password },
    kinds: ['shared'],
  });
  const erin = await lab!.appOf(browser, 'erin');
  await openRealSsh(erin, lab!);
  const tab = erin.getByRole('region', { name: 'Session real-ssh' });
  await tab.getByTestId('session-screen').click();
  await erin.keyboard.type('exit');
  await erin.keyboard.press('Enter');
  await expect(tab.getByTestId('session-end-heading')).toHaveText('Session ended', { timeout: 15_000 });
  await tab.getByRole('button', { name: 'Close' }).click();

  const failed = await connectTo(erin, 'closed-ssh');
  await expect(failed.getByTestId('session-end-heading')).toHaveText('Could not connect', { timeout: 20_000 });
  await expect(failed.getByTestId('session-error-code')).toHaveText(/^(TARGET|GUACD)_/);

  const bob = await lab!.appOf(browser, 'bob');
  await bob.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
  const rows = bob.getByRole('table', { name: 'Recordings' }).getByRole('row');
  const never = rows.filter({ hasText: 'closed-ssh' });
  await expect(never.getByTestId('recording-status')).toHaveText(/Stored/, { timeout: 20_000 });
  await expect(never).toContainText('Never connected');
  await expect(never.getByRole('button', { name: /^Play/ })).toHaveCount(0);
  const played = rows.filter({ hasText: 'real-ssh' }).first();
  await expect(played.getByRole('button', { name: 'Play the recording of real-ssh by Erin Engineer' })).toBeEnabled({
    timeout: 20_000,
  });
});
