import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { demoPassword, seedDemoData, seedRemoteMode, signIn } from './controlPlane';
import { startControlPlane, startHost, tempDataDir, type Host, type Started } from './processes';
import { startRealGuacd, type RealGuacd } from './realGuacd';
import type { LabLogs } from './realLab';
import { openShell } from './realShell';
import { createAccount, startSshTarget, type Target, type TestAccount } from './realTargets';
import { signInHeadless } from './signIn';

/** The name of the recording changed last in guacd's folder `dir`, not a typescript beside it ('' when it has none). */
export function newestRecording(dir: string): string {
  const byTime = fs
    .readdirSync(dir)
    .filter((f) => !f.includes('.typescript'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }));
  return byTime.sort((a, b) => b.t - a.t)[0]?.f ?? '';
}

/** The terms of the policy setUpComputer creates, shown before Connect. */
export const realLabTerms = 'Real lab: real guacd, real sshd.';

/** Alice, the administrator, through the admin API: the computer `real-<protocol>`, its shared credential (unless told not to), and a policy for Erin. */
export async function setUpComputer(
  serverUrl: string,
  port: number,
  user: TestAccount,
  protocol: 'ssh' | 'telnet' = 'ssh',
  withCredential = true,
): Promise<void> {
  const signedIn = await signInHeadless(serverUrl, 'alice', demoPassword);
  if ('refused' in signedIn) throw new Error(signedIn.refused);
  const call = async (pathname: string, body: unknown) => {
    const res = await fetch(new URL(pathname, serverUrl), {
      method: pathname.endsWith('persons') ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${signedIn.tokens.access_token}`, 'content-type': 'application/json' },
      body: body === null ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { persons } = (await call('/api/admin/persons', null)) as { persons: Array<{ id: string; username: string }> };
  const computer = await call('/api/admin/computers', { name: `real-${protocol}`, protocol, host: '127.0.0.1', port });
  if (withCredential)
    await call('/api/admin/credentials', { computerId: computer['id'], username: user.name, secret: user.password });
  await call('/api/admin/policies', {
    name: 'Real lab',
    persons: [persons.find((p) => p.username === 'erin')?.id],
    computers: [computer['id']],
    credentialKinds: ['shared'],
    terms: realLabTerms,
  });
}

/** Real guacd 1.6.0 behind the seeded control plane's gateway, a real sshd, a throwaway account, and real-ssh set up for Erin. */
export interface RealGatewayLab {
  account: TestAccount;
  ssh: Target;
  guacd: RealGuacd;
  server: Started & { url: string; dataDir: string };
  /** A person's own app (a browser host in remote mode against the server), signed in, in a fresh browser context. */
  appOf(browser: Browser, username: string): Promise<Page>;
  logs(): LabLogs;
  stop(): Promise<void>;
}

export async function startRealGatewayLab(
  serverEnv: Record<string, string> = {},
  options: { withCredential?: boolean } = {},
): Promise<RealGatewayLab> {
  const account = createAccount();
  const ssh = await startSshTarget();
  const guacd = await startRealGuacd('1.6.0');
  const serverDir = tempDataDir();
  seedDemoData(serverDir);
  const server = await startControlPlane({ OPENPSM_GUACD_PORT: String(guacd.port), ...serverEnv }, serverDir);
  await setUpComputer(server.url, ssh.port, account, 'ssh', options.withCredential ?? true);
  const hosts: Host[] = [];
  const appOf = async (browser: Browser, username: string) => {
    const hostDir = tempDataDir();
    seedRemoteMode(hostDir, server.url);
    const host = await startHost({}, hostDir);
    hosts.push(host);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(host.url);
    await signIn(page, username, demoPassword);
    return page;
  };
  const logs = (): LabLogs => ({ guacd, host: hosts[0], targets: { sshd: ssh } });
  const stop = async () => {
    for (const host of hosts) await host.stop();
    await server.stop();
    await guacd.stop();
    await ssh.stop();
    await account.remove();
  };
  return { account, ssh, guacd, server, appOf, logs, stop };
}

/** Erin, on My Resources: Connect to real-ssh, agree to the terms, until its tab runs a shell (support/realShell.ts). */
export async function openRealSsh(page: Page, lab: RealGatewayLab): Promise<void> {
  await openShell(page, 'real-ssh', lab.account, lab.guacd, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My Resources' }).click();
    await page
      .getByRole('row', { name: /real-ssh/ })
      .getByRole('button', { name: 'Connect to real-ssh' })
      .click();
    await expect(page.getByText(realLabTerms)).toBeVisible();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
  });
}

/** In the app at `hostUrl`: Settings → remote control plane `serverUrl`, then signs `username` in. */
export async function signInRemote(page: Page, hostUrl: string, serverUrl: string, username: string): Promise<void> {
  await page.goto(hostUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel(/Remote control plane/).check();
  await page.getByLabel(/Control-plane server URL/).fill(serverUrl);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('backend-badge')).toHaveText('Ready');
  await signIn(page, username, demoPassword);
}

/** Lets the account run anything through sudo with its own password (a sudoers.d entry); returns how to take that back. */
export function grantSudo(user: TestAccount): () => void {
  const file = `/etc/sudoers.d/openpsm-${user.name}`;
  fs.mkdirSync('/etc/sudoers.d', { recursive: true, mode: 0o750 });
  fs.writeFileSync(file, `${user.name} ALL=(ALL) ALL\n`, { mode: 0o440 });
  execFileSync('visudo', ['-c', '-q', '-f', file]);
  return () => fs.rmSync(file, { force: true });
}

/** The sessions running on the control plane, as an access manager's Live list has them. */
export async function runningSessions(l: RealGatewayLab): Promise<number> {
  const signedIn = await signInHeadless(l.server.url, 'bob', demoPassword);
  if ('refused' in signedIn) throw new Error(signedIn.refused);
  const res = await fetch(new URL('/api/live/sessions', l.server.url), {
    headers: { authorization: `Bearer ${signedIn.tokens.access_token}` },
  });
  return ((await res.json()) as { sessions: unknown[] }).sessions.length;
}
