import { expect, test } from '@playwright/test';
import { demoPassword, signIn } from '../support/controlPlane';
import { connectTo } from '../support/deskLab';
import { runningSessions, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';

/**
 * A sign-in that runs out takes its session tabs with it (seed 000), through real guacd 1.6.0 and
 * a real sshd: the control plane keeps a sign-in for 45 s here (its production default is 14 days),
 * and the app refreshes its access token every few seconds, so the refused refresh comes while
 * Erin's session runs. A notice says what happened, and Start again leads back to a session.
 */

test.describe.configure({ timeout: 150_000 });
let lab: RealGatewayLab | undefined;

test.afterEach(async () => {
  if (lab) await reportLogsOnFailure(test.info(), lab.logs());
  await lab?.stop();
  lab = undefined;
});

test('when the sign-in expires the session tab closes, a notice says why, and Start again leads to a new session', async ({
  browser,
}) => {
  const signInSeconds = 45;
  lab = await startRealGatewayLab({
    // The app refreshes 60 s before an access token runs out: every 5 s with 65 s tokens.
    OPENPSM_ACCESS_TOKEN_TTL_SECONDS: '65',
    OPENPSM_REFRESH_TOKEN_TTL_SECONDS: String(signInSeconds),
  });
  const signedInAt = Date.now();
  const erin = await lab.appOf(browser, 'erin');
  const tab = await connectTo(erin, 'real-ssh');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 20_000 });
  const sessionTabs = erin.getByRole('navigation', { name: 'Sessions' });
  await expect(sessionTabs.getByRole('button')).toHaveText(['real-ssh']);
  expect(await runningSessions(lab)).toBe(1);
  expect(Date.now() - signedInAt, 'the session runs before the sign-in ends').toBeLessThan(signInSeconds * 1000);

  // The sign-in runs out: the tab closes by itself, and the notice says so.
  const notice = erin.getByTestId('sign-in-ended');
  await expect(notice).toBeVisible({ timeout: (signInSeconds + 30) * 1000 });
  await expect(notice).toContainText('Your session was closed with it: sign in and start again.');
  await expect(erin.locator('section.session')).toHaveCount(0);
  await expect(sessionTabs).toHaveCount(0);
  // …and the session ended on the control plane too: an access manager's Live list is empty.
  await expect.poll(() => runningSessions(lab!), { timeout: 15_000 }).toBe(0);

  // Start again: sign in once more, and the computer is one Connect away.
  await erin.getByRole('button', { name: 'Start again' }).click();
  await signIn(erin, 'erin', demoPassword);
  await expect(notice).toHaveCount(0);
  const again = await connectTo(erin, 'real-ssh');
  await expect(again.getByTestId('session-state')).toHaveText('Connected', { timeout: 20_000 });
});
