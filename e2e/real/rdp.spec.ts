import crypto from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { addRdpComputer } from '../support/rdpForm';
import { startNlaTarget, startXrdpTarget, type RdpTarget, type XrdpTarget } from '../support/rdpTargets';
import { startHost, type Host } from '../support/processes';
import { startRealGuacd, type GuacdVersion, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import { createAccount, type TestAccount } from '../support/realTargets';
import { expectEnded } from '../support/sessionEnd';
import { chooseDirectMode, connect, litPixels, typeIntoRemoteTerminal } from '../support/sessionUi';

/**
 * Real guacd against xrdp with its self-signed certificate, in direct mode, each certificate
 * check set through the Computers form as a person would: verify refuses it, ignore and a pin
 * read from the computer connect, a changed certificate is refused, and guacd 1.5.5 cannot pin.
 */

test.describe.configure({ timeout: 180_000 });
let account: TestAccount | undefined;
let xrdp: XrdpTarget | undefined;
let guacd: RealGuacd | undefined;
let host: Host | undefined;

let nla: (RdpTarget & { repaint(): void }) | undefined;

test.beforeEach(() => {
  account = createAccount();
});
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets: { xrdp, nla } });
  await host?.stop();
  await guacd?.stop();
  await xrdp?.stop();
  await nla?.stop();
  await account?.remove();
  host = guacd = xrdp = nla = account = undefined;
});

/** Direct mode with `version`'s guacd, from an empty start; xrdp for the account unless `withXrdp` is false. */
async function directMode(page: Page, version: GuacdVersion, withXrdp = true): Promise<void> {
  if (withXrdp) xrdp = await startXrdpTarget(account!);
  guacd = await startRealGuacd(version);
  host = await startHost();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.url);
  await chooseDirectMode(page, guacd.port);
}

const login = () => ({ port: xrdp!.port, username: account!.name, password: account!.password });

/** Connects and waits until the tab is connected and xrdp's session screen is drawn. */
async function openDrawn(page: Page, name: string): Promise<Locator> {
  const tab = await connect(page, name);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 30_000 });
  await expect.poll(() => litPixels(page, name), { timeout: 30_000 }).toBeGreaterThan(100);
  return tab;
}

/** The remote X screen takes the tab's size after the window changes (display-update). */
async function screenFollowsTheTab(page: Page, tab: Locator): Promise<void> {
  await page.setViewportSize({ width: 1100, height: 720 });
  const inner = async () =>
    tab.getByTestId('session-screen').evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
  await expect
    .poll(
      async () => {
        const [remote, tabSize] = [xrdp!.screenSize(), await inner()];
        return remote !== null && Math.abs(remote.width - tabSize.width) <= 4 && remote.height === tabSize.height;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

test("verify: guacd refuses xrdp's self-signed certificate, and the tab says so", async ({ page }) => {
  await directMode(page, '1.6.0');
  await addRdpComputer(page, { name: 'rdp-verify', ...login(), certificate: 'verify' });
  const tab = await connect(page, 'rdp-verify');
  const shown = await expectEnded(page, tab, 'rdp-verify', 'TARGET_CERTIFICATE_REFUSED', 30_000);
  expect(shown).toContain('(guacd status 519)');
});

test('ignore: the form warns; the session connects, typed input runs, and the remote screen follows the tab', async ({
  page,
}) => {
  await directMode(page, '1.6.0');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Computers' }).click();
  await addRdpComputer(page, { name: 'rdp-ignore', ...login(), certificate: 'ignore' });
  const tab = await openDrawn(page, 'rdp-ignore');
  await typeIntoRemoteTerminal(page, tab, account!.workDir, 'rdp');
  await screenFollowsTheTab(page, tab);
});

test('pin: the certificate read from the computer and trusted connects; once it changes, the session is refused', async ({
  page,
}) => {
  await directMode(page, '1.6.0');
  await addRdpComputer(page, { name: 'rdp-pin', ...login(), certificate: 'read-and-pin' }, xrdp!.certificateSha256);
  const tab = await openDrawn(page, 'rdp-pin');
  await typeIntoRemoteTerminal(page, tab, account!.workDir, 'rdp');
  await tab.getByRole('button', { name: 'End session' }).click();

  await xrdp!.replaceCertificate();
  const again = await connect(page, 'rdp-pin');
  await expectEnded(page, again, 'rdp-pin', 'TARGET_CERTIFICATE_REFUSED', 30_000);
});

test('pin through guacd 1.5.5: refused before connecting, naming the argument that guacd lacks', async ({ page }) => {
  await directMode(page, '1.5.5');
  await addRdpComputer(page, { name: 'rdp-old', ...login(), certificate: 'read-and-pin' }, xrdp!.certificateSha256);
  const connections = () =>
    xrdp!.log.filter((line) => line.startsWith('xrdp.log') && line.includes('connection received'));
  const before = connections().length;
  const tab = await connect(page, 'rdp-old');
  const shown = await expectEnded(page, tab, 'rdp-old', 'GUACD_LACKS_ARGUMENT', 15_000);
  expect(shown).toContain('"cert-fingerprints"');
  // guacd was never asked to connect: xrdp saw no connection after the certificate was read.
  expect(connections()).toHaveLength(before);
});

test('NLA (FreeRDP shadow server): the right password connects; a wrong one says the credentials were refused', async ({
  page,
}) => {
  await directMode(page, '1.6.0', false);
  nla = await startNlaTarget(account!);
  const user = { port: nla.port, username: account!.name, security: 'nla' as const };
  const pinned = { ...user, certificate: 'read-and-pin' as const };
  await addRdpComputer(page, { name: 'nla-right', ...pinned, password: account!.password }, nla.certificateSha256);
  const tab = await connect(page, 'nla-right');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 30_000 });
  // FreeRDP's shadow server sends only what changes on its screen: paint it until the tab shows it.
  await expect
    .poll(
      async () => {
        nla!.repaint();
        return litPixels(page, 'nla-right');
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(100);
  await tab.getByRole('button', { name: 'End session' }).click();

  const wrong = `wrong-${crypto.randomBytes(4).toString('hex')}`;
  await addRdpComputer(page, { name: 'nla-wrong', ...pinned, password: wrong }, nla.certificateSha256);
  const shown = await expectEnded(page, await connect(page, 'nla-wrong'), 'nla-wrong', 'TARGET_AUTH_FAILED', 30_000);
  expect(shown).toContain('Server refused connection');
});
