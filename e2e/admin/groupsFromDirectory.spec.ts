import { expect, test } from '@playwright/test';
import { openSignInPage, startRemoteMode, submitLogin, signInTabClosed } from '../support/controlPlane';
import { adminCaller, openGroups, signInLocal } from '../support/groupsPage';
import { ldapBase, startSlapd } from '../support/slapd';
import { startUpstreamIssuer, upstreamClient } from '../support/upstreamIssuer';

/**
 * Groups that follow a directory at sign-in, driven as an administrator would: a directory group
 * mapped to a real slapd group or to the federation's groups claim, and a rule group that an LDAP
 * user's departmentNumber puts them in.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

const api = adminCaller(() => lab);

const lena = {
  uid: 'lena',
  cn: 'Lena Ldap',
  password: 'lena-Ldap-Pass-1',
  departmentNumber: 'Operations',
  l: 'Berlin',
};

/** Turns on LDAP sign-in against the throwaway slapd (anonymous search, no role mapping). */
async function useSlapd(url: string) {
  await api('PUT', '/api/admin/sign-in/ldap', {
    config: {
      enabled: true,
      url,
      security: 'plain',
      caPem: null,
      baseDn: ldapBase,
      userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
      bindDn: null,
      groupRoles: [],
      timeoutMs: 2000,
    },
    bindPassword: null,
  });
}

test('an LDAP user whose entry has departmentNumber Operations lands in the rule group at sign-in', async ({
  page,
}) => {
  const slapd = await startSlapd({ people: [lena], groups: [] });
  try {
    await useSlapd(slapd.url);
    await api('POST', '/api/admin/groups', { name: 'Operations', rule: { field: 'department', value: 'Operations' } });
    await page.goto(lab.host.url);
    const popup = await openSignInPage(page);
    await submitLogin(popup, 'lena', lena.password);
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Lena Ldap');
    await page.getByRole('button', { name: /Sign out/ }).click();

    await signInLocal(page, 'alice');
    const groups = await openGroups(page);
    await groups.getByRole('button', { name: 'Operations', exact: true }).click();
    await expect(groups.getByRole('list', { name: 'Member list' })).toContainText('Lena Ldap (lena)');

    // The directory owns her department and location: shown, read-only, naming it.
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'People' }).click();
    await page.getByRole('region', { name: 'People' }).getByRole('button', { name: 'lena', exact: true }).click();
    const person = page.getByRole('region', { name: 'Person lena' });
    await expect(person.getByLabel('Department')).toHaveValue('Operations');
    await expect(person.getByLabel('Department')).not.toBeEditable();
    await expect(person.getByLabel('Location')).toHaveValue('Berlin');
    await expect(person.getByText('Department (set by the LDAP directory)')).toBeVisible();

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Audit log' }).click();
    await expect(page.getByRole('region', { name: 'Audit log' })).toContainText('(rule Operations)');
  } finally {
    await slapd.stop();
  }
});

test('a directory group mapped to a real slapd group takes in the LDAP user at sign-in', async ({ page }) => {
  const slapd = await startSlapd({ people: [lena], groups: [{ cn: 'psm-ops', members: ['lena'] }] });
  try {
    const dn = `cn=psm-ops,ou=groups,${ldapBase}`;
    await useSlapd(slapd.url);
    await page.goto(lab.host.url);
    await signInLocal(page, 'alice');
    const groups = await openGroups(page);
    const create = groups.getByRole('form', { name: 'New group' });
    await create.getByLabel('Name').fill('Directory ops');
    await create.getByLabel('Members').selectOption('directory');
    await create.getByLabel('Directory kind').selectOption('ldap');
    await create.getByRole('textbox', { name: 'Directory group' }).fill(dn);
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect(groups.getByRole('region', { name: 'Group Directory ops' }).getByText('No members.')).toBeVisible();
    await page.getByRole('button', { name: /Sign out/ }).click();

    const popup = await openSignInPage(page);
    await submitLogin(popup, 'lena', lena.password);
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Lena Ldap');
    await page.getByRole('button', { name: /Sign out/ }).click();

    await signInLocal(page, 'alice');
    const again = await openGroups(page);
    await again.getByRole('button', { name: 'Directory ops' }).click();
    await expect(again.getByRole('list', { name: 'Member list' })).toContainText('Lena Ldap (lena)');
  } finally {
    await slapd.stop();
  }
});

test("a directory group mapped to a value of the federation's groups claim takes in the federated person", async ({
  page,
}) => {
  const upstream = await startUpstreamIssuer(`${lab.server.url}/federation/callback`);
  try {
    const config = {
      enabled: true,
      name: 'Corp SSO',
      issuerUrl: upstream.url,
      clientId: upstreamClient.id,
      searchClaim: 'email',
      groupsClaim: 'groups',
      groupRoles: [],
      allowSelfSignedTls: false,
      timeoutMs: 3000,
    };
    await api('PUT', '/api/admin/sign-in/oidc', { config, clientSecret: upstreamClient.secret });
    await page.goto(lab.host.url);
    await signInLocal(page, 'alice');
    const groups = await openGroups(page);
    const create = groups.getByRole('form', { name: 'New group' });
    await create.getByLabel('Name').fill('Staff');
    await create.getByLabel('Members').selectOption('directory');
    await create.getByLabel('Directory kind').selectOption('oidc');
    await create.getByRole('textbox', { name: 'Directory group' }).fill('staff');
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect(groups.getByRole('region', { name: 'Group Staff' }).getByText('No members.')).toBeVisible();
    await page.getByRole('button', { name: /Sign out/ }).click();
    // Fiona signs in on her own browser: Alice's session at the sign-in pages is not hers.
    await page.context().clearCookies();

    const popup = await openSignInPage(page);
    await popup.getByRole('button', { name: 'Sign in with Corp SSO' }).click();
    await popup.getByLabel('Corp username').fill('fiona');
    await popup.getByRole('button', { name: 'Continue to OpenPSM' }).click();
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Fiona Federated');
    await page.getByRole('button', { name: /Sign out/ }).click();

    await signInLocal(page, 'alice');
    const again = await openGroups(page);
    await again.getByRole('button', { name: 'Staff', exact: true }).click();
    await expect(again.getByRole('list', { name: 'Member list' })).toContainText('Fiona Federated (fiona@corp.test)');
  } finally {
    await upstream.close();
  }
});
