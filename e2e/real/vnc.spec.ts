import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { stopTree } from '../support/daemons';
import { startHost, type Host } from '../support/processes';
import { collectSessionFrames, expectPageGotGuacdStream, startGuacdTap, type GuacdTap } from '../support/guacdTap';
import { startRealGuacd, type GuacdVersion, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import { startVncTarget, type Target } from '../support/realTargets';
import { addComputer, chooseDirectMode, connect, litPixels, typeIntoRemoteTerminal } from '../support/sessionUi';

/**
 * Real guacd 1.6.0 against x11vnc on Xvfb, in direct mode. guacd's VNC process segfaults on a
 * `size` that comes before its VNC client exists; the tab sends none before guacd's first frame.
 */

test.describe.configure({ timeout: 240_000 });
const vncPassword = `v${crypto.randomBytes(3).toString('hex')}`;
let vnc: (Target & { display: number }) | undefined;
let terminal: ChildProcess | undefined;
let guacd: RealGuacd | undefined;
let host: Host | undefined;
let tap: GuacdTap | undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-vnc-typed-'));

test.beforeAll(async () => {
  vnc = await startVncTarget(vncPassword);
  const env = { ...process.env, DISPLAY: `:${vnc.display}` };
  // Something to draw (a coloured root) and something to type into (a terminal at the top left).
  spawn('xsetroot', ['-solid', '#336699'], { env, stdio: 'ignore' });
  terminal = spawn('zutty', ['-geometry', '80x24'], { env, stdio: 'ignore', cwd: work });
});
test.afterAll(async () => {
  if (terminal) await stopTree(terminal);
  await vnc?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});
/** From an empty start: direct mode with `version`'s guacd, and the VNC computer added through its form. */
async function setUp(page: Page, version: GuacdVersion): Promise<void> {
  guacd = await startRealGuacd(version);
  // The app reaches guacd through a tap, to compare guacd's stream with what reaches the page.
  tap = await startGuacdTap(guacd.port);
  host = await startHost();
  await page.goto(host.url);
  await chooseDirectMode(page, tap.port);
  await addComputer(page, { name: 'real-vnc', protocol: 'vnc', port: vnc!.port, password: vncPassword });
}
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets: { vnc } });
  await host?.stop();
  await tap?.stop();
  await guacd?.stop();
  host = guacd = tap = undefined;
});

/** Connects to the VNC computer and waits until its tab is connected and guacd has drawn the screen. */
async function openDrawnSession(page: Page) {
  const tab = await connect(page, 'real-vnc');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  await expect.poll(() => litPixels(page, 'real-vnc'), { timeout: 10_000 }).toBeGreaterThan(100);
  return tab;
}

for (const version of ['1.6.0', '1.5.5'] as const) {
  test(`VNC through real guacd ${version}: a command typed in the session tab runs on the remote screen`, async ({
    page,
  }) => {
    await setUp(page, version);
    const frames = collectSessionFrames(page);
    await typeIntoRemoteTerminal(page, await openDrawnSession(page), work, 'vnc');
    // guacd's text reached the page as guacd sent it, through main, in text frames.
    await expectPageGotGuacdStream(tap!, frames);
  });
}

test('VNC through real guacd 1.6.0: 20 sessions in a row, each resized while it runs, none dropped', async ({
  page,
}) => {
  await setUp(page, '1.6.0');
  const sizes = [
    { width: 1280, height: 800 },
    { width: 1100, height: 720 },
  ];
  for (let round = 0; round < 20; round++) {
    await page.setViewportSize(sizes[round % 2]!);
    const tab = await openDrawnSession(page);
    await page.setViewportSize(sizes[(round + 1) % 2]!);
    // The session outlives its resize: still connected and drawn a moment later, no error shown.
    await page.waitForTimeout(1_000);
    await expect(tab.getByTestId('session-state'), `session ${round + 1} of 20`).toHaveText('Connected');
    await expect(tab.getByTestId('session-end')).toHaveCount(0);
    expect(await litPixels(page, 'real-vnc')).toBeGreaterThan(100);
    await tab.getByRole('button', { name: 'End session' }).click();
    await expect(tab).toHaveCount(0);
  }
});
