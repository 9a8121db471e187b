import { expect, test, type Page } from '@playwright/test';
import { apiKeysApi } from '@shared/common/api/controlPlane/apiKeys';
import { liveApi } from '@shared/common/api/controlPlane/live';
import { pathOf } from '@shared/common/api/controlPlane/route';
import { sessionsApi } from '@shared/common/api/controlPlane/sessions';
import { systemApi } from '@shared/common/api/controlPlane/system';
import { vaultApi } from '@shared/common/api/controlPlane/vault';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { readmeShot } from '../support/readmeShots';
import { signInHeadless } from '../support/signIn';

/**
 * API keys for automation: an administrator makes a service account and a key in the
 * Administration area, sees the key once, and a script uses it with plain fetch: on
 * administration and audit routes within its roles, never on session, live or vault routes.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

/** A plain fetch with the key, as a script would send it: the status and the error code, if any. */
async function callWithKey(key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(path, lab.server.url), {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  const answer = (await response.json().catch(() => ({}))) as { code?: string };
  return { status: response.status, code: answer.code };
}

async function openApiKeys(page: Page) {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'API keys' }).click();
  return page.getByRole('region', { name: 'API keys' });
}

async function addServiceAccount(page: Page, username: string, roles: string[]) {
  const form = page.getByRole('form', { name: 'New service account' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Display name').fill(`${username} robot`);
  for (const role of roles) await form.getByRole('group').getByLabel(role, { exact: true }).check();
  await form.getByRole('button', { name: 'Create service account' }).click();
  await expect(form.getByLabel('Username')).toHaveValue('');
}

async function fillKey(page: Page, account: string, name: string, roles: string[]) {
  const form = page.getByRole('form', { name: 'New API key' });
  await form.getByLabel('Service account').selectOption({ label: account });
  await form.getByLabel('Key name').fill(name);
  for (const role of roles) await form.getByRole('group').getByLabel(role, { exact: true }).check();
  return form;
}

test('a key made in Administration is shown once, works on admin routes only, shows its last use, and stops when revoked or expired', async ({
  page,
}) => {
  const section = await openApiKeys(page);
  await addServiceAccount(page, 'ci-bot', ['administrator', 'auditor']);
  const form = await fillKey(page, 'ci-bot', 'ci', ['administrator']);
  await form.getByRole('button', { name: 'Create API key' }).click();
  const key = (await section.getByTestId('new-api-key').textContent()) ?? '';
  expect(key).toMatch(/^opsm_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
  await section.getByRole('button', { name: 'Done' }).click();
  await expect(section.getByTestId('new-api-key')).toHaveCount(0);
  await expect(section).not.toContainText(key.slice(-20));
  await expect(section.getByTestId('last-used-ci')).toHaveText('never');

  expect(await callWithKey(key, 'GET', apiKeysApi.list.path)).toEqual({ status: 200, code: undefined });
  expect(await callWithKey(key, 'GET', systemApi.audit.path)).toEqual({ status: 200, code: undefined });
  const refused = { status: 403, code: 'API_KEY_NOT_ALLOWED' };
  expect(await callWithKey(key, 'GET', vaultApi.params.path)).toEqual(refused);
  expect(await callWithKey(key, 'POST', sessionsApi.ticket.path, {})).toEqual(refused);
  const someSession = { id: '00000000-0000-4000-8000-000000000000' };
  expect(await callWithKey(key, 'POST', pathOf(liveApi.watch, someSession), {})).toEqual(refused);
  expect(await callWithKey(key, 'POST', pathOf(liveApi.terminate, someSession), {})).toEqual(refused);

  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'API keys' }).click();
  await expect(section.getByTestId('last-used-ci')).not.toHaveText('never');
  await readmeShot(page, 'admin-api-keys', { fullPage: true });

  await section.getByRole('button', { name: 'Revoke ci' }).click();
  await expect(section.getByRole('row', { name: /ci-bot/ })).toContainText('revoked');
  expect(await callWithKey(key, 'GET', apiKeysApi.list.path)).toEqual({ status: 401, code: 'TOKEN_INVALID' });

  // A key that expires in a moment, made by script with an administrator's sign-in: it fails once it has.
  const token = await lab.token('alice');
  const listing = await fetch(new URL(apiKeysApi.list.path, lab.server.url), {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json() as Promise<{ serviceAccounts: Array<{ id: string }> }>);
  const soon = await fetch(new URL(apiKeysApi.create.path, lab.server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      personId: listing.serviceAccounts[0]?.id,
      name: 'short-lived',
      roles: ['auditor'],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    }),
  }).then((r) => r.json() as Promise<{ key: string }>);
  expect((await callWithKey(soon.key, 'GET', systemApi.audit.path)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(await callWithKey(soon.key, 'GET', systemApi.audit.path)).toEqual({ status: 401, code: 'TOKEN_INVALID' });
});

test('the forms refuse a name too long, a duplicate, a role the account lacks and a past expiry, keeping what was typed; a service account cannot sign in', async ({
  page,
}) => {
  const section = await openApiKeys(page);
  await addServiceAccount(page, 'audit-bot', ['auditor']);
  const form = await fillKey(page, 'audit-bot', 'x'.repeat(65), ['auditor']);
  const create = form.getByRole('button', { name: 'Create API key' });
  await create.click();
  await expect(form.getByTestId('api-key-error')).toHaveText('BAD_REQUEST');
  await expect(form.getByLabel('Key name')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Key name')).toHaveValue('x'.repeat(65));

  await form.getByLabel('Key name').fill('reports');
  await form.getByRole('group').getByLabel('administrator', { exact: true }).check();
  await create.click();
  await expect(form).toContainText('the service account does not hold administrator');
  await expect(form.getByRole('group')).toHaveAttribute('aria-invalid', 'true');

  await form.getByRole('group').getByLabel('administrator', { exact: true }).uncheck();
  await form.getByLabel('Expires').fill('2020-01-01T00:00');
  await create.click();
  await expect(form).toContainText('must be in the future');
  await expect(form.getByLabel('Expires')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Key name')).toHaveValue('reports');

  const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 16);
  await form.getByLabel('Expires').fill(nextYear);
  await create.click();
  await expect(section.getByTestId('new-api-key')).toBeVisible();
  await form.getByLabel('Key name').fill('reports');
  await create.click();
  await expect(form.getByTestId('api-key-error')).toHaveText('CONFLICT');
  await expect(form.getByLabel('Key name')).toHaveAttribute('aria-invalid', 'true');

  const key = (await section.getByTestId('new-api-key').textContent()) ?? '';
  expect(await callWithKey(key, 'GET', apiKeysApi.list.path)).toEqual({ status: 403, code: 'FORBIDDEN_ROLE' });
  expect(await signInHeadless(lab.server.url, 'audit-bot', demoPassword)).toHaveProperty('refused');
});
