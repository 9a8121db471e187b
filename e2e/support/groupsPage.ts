import type { Page } from '@playwright/test';
import { demoPassword, openSignInPage, signInTabClosed } from './controlPlane';

/** Opens Administration → Groups and returns its region. */
export async function openGroups(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Groups' }).click();
  return page.getByRole('region', { name: 'Groups' });
}

/** Calls the lab's control plane as alice (an administrator); the lab is read at each call. */
export function adminCaller(lab: () => { server: { url: string }; token(username: string): Promise<string> }) {
  return async (method: string, path: string, body?: unknown) => {
    const { server, token } = lab();
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token('alice')}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
}

/** Signs in with an OpenPSM account when the login page also offers a directory or an external issuer. */
export async function signInLocal(page: Page, username: string) {
  const popup = await openSignInPage(page);
  const local = popup.getByRole('radio', { name: 'OpenPSM account' });
  if ((await local.count()) > 0) await local.check();
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(demoPassword);
  await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInTabClosed(popup);
}
