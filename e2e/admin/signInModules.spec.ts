import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoPassword, signIn, signInThroughPopup, startRemoteMode, signInTabClosed } from '../support/controlPlane';
import { readmeShot } from '../support/readmeShots';
import { ldapBase, startSlapd } from '../support/slapd';
import { startUpstreamIssuer, upstreamClient } from '../support/upstreamIssuer';

/**
 * Administration → Sign-in, driven as an administrator would: the LDAP form tested against a real
 * slapd (what it finds, and a wrong service password's exact failure), saved, and then used to
 * sign in; the federation form tested against a local OIDC issuer; a refused save keeps the typing.
 */

const lena = { uid: 'lena', cn: 'Lena Ldap', password: 'lena-Ldap-Pass-1' };
const svc = { uid: 'svc', cn: 'Search Service', password: 'svc-Ldap-Pass-1' };
const svcDn = `uid=svc,ou=people,${ldapBase}`;

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
const cleanups: Array<() => Promise<void>> = [];
test.afterEach(async () => {
  for (const stop of cleanups.splice(0)) await stop();
  await lab.stop();
});

/** Signs alice in and opens Administration → Sign-in; returns a form of it by name. */
async function openSignInSection(page: Page): Promise<(name: string) => Locator> {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  const menu = page.getByRole('navigation', { name: 'Administration' });
  await menu.getByRole('button', { name: 'Sign-in', exact: true }).click();
  const region = page.getByRole('region', { name: 'Sign-in', exact: true });
  return (name) => region.getByRole('form', { name });
}

test('LDAP: Test finds the user and their groups, names a wrong service password, Save, then the LDAP user signs in', async ({
  page,
}) => {
  const slapd = await startSlapd({ people: [lena, svc], groups: [{ cn: 'psm-admins', members: ['lena'] }] });
  cleanups.push(() => slapd.stop());
  lab = await startRemoteMode();
  const ldap = (await openSignInSection(page))('LDAP');
  await ldap.getByLabel('LDAP sign-in enabled').check();
  await ldap.getByLabel('URL', { exact: true }).fill(slapd.url);
  await ldap.getByLabel('Security').selectOption('plain');
  await ldap.getByLabel('Base DN').fill(ldapBase);
  await ldap.getByLabel(/^Bind DN/).fill(svcDn);
  await ldap.getByLabel(/^Bind password/).fill('not-the-Password-1');
  await ldap.getByRole('button', { name: 'Add group' }).click();
  await ldap.getByLabel('Group DN').fill(`cn=psm-admins,ou=groups,${ldapBase}`);
  await ldap.getByLabel('Role', { exact: true }).selectOption('administrator');
  await ldap.getByLabel('Test username').fill('lena');

  await ldap.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(ldap.getByRole('alert')).toContainText('LDAP_TEST_FAILED');
  await expect(ldap.getByRole('alert')).toContainText(`LDAP test failed at service bind as ${svcDn}`);
  await expect(ldap.getByRole('alert')).toContainText('Invalid Credentials');

  await ldap.getByLabel(/^Bind password/).fill(svc.password);
  await ldap.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(ldap.getByTestId('ldap-finding')).toHaveText('Test passed: found 1 entry for lena; groups: psm-admins');
  await expect(ldap.getByRole('alert')).toHaveCount(0);
  await ldap.getByLabel(/^Test password/).fill(lena.password);
  await ldap.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(ldap.getByTestId('ldap-finding')).toHaveText(
    'Test passed: found 1 entry for lena; groups: psm-admins; password accepted',
  );
  await readmeShot(page, 'admin-sign-in', { fullPage: true });

  await ldap.getByRole('button', { name: 'Save' }).click();
  await expect(ldap.getByText('Saved.')).toBeVisible();
  await expect(ldap.getByLabel('Bind password (kept; type to replace)')).toHaveValue('');
  await expect(ldap.getByText('not encrypted (plain LDAP)')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  const popup = await signInThroughPopup(page, 'lena', lena.password);
  await signInTabClosed(popup);
  await expect(page.getByTestId('signed-in-person')).toContainText('Lena Ldap');
  await expect(page.getByTestId('signed-in-person')).toContainText('Administrator');
});

test('federation: Test reads the issuer (endpoints, keys) or names the failed step; a refused Save keeps the typing', async ({
  page,
}) => {
  lab = await startRemoteMode();
  const upstream = await startUpstreamIssuer(`${lab.server.url}/federation/callback`);
  cleanups.push(() => upstream.close());
  const federation = (await openSignInSection(page))('Federation (OIDC)');
  await expect(federation).toContainText(`${lab.server.url}/federation/callback`);
  await federation.getByLabel(/^Button name/).fill('Corp SSO');
  await federation.getByLabel('Issuer URL').fill('http://127.0.0.1:9');
  await federation.getByLabel('Client ID').fill(upstreamClient.id);
  await federation.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(federation.getByRole('alert')).toContainText('OIDC_TEST_FAILED');
  await expect(federation.getByRole('alert')).toContainText(
    'Identity provider test failed at discovery (http://127.0.0.1:9)',
  );

  await federation.getByLabel('Issuer URL').fill(upstream.url);
  await federation.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(federation.getByTestId('federation-finding')).toContainText(`Test passed: issuer ${upstream.url}; `);
  await expect(federation.getByTestId('federation-finding')).toContainText(`sign-in at ${upstream.url}/auth`);

  await federation.getByLabel(/^Button name/).fill('');
  await federation.getByLabel('Client secret').fill(upstreamClient.secret);
  await federation.getByRole('button', { name: 'Save' }).click();
  await expect(federation.getByRole('alert')).toContainText('BAD_REQUEST');
  await expect(federation.getByLabel(/^Button name/)).toHaveAttribute('aria-invalid', 'true');
  await expect(federation.getByLabel(/^Button name/)).toHaveAccessibleDescription('is required');
  await expect(federation.getByLabel('Issuer URL')).toHaveValue(upstream.url);
  await expect(federation.getByLabel('Client secret')).toHaveValue(upstreamClient.secret);

  await federation.getByLabel(/^Button name/).fill('Corp SSO');
  await federation.getByLabel('Federation enabled').check();
  await federation.getByRole('button', { name: 'Save' }).click();
  await expect(federation.getByText('Saved.')).toBeVisible();
  await expect(federation.getByLabel('Client secret (kept; type to replace)')).toHaveValue('');
});
