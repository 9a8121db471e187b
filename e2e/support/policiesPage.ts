import { expect, type Page } from '@playwright/test';
import { demoPassword } from './controlPlane';
import { signInHeadless } from './signIn';

/** Opens Administration → Policies and returns its region. */
export async function openPolicies(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Policies' }).click();
  const section = page.getByRole('region', { name: 'Policies' });
  await expect(section.getByRole('heading', { name: 'Access request policies' })).toBeVisible();
  return section;
}

/** Opens a policy's form from the list. */
export async function openPolicy(page: Page, name: string) {
  const section = await openPolicies(page);
  await section.getByRole('row', { name }).getByRole('button', { name, exact: true }).click();
  return section.getByRole('form', { name: `Edit ${name}` });
}

/** Calls the control plane at `serverUrl` as `username` (test set-up through the API). */
export function apiAs(serverUrl: string, username: string) {
  return async (method: string, pathname: string, body?: unknown) => {
    const signedIn = await signInHeadless(serverUrl, username, demoPassword);
    if ('refused' in signedIn) throw new Error(signedIn.refused);
    const res = await fetch(new URL(pathname, serverUrl), {
      method,
      headers: { authorization: `Bearer ${signedIn.tokens.access_token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
