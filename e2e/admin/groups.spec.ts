import { expect, test, type Page } from '@playwright/test';
import { demoPassword, openSignInPage, signIn, startRemoteMode, submitLogin } from '../support/controlPlane';
import { ldapBase, startSlapd } from '../support/slapd';
import { startUpstreamIssuer, upstreamClient } from '../support/upstreamIssuer';

/**
 * Groups in the Administration area, driven as an administrator would: create, pick members,
 * rename, delete (refused while a policy uses the group), a directory group that a real slapd
 * fills at sign-in, and a rule group that follows a person's department.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

async function openGroups(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Groups' }).click();
  return page.getByRole('region', { name: 'Groups' });
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${lab.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await lab.token('alice')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

test('an administrator creates a group, adds a person with the picker, renames it and deletes only an unused group', async ({
  page,
}) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const groups = await openGroups(page);
  const create = groups.getByRole('form', { name: 'New group' });

  await create.getByLabel('Name').fill('x'.repeat(201));
  await create.getByRole('button', { name: 'Create group' }).click();
  await expect(create.getByRole('alert')).toHaveText('Name is too long (at most 200 characters).');
  await create.getByLabel('Name').fill('Linux admins');
  await create.getByRole('button', { name: 'Create group' }).click();
  await expect(create.getByRole('alert')).toHaveText('A group with that name already exists.');
  await expect(create.getByLabel('Name')).toHaveValue('Linux admins');

  await create.getByLabel('Name').fill('Night shift');
  await create.getByRole('button', { name: 'Create group' }).click();
  const editor = groups.getByRole('region', { name: 'Group Night shift' });
  await editor.getByLabel('Add a person').fill('eri');
  await editor.getByRole('button', { name: 'Add Erin Engineer (erin)' }).click();
  await expect(editor.getByRole('list', { name: 'Member list' })).toContainText('Erin Engineer (erin)');

  await editor.getByLabel('Name').fill('Night crew');
  await editor.getByRole('button', { name: 'Save group' }).click();
  const renamed = groups.getByRole('region', { name: 'Group Night crew' });
  await expect(renamed.getByRole('status')).toHaveText('Saved.');
  await expect(groups.getByRole('table', { name: 'Group list' })).toContainText('Night crew');

  await groups.getByRole('button', { name: 'Linux admins' }).click();
  const linux = groups.getByRole('region', { name: 'Group Linux admins' });
  await linux.getByRole('button', { name: 'Delete group' }).click();
  await expect(linux.getByRole('alert')).toContainText(
    'still used by policies: Linux servers; access levels: Operator',
  );

  await groups.getByRole('button', { name: 'Night crew' }).click();
  await groups.getByRole('region', { name: 'Group Night crew' }).getByRole('button', { name: 'Delete group' }).click();
  await expect(groups.getByRole('table', { name: 'Group list' })).not.toContainText('Night crew');
});

test('a stale edit is refused with what changed; Reload keeps what was typed', async ({ page }) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const groups = await openGroups(page);
  await groups.getByRole('button', { name: 'Windows admins' }).click();
  const editor = groups.getByRole('region', { name: 'Group Windows admins' });
  await expect(editor.getByLabel('Name')).toHaveValue('Windows admins');
  const { groups: all } = (await api('GET', '/api/admin/groups?search=Windows')) as { groups: Array<{ id: string }> };
  await api('PATCH', `/api/admin/groups/${all[0]?.id}`, { revision: 1, name: 'Windows team' });

  await editor.getByLabel('Name').fill('Windows operators');
  await editor.getByRole('button', { name: 'Save group' }).click();
  await expect(editor.getByRole('alert')).toContainText('it is now named "Windows team" (revision 2)');
  await groups.getByRole('button', { name: 'Reload (keep what I typed)' }).click();
  const reloaded = groups.getByRole('region', { name: 'Group Windows team' });
  await expect(reloaded.getByLabel('Name')).toHaveValue('Windows operators');
  await reloaded.getByRole('button', { name: 'Save group' }).click();
  await expect(groups.getByRole('region', { name: 'Group Windows operators' }).getByRole('status')).toHaveText(
    'Saved.',
  );
});

test('a rule group `department = Operations` takes in a person whose department changes to Operations', async ({
  page,
}) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const groups = await openGroups(page);
  const create = groups.getByRole('form', { name: 'New group' });
  await create.getByLabel('Name').fill('Operations');
  await create.getByLabel('Members').selectOption('rule');
  await create.getByLabel('Rule field').selectOption('department');
  await create.getByLabel('Rule value').fill('Operations');
  await create.getByRole('button', { name: 'Create group' }).click();
  const editor = groups.getByRole('region', { name: 'Group Operations' });
  await expect(editor.getByText('No members.')).toBeVisible();

  // The People page (another change) edits employee fields; here the persons route does.
  const { persons } = (await api('GET', '/api/admin/persons')) as { persons: Array<{ id: string; username: string }> };
  const erin = persons.find((p) => p.username === 'erin')?.id;
  await api('PATCH', `/api/admin/persons/${erin}`, { department: 'Operations' });
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Groups' }).click();
  await expect(
    groups.getByRole('table', { name: 'Group list' }).getByRole('row', { name: /Operations/ }),
  ).toContainText('Department = Operations');
  await groups.getByRole('button', { name: 'Operations', exact: true }).click();
  await expect(groups.getByRole('list', { name: 'Member list' })).toContainText('Erin Engineer (erin)');
});

const lena = { uid: 'lena', cn: 'Lena Ldap', password: 'lena-Ldap-Pass-1' };

test('a directory group mapped to a real slapd group takes in the LDAP user at sign-in', async ({ page }) => {
  const slapd = await startSlapd({ people: [lena], groups: [{ cn: 'psm-ops', members: ['lena'] }] });
  try {
    const dn = `cn=psm-ops,ou=groups,${ldapBase}`;
    await api('PUT', '/api/admin/sign-in/ldap', {
      config: {
        enabled: true,
        url: slapd.url,
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
    await expect(popup.getByRole('heading', { name: 'Signed in to OpenPSM' })).toBeVisible();
    await popup.close();
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
    await expect(popup.getByRole('heading', { name: 'Signed in to OpenPSM' })).toBeVisible();
    await popup.close();
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

/** Signs in with an OpenPSM account when the login page also offers a directory or an external issuer. */
async function signInLocal(page: Page, username: string) {
  const popup = await openSignInPage(page);
  const local = popup.getByRole('radio', { name: 'OpenPSM account' });
  if ((await local.count()) > 0) await local.check();
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(demoPassword);
  await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(popup.getByRole('heading', { name: 'Signed in to OpenPSM' })).toBeVisible();
  await popup.close();
}
