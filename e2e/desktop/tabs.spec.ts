import { expect, test } from '@playwright/test';
import { demoPassword, signIn } from '../support/controlPlane';
import { connectTo, watchErin } from '../support/deskLab';
import { runningSessions, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';

/**
 * Tabs are documents of the sign-in they ran under, through real guacd 1.6.0 and a real sshd:
 * signing out closes session and watch tabs (a finished one too), and the header keeps one line
 * however many tabs are open.
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

test('signing out closes session and watch tabs, a finished watch tab too; the next person in that app finds none', async ({
  browser,
}) => {
  const erin = await lab!.appOf(browser, 'erin');
  const erinTab = await connectTo(erin, 'real-ssh');
  await expect(erinTab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  const bob = await lab!.appOf(browser, 'bob');
  const view = await watchErin(bob, 'real-ssh');

  // Erin ends her session: Bob's watch tab shows the end and stays open…
  await erinTab.getByRole('button', { name: 'End session' }).click();
  await expect(view.getByTestId('session-end')).toBeVisible({ timeout: 10_000 });
  await expect(bob.getByRole('navigation', { name: 'Sessions' }).getByRole('button')).toHaveText([
    'real-ssh (watching Erin Engineer)',
  ]);
  // …until Bob signs out: then it closes.
  await bob.getByRole('button', { name: 'Sign out' }).click();
  await expect(bob.getByRole('navigation', { name: 'Sessions' })).toHaveCount(0);
  await expect(bob.locator('section.session')).toHaveCount(0);

  // Erin signs in on Bob's app: nothing of Bob's is there.
  await signIn(bob, 'erin', demoPassword);
  await expect(bob.getByTestId('signed-in-person')).toContainText('Erin Engineer');
  await expect(bob.getByRole('navigation', { name: 'Sessions' })).toHaveCount(0);

  // A running session: signing out ends it on the server and closes its tab.
  const running = await connectTo(bob, 'real-ssh');
  await expect(running.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  await expect.poll(() => runningSessions(lab!), { timeout: 10_000 }).toBe(1);
  await bob.getByRole('button', { name: 'Sign out' }).click();
  await expect(bob.locator('section.session')).toHaveCount(0);
  await expect(bob.getByRole('navigation', { name: 'Sessions' })).toHaveCount(0);
  await expect.poll(() => runningSessions(lab!), { timeout: 10_000 }).toBe(0);
});

test('at 1024 px with 8 session tabs the header keeps one line, and the overflow menu reaches the 8th tab', async ({
  browser,
}) => {
  const erin = await lab!.appOf(browser, 'erin');
  await erin.setViewportSize({ width: 1024, height: 768 });
  const header = erin.locator('header.app-header');
  const emptyHeight = (await header.boundingBox())!.height;

  for (let i = 0; i < 8; i += 1) {
    const tab = await connectTo(erin, 'real-ssh');
    await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 20_000 });
  }
  const sessions = erin.locator('section.session');
  await expect(sessions).toHaveCount(8);

  // One line: the same height as with no tab, nothing past the right edge, every part inside the header.
  const box = (await header.boundingBox())!;
  expect(Math.abs(box.height - emptyHeight)).toBeLessThan(1);
  expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
  const parts = await header
    .locator(':scope > *')
    .evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0));
  for (const part of parts) {
    expect(part.top).toBeGreaterThanOrEqual(box.y - 0.5);
    expect(part.bottom).toBeLessThanOrEqual(box.y + box.height + 0.5);
    expect(part.right).toBeLessThanOrEqual(1024);
  }

  // The tabs that fit are in the strip, the others in the menu.
  const strip = erin.getByRole('navigation', { name: 'Sessions' });
  const shown = await strip.getByRole('button').count();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(8);
  await strip.getByRole('button').first().click();
  await expect(sessions.nth(0)).toBeVisible();
  await erin.getByRole('button', { name: `${8 - shown} more session tabs` }).click();
  const menu = erin.getByRole('menu', { name: 'More session tabs' });
  await expect(menu.getByRole('menuitem')).toHaveCount(8 - shown);
  await menu.getByRole('menuitem').last().click();
  await expect(sessions.nth(7)).toBeVisible();
  await expect(sessions.nth(7).getByTestId('session-state')).toHaveText('Connected');
  await expect(sessions.nth(0)).toBeHidden();
  await expect(menu).toHaveCount(0);
});
