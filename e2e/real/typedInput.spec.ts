import { test } from '@playwright/test';
import { collectSessionFrames, expectPageGotGuacdStream, startGuacdTap, type GuacdTap } from '../support/guacdTap';
import { startHost, type Host } from '../support/processes';
import { startRealGuacd, type GuacdVersion, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import { openShell, typeCommandThatWritesAFile } from '../support/realShell';
import {
  createAccount,
  startSshTarget,
  startTelnetTarget,
  type Target,
  type TestAccount,
} from '../support/realTargets';
import { addComputer, chooseDirectMode, connect } from '../support/sessionUi';

/** Real guacd against real SSH and Telnet servers on loopback, in direct mode: what the user types runs on the computer. */

// A login lost to a known race is tried again (support/realShell.ts): up to three logins of 15 s.
test.describe.configure({ timeout: 120_000 });
let account: TestAccount | undefined;
const targets: Record<'ssh' | 'telnet', Target | undefined> = { ssh: undefined, telnet: undefined };
let guacd: RealGuacd | undefined;
let host: Host | undefined;
let tap: GuacdTap | undefined;

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
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets });
  await host?.stop();
  await tap?.stop();
  await guacd?.stop();
  host = guacd = tap = undefined;
});

// guacd 1.5.5 is built without Telnet (scripts/build-guacd.sh).
const cases: Array<{ protocol: 'ssh' | 'telnet'; version: GuacdVersion }> = [
  { protocol: 'ssh', version: '1.6.0' },
  { protocol: 'telnet', version: '1.6.0' },
  { protocol: 'ssh', version: '1.5.5' },
];

for (const { protocol, version } of cases) {
  test(`${protocol.toUpperCase()} through real guacd ${version}: a command typed in the session tab runs on the computer`, async ({
    page,
  }) => {
    guacd = await startRealGuacd(version);
    // The app reaches guacd through a tap, to compare guacd's stream with what reaches the page.
    tap = await startGuacdTap(guacd.port);
    host = await startHost();
    const user = account!;
    const name = `real-${protocol}`;
    await page.goto(host.url);
    await chooseDirectMode(page, tap.port);
    await addComputer(page, {
      name,
      protocol,
      port: targets[protocol]!.port,
      username: user.name,
      password: user.password,
    });
    // Telnet: the product sends no username-regex or password-regex, so guacd's defaults answer
    // the login: and Password: prompts of /bin/login; guacd shows the screen once the shell's prompt
    // matches the product's login-success-regex.
    const frames = collectSessionFrames(page);
    await openShell(page, name, user, guacd, async () => void (await connect(page, name)));
    await typeCommandThatWritesAFile(page, name, user);
    // guacd's text reached the page as guacd sent it, through main, in text frames.
    await expectPageGotGuacdStream(tap!, frames);
  });
}
