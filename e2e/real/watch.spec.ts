import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decodeInstructions } from '@shared/common/guac';
import { openRealSsh, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { collectSessionFrames } from '../support/guacdTap';
import { strayStreamData } from '../support/guacStreams';
import { reportLogsOnFailure } from '../support/realLab';
import { typeCommandThatWritesAFile } from '../support/realShell';
import { litPixels } from '../support/sessionUi';

/**
 * Live monitoring through real guacd 1.6.0: Erin's SSH session runs through the gateway; Bob, an
 * access manager, watches it from his own app (the gateway joins her guacd connection read-only),
 * and ends it with Terminate.
 */

// A login lost to a known race is tried again (support/realShell.ts): up to three logins of 15 s.
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

/** Bob's app on the Live view. */
async function openLive(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Live' }).click();
  await expect(page.getByRole('heading', { name: 'Live sessions' })).toBeVisible();
}

test('an access manager watches a live SSH session through real guacd: drawn as it changes, read-only, and Terminate ends it', async ({
  browser,
}) => {
  const { account, guacd } = lab!;
  const erin = await lab!.appOf(browser, 'erin');
  await openRealSsh(erin, lab!);
  const bob = await lab!.appOf(browser, 'bob');
  const frames = collectSessionFrames(bob);
  await openLive(bob);
  const row = bob.getByRole('row', { name: 'Erin Engineer on real-ssh' });
  await row.getByRole('button', { name: 'Watch real-ssh of Erin Engineer' }).click({ timeout: 15_000 });
  const view = bob.getByRole('region', { name: 'Session real-ssh (watching Erin Engineer)' });
  await expect(view.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  await expect(view).toContainText('watching, read-only');
  await expect
    .poll(() => litPixels(bob, 'real-ssh (watching Erin Engineer)'), { timeout: 10_000 })
    .toBeGreaterThan(100);
  // guacd itself has a second user on Erin's connection: the gateway's join.
  expect(guacd.log().join('\n')).toMatch(/joined connection .*\(2 users now present\)/);
  // guacd sends the joining user the terminal's parameters as argv streams: none of it reaches Bob.
  const atBob = decodeInstructions(frames.last());
  expect(atBob.some((i) => i[0] === 'blob')).toBe(true);
  expect(atBob.some((i) => i[0] === 'argv')).toBe(false);
  expect(strayStreamData(atBob)).toEqual([]);

  // What Erin types shows on Bob's screen.
  const screen = () => view.getByTestId('session-screen').screenshot();
  const before = await screen();
  await typeCommandThatWritesAFile(erin, 'real-ssh', account);
  await expect.poll(async () => (await screen()).equals(before), { timeout: 10_000 }).toBe(false);

  // What Bob types never reaches the shell: Erin's Enter afterwards would have run it.
  const file = path.join(account.workDir, `watcher-${crypto.randomBytes(4).toString('hex')}.txt`);
  await view.getByTestId('session-screen').click();
  await bob.keyboard.type(`touch ${file}`);
  await bob.keyboard.press('Enter');
  const prompts = account.prompts();
  await erin.getByRole('region', { name: 'Session real-ssh' }).getByTestId('session-screen').click();
  await erin.keyboard.press('Enter');
  await expect.poll(() => account.prompts(), { timeout: 10_000 }).toBeGreaterThan(prompts);
  expect(fs.existsSync(file)).toBe(false);

  // Terminate: Erin's tab says who ended it and why, Bob's view that the session ended, and guacd ends it.
  await openLive(bob);
  await row.getByRole('button', { name: 'Terminate real-ssh of Erin Engineer' }).click();
  const form = bob.getByRole('form', { name: 'Terminate real-ssh' });
  await form.getByLabel(/Reason/).fill('Change window closed');
  await form.getByRole('button', { name: "End Erin Engineer's session" }).click();
  const tab = erin.getByRole('region', { name: 'Session real-ssh' });
  await expect(tab.getByTestId('session-error-code')).toHaveText('SESSION_TERMINATED', { timeout: 10_000 });
  await expect(tab.getByTestId('session-error-message')).toContainText(
    'bob (access manager) ended this session: Change window closed',
  );
  await expect.poll(() => guacd.log().join('\n'), { timeout: 10_000 }).toContain('SSH connection ended.');
  await expect(bob.getByTestId('live-count')).toHaveText('0 running', { timeout: 12_000 });
});
