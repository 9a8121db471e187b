import { expect, type Locator, type Page } from '@playwright/test';
import { demoPassword } from './controlPlane';
import type { RealGatewayLab } from './realGateway';
import { signInHeadless } from './signIn';

/**
 * Alice, the administrator, through the admin API (what she does in Administration): the
 * computer `name` on 127.0.0.1:`port`, a shared credential when given, and a policy for Erin
 * allowing `kinds`.
 */
export async function addLabComputer(
  lab: RealGatewayLab,
  c: { name: string; port: number; shared?: { username: string; secret: string }; kinds: string[] },
): Promise<void> {
  const signedIn = await signInHeadless(lab.server.url, 'alice', demoPassword);
  if ('refused' in signedIn) throw new Error(signedIn.refused);
  const call = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, lab.server.url), {
      method,
      headers: { authorization: `Bearer ${signedIn.tokens.access_token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { persons } = (await call('GET', '/api/admin/persons')) as { persons: Array<{ id: string; username: string }> };
  const computer = await call('POST', '/api/admin/computers', {
    name: c.name,
    protocol: 'ssh',
    host: '127.0.0.1',
    port: c.port,
    recording: true,
  });
  if (c.shared)
    await call('POST', '/api/admin/credentials', {
      computerId: computer['id'],
      username: c.shared.username,
      secret: c.shared.secret,
    });
  await call('POST', '/api/admin/policies', {
    name: `${c.name} policy`,
    persons: [persons.find((p) => p.username === 'erin')?.id],
    computers: [computer['id']],
    credentialKinds: c.kinds,
    terms: `Terms of ${c.name}.`,
  });
}

/** On My Resources: Connect to `name`, agree to its terms; returns the tab (not waiting for it to connect). */
export async function connectTo(page: Page, name: string): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My Resources' }).click();
  await page
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('button', { name: `Connect to ${name}` })
    .click();
  await page.getByRole('button', { name: 'Agree and connect' }).click();
  return page.getByRole('region', { name: `Session ${name}` });
}

/** Bob's app on the Live view: Watch `computer` of Erin; returns the connected watch tab. */
export async function watchErin(bob: Page, computer: string): Promise<Locator> {
  await bob.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Live' }).click();
  const row = bob.getByRole('row', { name: `Erin Engineer on ${computer}` });
  await row.getByRole('button', { name: `Watch ${computer} of Erin Engineer` }).click({ timeout: 15_000 });
  const view = bob.getByRole('region', { name: `Session ${computer} (watching Erin Engineer)` });
  await expect(view.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  return view;
}
