import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { startHost, type Host } from '../support/processes';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import {
  createAccount,
  startTelnetTarget,
  startVncTarget,
  type Target,
  type TestAccount,
} from '../support/realTargets';
import { expectEnded } from '../support/sessionEnd';
import { addComputer, chooseDirectMode, connect } from '../support/sessionUi';

/** A wrong password through real guacd 1.6.0, in direct mode: the tab ends with a coded error, never a blank or a live login prompt. */

test.describe.configure({ timeout: 90_000 });
let account: TestAccount | undefined;
let vnc: Target | undefined;
let telnet: Target | undefined;
let guacd: RealGuacd | undefined;
let host: Host | undefined;

test.beforeAll(async () => {
  account = createAccount();
  // x11vnc's password is random; the computer's is another.
  vnc = await startVncTarget(`v${crypto.randomBytes(3).toString('hex')}`);
  telnet = await startTelnetTarget();
});
test.afterAll(async () => {
  await vnc?.stop();
  await telnet?.stop();
  await account?.remove();
});
test.beforeEach(async ({ page }) => {
  guacd = await startRealGuacd('1.6.0');
  host = await startHost();
  await page.goto(host.url);
  await chooseDirectMode(page, guacd.port);
});
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets: { vnc, telnet } });
  await host?.stop();
  await guacd?.stop();
});

/** Not the target's password (that one is random too). */
const wrongPassword = () => `w${crypto.randomBytes(3).toString('hex')}`;

// guacd 1.6.0 reports a refused VNC password as it reports an unreachable server (519, "Unable to
// connect to VNC server."): the tab says so, and that for VNC the password is to check too.
test('a wrong VNC password: the tab says the computer refused the connection and to check the password (guacd status 519)', async ({
  page,
}) => {
  await addComputer(page, { name: 'wrong-vnc', protocol: 'vnc', port: vnc!.port, password: wrongPassword() });
  const tab = await connect(page, 'wrong-vnc');
  const shown = await expectEnded(page, tab, 'wrong-vnc', 'TARGET_UNREACHABLE', 20_000);
  expect(shown).toContain('for VNC, also check the password');
  expect(shown).toContain('(guacd status 519)');
  expect(guacd!.log().join('\n')).toContain('Unable to connect to VNC server.');
});

// /bin/login answers "Login incorrect"; the product's Telnet login-failure-regex makes guacd end
// the session with 769 rather than leave the tab connected at a fresh login prompt.
test('a wrong Telnet password: the tab says the computer refused the credentials (guacd status 769)', async ({
  page,
}) => {
  await addComputer(page, {
    name: 'wrong-telnet',
    protocol: 'telnet',
    port: telnet!.port,
    username: account!.name,
    password: wrongPassword(),
  });
  const tab = await connect(page, 'wrong-telnet');
  // /bin/login waits about 3 s (FAIL_DELAY) before it says "Login incorrect".
  const shown = await expectEnded(page, tab, 'wrong-telnet', 'TARGET_AUTH_FAILED', 20_000);
  expect(shown).toContain('(guacd status 769)');
  expect(guacd!.log().join('\n')).toContain('Password sent');
});
