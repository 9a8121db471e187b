import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { demoPassword, seedDemoData, signIn } from '../support/controlPlane';
import { startControlPlane, startHost, tempDataDir, type Host, type Started } from '../support/processes';
import { collectSessionFrames, expectPageGotGuacdStream, startGuacdTap, type GuacdTap } from '../support/guacdTap';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import { newestRecording, realLabTerms, setUpComputer } from '../support/realGateway';
import { openShell, typeCommandThatWritesAFile, typedInRecording } from '../support/realShell';
import { createAccount, startSshTarget, type Target, type TestAccount } from '../support/realTargets';

/**
 * A session through the control plane's gateway to real guacd 1.6.0: the administrator sets
 * the computer up through the admin API, the engineer connects from My Resources in remote
 * mode, and what she types runs on the computer, which she never had the password of.
 */

// A login lost to a known race is tried again (support/realShell.ts): up to three logins of 15 s.
test.describe.configure({ timeout: 120_000 });
let account: TestAccount | undefined;
let ssh: Target | undefined;
let guacd: RealGuacd | undefined;
let server: (Started & { url: string; dataDir: string }) | undefined;
let host: Host | undefined;
let tap: GuacdTap | undefined;

test.beforeEach(async () => {
  account = createAccount();
  ssh = await startSshTarget();
  guacd = await startRealGuacd('1.6.0');
  const serverDir = tempDataDir();
  seedDemoData(serverDir);
  // The gateway reaches guacd through a tap, to compare guacd's stream with what reaches the page.
  tap = await startGuacdTap(guacd.port);
  server = await startControlPlane({ OPENPSM_GUACD_PORT: String(tap.port) }, serverDir);
  host = await startHost();
});
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets: { sshd: ssh } });
  await host?.stop();
  await server?.stop();
  await tap?.stop();
  await guacd?.stop();
  await ssh?.stop();
  await account?.remove();
});

test('SSH through the gateway and real guacd 1.6.0: what Erin types runs on the computer, and guacd records it', async ({
  page,
}) => {
  const user = account!;
  await setUpComputer(server!.url, ssh!.port, user);
  await page.goto(host!.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel(/Remote control plane/).check();
  await page.getByLabel(/Control-plane server URL/).fill(server!.url);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('backend-badge')).toHaveText('Ready');
  await signIn(page, 'erin', demoPassword);
  const frames = collectSessionFrames(page);

  await openShell(page, 'real-ssh', user, guacd!, async () => {
    await page
      .getByRole('row', { name: /real-ssh/ })
      .getByRole('button', { name: 'Connect to real-ssh' })
      .click();
    await expect(page.getByText(realLabTerms)).toBeVisible();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
  });
  const command = await typeCommandThatWritesAFile(page, 'real-ssh', user);

  // The gateway asked guacd to record with keystrokes: guacd wrote the session, the typed command
  // included, into the server's recordings folder.
  const recordings = path.join(server!.dataDir, 'recordings');
  const files = () => (fs.existsSync(recordings) ? fs.readdirSync(recordings) : []);
  // One recording per session (a login tried again adds one); the newest is this session's.
  await expect.poll(() => files().length, { timeout: 10_000 }).toBeGreaterThan(0);
  const recording = path.join(recordings, newestRecording(recordings));
  await expect.poll(() => typedInRecording(recording), { timeout: 10_000 }).toContain(command);
  // The password reached guacd from the gateway only: neither the app's nor the server's output shows it.
  for (const line of [...host!.stdout, ...host!.stderr, ...server!.stdout, ...server!.stderr])
    expect(line).not.toContain(user.password);
  // guacd's text reached the page as guacd sent it, through the gateway and main, in text frames.
  await expectPageGotGuacdStream(tap!, frames);
});
