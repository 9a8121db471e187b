import { expect, test } from '@playwright/test';
import { demoPassword, seedDemoData, seedRemoteMode, signIn } from '../support/controlPlane';
import { startXrdpTarget, type XrdpTarget } from '../support/rdpTargets';
import { startControlPlane, startHost, tempDataDir, type Host, type Started } from '../support/processes';
import { collectSessionFrames, expectPageGotGuacdStream, startGuacdTap, type GuacdTap } from '../support/guacdTap';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import { createAccount, type TestAccount } from '../support/realTargets';
import { signInHeadless } from '../support/signIn';
import { litPixels, typeIntoRemoteTerminal } from '../support/sessionUi';

/**
 * Trust on first use through the control plane: the gateway reads xrdp's certificate itself,
 * the administrator pins what it read, and Erin's session through real guacd 1.6.0 pins it.
 */

test.describe.configure({ timeout: 180_000 });
let account: TestAccount | undefined;
let xrdp: XrdpTarget | undefined;
let guacd: RealGuacd | undefined;
let server: (Started & { url: string; dataDir: string }) | undefined;
let host: Host | undefined;
let tap: GuacdTap | undefined;

test.beforeEach(async () => {
  account = createAccount();
  xrdp = await startXrdpTarget(account);
  guacd = await startRealGuacd('1.6.0');
  const serverDir = tempDataDir();
  seedDemoData(serverDir);
  // The gateway reaches guacd through a tap, to compare guacd's stream with what reaches the page.
  tap = await startGuacdTap(guacd.port);
  server = await startControlPlane({ OPENPSM_GUACD_PORT: String(tap.port) }, serverDir);
});
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets: { xrdp } });
  await host?.stop();
  await server?.stop();
  await tap?.stop();
  await guacd?.stop();
  await xrdp?.stop();
  await account?.remove();
  host = server = guacd = xrdp = account = tap = undefined;
});

/** Alice, the administrator, through the admin API (the administration screens come later). */
async function asAlice(serverUrl: string) {
  const signedIn = await signInHeadless(serverUrl, 'alice', demoPassword);
  if ('refused' in signedIn) throw new Error(signedIn.refused);
  return async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, serverUrl), {
      method,
      headers: { authorization: `Bearer ${signedIn.tokens.access_token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}

test("the gateway reads xrdp's certificate, Alice pins it, and Erin's session through real guacd connects", async ({
  page,
}) => {
  const call = await asAlice(server!.url);
  const { json: computer } = await call('POST', '/api/admin/computers', {
    name: 'real-rdp',
    protocol: 'rdp',
    host: '127.0.0.1',
    port: xrdp!.port,
  });
  const read = await call('POST', `/api/admin/computers/${String(computer['id'])}/rdp-certificate`);
  expect(read.status).toBe(200);
  expect(read.json['fingerprint']).toBe(xrdp!.certificateSha256);
  const pin = { security: 'any', certificate: { check: 'pin', fingerprints: [read.json['fingerprint']] } };
  expect((await call('PUT', `/api/admin/computers/${String(computer['id'])}/rdp`, pin)).status).toBe(200);
  await call('POST', '/api/admin/credentials', {
    computerId: computer['id'],
    username: account!.name,
    secret: account!.password,
  });
  const { json: people } = await call('GET', '/api/admin/persons');
  const erin = (people['persons'] as Array<{ id: string; username: string }>).find((p) => p.username === 'erin');
  await call('POST', '/api/admin/policies', {
    name: 'RDP lab',
    persons: [erin?.id],
    computers: [computer['id']],
    credentialKinds: ['shared'],
    terms: 'RDP lab: real guacd, real xrdp.',
  });

  const hostDir = tempDataDir();
  seedRemoteMode(hostDir, server!.url);
  host = await startHost({}, hostDir);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.url);
  await signIn(page, 'erin', demoPassword);
  const frames = collectSessionFrames(page);
  await page
    .getByRole('row', { name: /real-rdp/ })
    .getByRole('button', { name: 'Connect to real-rdp' })
    .click();
  await page.getByRole('button', { name: 'Agree and connect' }).click();
  const tab = page.getByRole('region', { name: 'Session real-rdp' });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 30_000 });
  await expect.poll(() => litPixels(page, 'real-rdp'), { timeout: 30_000 }).toBeGreaterThan(100);
  await typeIntoRemoteTerminal(page, tab, account!.workDir, 'gw');
  // guacd's text reached the page as guacd sent it, through the gateway and main, in text frames.
  await expectPageGotGuacdStream(tap!, frames);

  // The audit says what was read and what was pinned.
  const { json: audit } = await call('GET', '/api/audit');
  const lines = (audit['entries'] as Array<{ action: string; target: string }>).map((e) => `${e.action} ${e.target}`);
  expect(lines).toContain(`computer.rdp_certificate_read real-rdp: ${xrdp!.certificateSha256}`);
  expect(lines).toContain(
    `computer.rdp_security real-rdp: security any, certificate pinned ${xrdp!.certificateSha256}`,
  );
});
