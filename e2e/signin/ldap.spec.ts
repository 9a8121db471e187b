import { expect, test, type Page } from '@playwright/test';
import { openSignInPage, startRemoteMode, submitLogin, signInTabClosed } from '../support/controlPlane';
import { expectReferredFailure } from '../support/signInFailure';
import { ldapBase, startSlapd } from '../support/slapd';

const lena = { uid: 'lena', cn: 'Lena Ldap', password: 'lena-Ldap-Pass-1' };

async function setUp(url?: string) {
  const slapd = await startSlapd({
    people: [lena],
    groups: [{ cn: 'psm-admins', members: ['lena'] }],
    allowUnauthenticatedBind: true,
  });
  const env = await startRemoteMode();
  const admin = await env.token('alice');
  const config = {
    enabled: true,
    url: url ?? slapd.url,
    security: 'plain',
    caPem: null,
    baseDn: ldapBase,
    userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    bindDn: null,
    groupRoles: [{ groupDn: `cn=psm-admins,ou=groups,${ldapBase}`, role: 'administrator' }],
    timeoutMs: 2000,
  };
  const res = await fetch(`${env.server.url}/api/admin/sign-in/ldap`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ config, bindPassword: null }),
  });
  expect(((await res.json()) as { warning: string }).warning).toContain('not encrypted');
  return { env, stop: async () => (await env.stop(), await slapd.stop()) };
}

async function openLogin(page: Page): Promise<Page> {
  const popup = await openSignInPage(page);
  await expect(popup.getByRole('radio', { name: 'Directory account (LDAP)' })).toBeChecked();
  await expect(popup.getByText('not encrypted (plain LDAP)')).toBeVisible();
  return popup;
}

test('LDAP sign-in against a real slapd: the directory account and its group role', async ({ page }) => {
  const { env, stop } = await setUp();
  try {
    await page.goto(env.host.url);
    const popup = await openLogin(page);
    await submitLogin(popup, 'lena', lena.password);
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Lena Ldap');
    await expect(page.getByTestId('signed-in-person')).toContainText('Administrator');
  } finally {
    await stop();
  }
});

test('LDAP bad input: an empty password is refused before any bind, and `*)(uid=*` is escaped', async ({ page }) => {
  const { env, stop } = await setUp();
  try {
    await page.goto(env.host.url);
    const popup = await openLogin(page);
    // The browser would stop an empty password; a hand-made request would not.
    await popup.getByLabel('Username').fill('lena');
    await popup.getByLabel('Password').evaluate((input) => input.removeAttribute('required'));
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await expect(popup.getByRole('alert')).toHaveText(
      'Enter your password. An empty password is never sent to the directory.',
    );
    await popup.getByLabel('Username').fill('*)(uid=*');
    await popup.getByLabel('Password').fill(lena.password);
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await expect(popup.getByRole('alert')).toHaveText('Wrong username or password.');
    await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
  } finally {
    await stop();
  }
});

test('an unreachable directory fails without a hang: the page shows a reference, the server log names the directory under it', async ({
  page,
}) => {
  const { env, stop } = await setUp('ldap://127.0.0.1:9');
  try {
    await page.goto(env.host.url);
    const popup = await openLogin(page);
    await submitLogin(popup, 'lena', lena.password);
    await expectReferredFailure(popup, env.server, 'directory', 'The directory at ldap://127.0.0.1:9 did not answer');
  } finally {
    await stop();
  }
});
