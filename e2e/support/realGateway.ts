import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { demoPassword, signIn } from './controlPlane';
import type { TestAccount } from './realTargets';
import { signInHeadless } from './signIn';

/** Alice, the administrator, through the admin API: the computer `real-<protocol>`, its shared credential, and a policy for Erin. */
export async function setUpRealComputer(
  serverUrl: string,
  port: number,
  user: TestAccount,
  protocol: 'ssh' | 'telnet' = 'ssh',
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
  await call('/api/admin/credentials', { computerId: computer['id'], username: user.name, secret: user.password });
  await call('/api/admin/policies', {
    name: 'Real lab',
    persons: [persons.find((p) => p.username === 'erin')?.id],
    computers: [computer['id']],
    credentialKinds: ['shared'],
    terms: 'Real lab: real guacd, real sshd.',
  });
}

/** In the app at `hostUrl`: Settings → remote control plane `serverUrl`, then signs `username` in. */
export async function signInRemote(page: Page, hostUrl: string, serverUrl: string, username: string): Promise<void> {
  await page.goto(hostUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel(/Remote control plane/).check();
  await page.getByLabel(/Control-plane server URL/).fill(serverUrl);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('backend-badge')).toHaveText('Ready');
  await signIn(page, username, demoPassword);
}

/** The name of the recording changed last in guacd's folder `dir` (not a typescript beside it). */
export function newestRecording(dir: string): string {
  const byTime = fs
    .readdirSync(dir)
    .filter((f) => !f.includes('.typescript'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }));
  return byTime.sort((a, b) => b.t - a.t)[0]?.f ?? '';
}

/** Lets the account run anything through sudo with its own password (a sudoers.d entry); returns how to take that back. */
export function grantSudo(user: TestAccount): () => void {
  const file = `/etc/sudoers.d/openpsm-${user.name}`;
  fs.mkdirSync('/etc/sudoers.d', { recursive: true, mode: 0o750 });
  fs.writeFileSync(file, `${user.name} ALL=(ALL) ALL\n`, { mode: 0o440 });
  execFileSync('visudo', ['-c', '-q', '-f', file]);
  return () => fs.rmSync(file, { force: true });
}
