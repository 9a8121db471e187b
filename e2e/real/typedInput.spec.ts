import crypto from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost, type Host } from '../support/processes';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure, textOf } from '../support/realLab';
import {
  createAccount,
  startSshTarget,
  startTelnetTarget,
  type Target,
  type TestAccount,
} from '../support/realTargets';
import { addComputer, chooseDirectMode, connect, litPixels } from '../support/sessionUi';

/** Real guacd 1.6.0 against real SSH and Telnet servers on loopback, in direct mode: what the user types runs on the computer. */
let account: TestAccount | undefined;
const targets: Record<'ssh' | 'telnet', Target | undefined> = { ssh: undefined, telnet: undefined };
let guacd: RealGuacd | undefined;
let host: Host | undefined;

test.beforeAll(async () => {
  account = createAccount();
  targets.ssh = await startSshTarget();
  targets.telnet = await startTelnetTarget();
});
test.afterAll(async () => {
  await targets.ssh?.stop();
  await targets.telnet?.stop();
  await account?.remove();
});
test.beforeEach(async () => {
  guacd = await startRealGuacd('1.6.0');
  host = await startHost();
});
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets });
  await host?.stop();
  await guacd?.stop();
});

for (const protocol of ['ssh', 'telnet'] as const) {
  test(`${protocol.toUpperCase()} through real guacd 1.6.0: a command typed in the session tab runs on the computer`, async ({
    page,
  }) => {
    const user = account!;
    const name = `real-${protocol}`;
    await page.goto(host!.url);
    await chooseDirectMode(page, guacd!.port);
    await addComputer(page, {
      name,
      protocol,
      port: targets[protocol]!.port,
      username: user.name,
      password: user.password,
    });
    const loginsBefore = user.logins();
    const tab = await connect(page, name);
    await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 20_000 });
    // The login shell has started (its ~/.bash_profile counts it), and the tab draws the terminal.
    await expect.poll(() => user.logins(), { timeout: 20_000 }).toBeGreaterThan(loginsBefore);
    await expect.poll(() => litPixels(page, name), { timeout: 10_000 }).toBeGreaterThan(100);

    const marker = crypto.randomBytes(8).toString('hex');
    const file = path.join(user.workDir, `typed-${protocol}.txt`);
    await tab.getByTestId('session-screen').click();
    await page.keyboard.type(`echo ${marker} > ${file}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(file), { timeout: 15_000 }).toBe(`${marker}\n`);
    await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  });
}
