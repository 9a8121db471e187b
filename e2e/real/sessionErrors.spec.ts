import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { freePort } from '../support/ports';
import { startHost, type Host } from '../support/processes';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import { openShell } from '../support/realShell';
import { createAccount, startSshTarget, type Target, type TestAccount } from '../support/realTargets';
import { expectEnded } from '../support/sessionEnd';
import { addComputer, chooseDirectMode, connect } from '../support/sessionUi';

/** What the user sees when real guacd 1.6.0 or the computer behind it fails, in direct mode. */

// A login lost to a known race is tried again (support/realShell.ts): up to three logins of 15 s.
test.describe.configure({ timeout: 120_000 });
let account: TestAccount | undefined;
let ssh: Target | undefined;
let guacd: RealGuacd | undefined;
let host: Host | undefined;

test.beforeAll(async () => {
  account = createAccount();
  ssh = await startSshTarget();
});
test.afterAll(async () => {
  await ssh?.stop();
  await account?.remove();
});
test.beforeEach(async ({ page }) => {
  guacd = await startRealGuacd('1.6.0');
  host = await startHost();
  await page.goto(host.url);
  await chooseDirectMode(page, guacd.port);
});
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets: { sshd: ssh } });
  await host?.stop();
  await guacd?.stop();
});

test('a wrong SSH password: the tab says the computer refused the credentials (guacd status 769)', async ({ page }) => {
  await addComputer(page, {
    name: 'wrong-pw',
    port: ssh!.port,
    username: account!.name,
    // Not the account's password (that one is random too).
    password: `wrong-${crypto.randomBytes(4).toString('hex')}`,
  });
  const tab = await connect(page, 'wrong-pw');
  // sshd answers a failed password after its own delay; guacd reports it once its SSH login gives up.
  const shown = await expectEnded(page, tab, 'wrong-pw', 'TARGET_AUTH_FAILED', 20_000);
  expect(shown).toContain('(guacd status 769)');
  expect(guacd!.log().join('\n')).toContain('Password authentication failed');
});

// guacd 1.6.0's TCP connect takes a refused connection for an open one (it does not check
// SO_ERROR after select), so a closed port fails in the SSH handshake, with 515 rather than 519.
test('a closed port: the tab says the computer could not be reached (guacd status 515)', async ({ page }) => {
  const closed = await freePort();
  await addComputer(page, { name: 'closed-port', port: closed, username: account!.name, password: account!.password });
  const tab = await connect(page, 'closed-port');
  const shown = await expectEnded(page, tab, 'closed-port', 'TARGET_UNREACHABLE', 15_000);
  expect(shown).toContain('(guacd status 515)');
  expect(guacd!.log().join('\n')).toContain('SSH handshake failed.');
});

test('guacd killed (SIGKILL) mid-session: the tab says the connection to guacd was lost, within seconds', async ({
  page,
}) => {
  const user = account!;
  await addComputer(page, { name: 'killed', port: ssh!.port, username: user.name, password: user.password });
  await openShell(page, 'killed', user, guacd!, async () => void (await connect(page, 'killed')));
  const tab = page.getByRole('region', { name: 'Session killed' });
  const killedAt = Date.now();
  guacd!.kill();
  await expectEnded(page, tab, 'killed', 'GUACD_CLOSED', 10_000);
  expect(Date.now() - killedAt).toBeLessThan(10_000);
  // guacd's main process relays each connection's socket: its connection process saw its user leave and ended the SSH session.
  await expect.poll(() => guacd!.log().join('\n'), { timeout: 10_000 }).toContain('SSH connection ended.');
});
