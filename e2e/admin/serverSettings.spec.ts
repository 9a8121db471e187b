import { expect, test } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';

/**
 * Server settings, as an administrator uses them: switching the RDP proxy off in the app makes
 * every RDP row of My Resources say so, and the audit log records the change before and after.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

test('switching the RDP proxy off in Server settings blocks RDP rows, and switching it on again frees them', async ({
  page,
}) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const main = page.getByRole('navigation', { name: 'Main' });
  const winRow = page.getByRole('row', { name: /win-01/ });
  await main.getByRole('button', { name: 'My Resources' }).click();
  await expect(winRow).toContainText(/Reachable|Not reachable/);

  const openSettings = async () => {
    await main.getByRole('button', { name: 'Administration' }).click();
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('button', { name: 'Server settings' })
      .click();
    return page.getByRole('form', { name: 'Server switches' });
  };
  let form = await openSettings();
  const proxy = form.getByLabel(/RDP proxy/);
  await expect(proxy).toBeChecked();
  await proxy.uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');

  await main.getByRole('button', { name: 'My Resources' }).click();
  await expect(winRow).toContainText('RDP is switched off on this server');
  await expect(page.getByRole('row', { name: /web-01/ })).toContainText(/Reachable|Not reachable/);

  await main.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Audit log' }).click();
  const audit = page.getByRole('region', { name: 'Audit log' });
  await expect(audit.getByRole('list', { name: 'Changed fields' }).first()).toContainText(
    'rdpProxyEnabled: true → false',
  );

  form = await openSettings();
  await expect(form.getByLabel(/RDP proxy/)).not.toBeChecked();
  await form.getByLabel(/RDP proxy/).check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await main.getByRole('button', { name: 'My Resources' }).click();
  await expect(winRow).toContainText(/Reachable|Not reachable/);
});

test('a save over someone else’s newer save is refused as stale; Reload keeps the choice, and saving again wins', async ({
  page,
}) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('button', { name: 'Server settings' })
    .click();
  const form = page.getByRole('form', { name: 'Server switches' });
  await expect(form.getByLabel(/RDP proxy/)).toBeChecked();

  // Another administrator saves first (a longer minimum password, on the Sign-in rules page of their app).
  const res = await fetch(new URL('/api/admin/settings', lab.server.url), {
    method: 'PUT',
    headers: { authorization: `Bearer ${await lab.token('alice')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ revision: 0, passwordRules: { minLength: 14 } }),
  });
  expect(res.status).toBe(200);

  await form.getByLabel(/RDP proxy/).uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('server-settings-error')).toContainText('STALE_REVISION');
  await form.getByRole('button', { name: 'Reload, keeping what I typed' }).click();
  await expect(form.getByLabel(/RDP proxy/)).not.toBeChecked();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  const saved = (await (
    await fetch(new URL('/api/admin/settings', lab.server.url), {
      headers: { authorization: `Bearer ${await lab.token('alice')}` },
    })
  ).json()) as Record<string, unknown>;
  expect(saved).toMatchObject({ rdpProxyEnabled: false, passwordRules: { minLength: 14 }, revision: 2 });
});
