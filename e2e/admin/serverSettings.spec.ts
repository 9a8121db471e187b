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
  await expect(winRow).toContainText('Available');

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
  await expect(page.getByRole('row', { name: /web-01/ })).toContainText('Available');

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
  await expect(winRow).toContainText('Available');
});
