import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { newestRecording, openRealSsh, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { reportLogsOnFailure } from '../support/realLab';
import { typeCommandThatWritesAFile } from '../support/realShell';
import { litPixelsIn } from '../support/sessionUi';

/**
 * A recording real guacd 1.6.0 wrote, played in the app's player: Erin's SSH session through the
 * gateway ends, and Carol, the auditor, plays it from Recordings.
 */

// A login lost to a known race is tried again (support/realShell.ts): up to three logins of 15 s.
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

/** The position the player shows, in ms. */
const position = async (player: Locator) => Number(await player.getByTestId('player-position').getAttribute('data-ms'));

test("a real SSH session's recording plays in the app's player: frames drawn, its length shown, the typed command listed", async ({
  browser,
}) => {
  const erin = await lab!.appOf(browser, 'erin');
  await openRealSsh(erin, lab!);
  // guacd names the recording after the session; a login tried again leaves an older one.
  const sessionId = newestRecording(path.join(lab!.server.dataDir, 'recordings'));
  const command = await typeCommandThatWritesAFile(erin, 'real-ssh', lab!.account);
  await erin.waitForTimeout(1000);
  const tab = erin.getByRole('region', { name: 'Session real-ssh' });
  await tab.getByRole('button', { name: 'End session' }).click();
  await expect(tab).toHaveCount(0);

  const carol = await lab!.appOf(browser, 'carol');
  await carol.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
  const row = carol.getByTestId(`recording-${sessionId}`);
  await expect(row.getByTestId('recording-status')).toHaveText('Stored (local)', { timeout: 15_000 });
  await expect(row).toContainText('Erin Engineer');
  await row.getByRole('button', { name: 'Play the recording of real-ssh by Erin Engineer' }).click();

  const player = carol.getByRole('region', { name: 'Recording of real-ssh by Erin Engineer' });
  const screen = player.getByTestId('player-screen');
  await expect(screen).toHaveAttribute('data-ready', 'yes', { timeout: 10_000 });
  await expect(screen).toHaveAttribute('data-first-frame', 'drawn');
  await expect.poll(() => litPixelsIn(screen), { timeout: 10_000 }).toBeGreaterThan(100);
  // Its length: the session lasted seconds, and the player says so.
  const length = Number(await player.getByRole('slider', { name: 'Timeline' }).getAttribute('max'));
  expect(length).toBeGreaterThan(1000);
  await expect(player.getByTestId('player-position')).toHaveText(/^0:00 \/ \d+:\d\d$/);
  expect(await player.getByTestId('player-position').textContent()).not.toMatch(/\/ 0:00$/);
  // guacd recorded the keys: the command Erin typed is listed, and playing it moves on.
  await expect(player.getByRole('complementary', { name: 'Typed text' })).toContainText(command);
  const first = await screen.screenshot();
  await player.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => position(player), { timeout: 10_000 }).toBeGreaterThan(500);
  await player.getByRole('slider', { name: 'Timeline' }).press('End');
  await expect.poll(async () => (await screen.screenshot()).equals(first), { timeout: 10_000 }).toBe(false);
});
