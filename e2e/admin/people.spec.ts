import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { signInHeadless } from '../support/signIn';

/**
 * The People page of Administration, driven as an administrator would: create a person with
 * employee fields, find her, edit her (a stale edit is refused and reloads keeping the typing),
 * disable and enable her, reset her MFA, end her sign-ins, clear her lockout, delete her, and
 * re-create her username only after confirming.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

const hannaPassword = `Pw-${crypto.randomBytes(9).toString('hex')}`;

async function openPeople(page: Page) {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'People' }).click();
  return page.getByRole('region', { name: 'People' });
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${lab.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await lab.token('alice')}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const canSignIn = async (username: string) =>
  !('refused' in (await signInHeadless(lab.server.url, username, hannaPassword)));

async function createHanna(people: ReturnType<Page['getByRole']>, page: Page) {
  await people.getByRole('button', { name: 'New person' }).click();
  const form = page.getByRole('form', { name: 'New person' });
  await form.getByLabel('Username', { exact: true }).fill('hanna');
  await form.getByLabel('Display name').fill('Hanna Hill');
  await form.getByLabel('Email').fill('hanna@corp.test');
  await form.getByLabel('Department').fill('Finance');
  await form.getByLabel('Location').fill('Berlin');
  await form.getByLabel('Cost center').fill('CC-42');
  await form.getByLabel("Manager's username").fill('bob');
  await form.getByLabel('Auditor').check();
  await form.getByLabel('Initial password').fill(hannaPassword);
  await form.getByRole('button', { name: 'Create person' }).click();
  return form;
}

test('an administrator creates, finds, edits, disables, enables and deletes a person', async ({ page }) => {
  const people = await openPeople(page);
  await createHanna(people, page);
  const hanna = page.getByRole('region', { name: 'Person hanna' });
  await expect(hanna.getByRole('heading', { name: 'Hanna Hill (hanna)' })).toBeVisible();
  await expect(hanna.getByLabel('Cost center')).toHaveValue('CC-42');
  await expect(hanna.getByLabel("Manager's username")).toHaveValue('bob');
  expect(await canSignIn('hanna')).toBe(true);

  await hanna.getByRole('button', { name: 'Back to People' }).click();
  await people.getByLabel('Search').fill('HANNA@corp');
  await expect(people.getByRole('table', { name: 'People' }).getByRole('row')).toHaveCount(2);
  await people.getByLabel('Role').selectOption('auditor');
  await people.getByRole('button', { name: 'hanna', exact: true }).click();

  // Someone else edits her first: this form's save is refused, and a reload keeps what was typed.
  const id = String(
    ((await api('GET', '/api/admin/persons?query=hanna')).json['persons'] as Array<{ id: string }>)[0]?.id,
  );
  const { json: before } = await api('GET', `/api/admin/persons/${id}`);
  expect(
    (await api('PATCH', `/api/admin/persons/${id}`, { revision: before['revision'], department: 'Audit' })).status,
  ).toBe(200);
  await hanna.getByLabel('Location').fill('Munich');
  await hanna.getByRole('button', { name: 'Save' }).click();
  await expect(hanna.getByRole('alert').filter({ hasText: 'STALE_REVISION' })).toContainText('department');
  await hanna.getByRole('button', { name: 'Reload, keeping what I typed' }).click();
  await expect(hanna.getByRole('status', { name: 'Changed on the server' })).toContainText('Department');
  await expect(hanna.getByLabel('Location')).toHaveValue('Munich');
  await expect(hanna.getByLabel('Department')).toHaveValue('Audit');
  await hanna.getByRole('button', { name: 'Save' }).click();
  await expect(hanna.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect((await api('GET', `/api/admin/persons/${id}`)).json).toMatchObject({
    location: 'Munich',
    department: 'Audit',
  });

  await hanna.getByRole('button', { name: 'Disable' }).click();
  await expect(hanna.getByRole('status').filter({ hasText: 'is disabled' })).toBeVisible();
  expect(await canSignIn('hanna')).toBe(false);
  await hanna.getByRole('button', { name: 'Enable' }).click();
  await expect(hanna.getByRole('status').filter({ hasText: 'is enabled' })).toBeVisible();
  expect(await canSignIn('hanna')).toBe(true);

  await hanna.getByRole('button', { name: 'Reset MFA' }).click();
  await expect(hanna.getByRole('status').filter({ hasText: 'Two-step verification was reset' })).toBeVisible();
  await hanna.getByRole('button', { name: 'End all sign-ins' }).click();
  await expect(hanna.getByRole('status').filter({ hasText: 'Every sign-in of hanna has ended' })).toBeVisible();
  await hanna.getByRole('button', { name: 'Clear lockout' }).click();
  await expect(hanna.getByRole('status').filter({ hasText: 'lockout of hanna is cleared' })).toBeVisible();

  await hanna.getByRole('button', { name: 'Delete', exact: true }).click();
  await hanna.getByRole('button', { name: 'Delete for good' }).click();
  await people.getByLabel('Search').fill('hanna');
  await expect(people.getByText('No people match.')).toBeVisible();
  expect(await canSignIn('hanna')).toBe(false);

  const form = await createHanna(people, page);
  await expect(form.getByRole('alert')).toContainText('USERNAME_OF_DELETED');
  await expect(form.getByLabel('Department')).toHaveValue('Finance');
  await form.getByLabel(/Reuse the username of the deleted person/).check();
  await form.getByRole('button', { name: 'Create person' }).click();
  await expect(page.getByRole('region', { name: 'Person hanna' })).toBeVisible();
  const audit = (await api('GET', '/api/audit')).json;
  expect(JSON.stringify(audit)).toContain('person.delete');
});

test('a person page shows groups, the policies and computers that reach her and why', async ({ page }) => {
  const people = await openPeople(page);
  await people.getByLabel('Search').fill('erin');
  await people.getByRole('button', { name: 'erin', exact: true }).click();
  const erin = page.getByRole('region', { name: 'Person erin' });
  await expect(erin.getByRole('group', { name: 'Groups' })).toContainText('Linux admins');
  await expect(erin.getByRole('group', { name: 'Policies' })).toContainText(
    'Linux servers — through group Linux admins',
  );
  await expect(erin.getByRole('group', { name: 'Computers' }).getByRole('listitem').first()).toContainText(
    'through policy Linux servers',
  );
  await expect(erin.getByRole('group', { name: 'Open sessions' })).toContainText('None.');
});

test('bad input is refused naming the field, and the form keeps what was typed', async ({ page }) => {
  const people = await openPeople(page);
  await people.getByRole('button', { name: 'New person' }).click();
  const form = page.getByRole('form', { name: 'New person' });
  await form.getByLabel('Username', { exact: true }).fill('ida');
  await form.getByLabel('Display name').fill('I'.repeat(201));
  await form.getByLabel('Initial password').fill(hannaPassword);
  await form.getByRole('button', { name: 'Create person' }).click();
  await expect(form.getByRole('alert')).toContainText('displayName');
  await expect(form.getByLabel('Username', { exact: true })).toHaveValue('ida');

  await form.getByLabel('Username', { exact: true }).fill('bob');
  await form.getByLabel('Display name').fill('Another Bob');
  await form.getByRole('button', { name: 'Create person' }).click();
  await expect(form.getByRole('alert')).toContainText('username is taken');
  await expect(form.getByLabel('Display name')).toHaveValue('Another Bob');

  const body = { username: 'ivo', displayName: 'Ivo', password: hannaPassword };
  const unknownRole = await api('POST', '/api/admin/persons', { ...body, roles: ['superuser'] });
  expect(unknownRole.status).toBe(400);
  expect(unknownRole.json['fields']).toEqual([expect.objectContaining({ path: 'roles.0' })]);
  const bob = await fetch(`${lab.server.url}/api/admin/persons`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await lab.token('bob')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, roles: ['administrator'] }),
  });
  expect(bob.status).toBe(403);
  const alice = ((await api('GET', '/api/admin/persons?query=alice')).json['persons'] as Array<{ id: string }>)[0]?.id;
  const selfDemotion = await api('PATCH', `/api/admin/persons/${alice}`, { roles: ['auditor'] });
  expect(selfDemotion).toMatchObject({ status: 400, json: { fields: [{ path: 'roles' }] } });
  const { json: list } = await api('GET', '/api/admin/persons?query=bob');
  const bobId = (list['persons'] as Array<{ id: string }>)[0]?.id;
  const stale = await api('PATCH', `/api/admin/persons/${bobId}`, { revision: 999, displayName: 'Robert' });
  expect(stale.status).toBe(409);
  expect(stale.json).toMatchObject({ code: 'STALE_REVISION', fields: [{ path: 'displayName' }] });
});
