import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';

/**
 * The Administration area: administrators see it with every page, auditors see only its Audit
 * log (access managers only its Grants, e2e/admin/grants.spec.ts), and everybody else does not
 * see it at all. Each page goes through main with the
 * person's own sign-in, so the server's role checks still decide.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test('an administrator opens Administration and finds her own sign-in in the audit log', async ({ page }) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await mainNav(page).getByRole('button', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
  const audit = page.getByRole('region', { name: 'Audit log' });
  await expect(audit.getByRole('row', { name: /alice/ }).first()).toBeVisible();
});

test('an auditor sees only the Audit log there; a person without an administrative role has no Administration', async ({
  page,
}) => {
  await page.goto(lab.host.url);
  await signIn(page, 'carol', demoPassword);
  await mainNav(page).getByRole('button', { name: 'Administration' }).click();
  const menu = page.getByRole('navigation', { name: 'Administration' });
  await expect(menu.getByRole('button')).toHaveText(['Audit log']);
  await expect(page.getByRole('region', { name: 'Audit log' }).getByRole('row').nth(1)).toBeVisible();

  await page.getByRole('button', { name: /Sign out/ }).click();
  await signIn(page, 'erin', demoPassword);
  await expect(mainNav(page).getByRole('button', { name: 'My Resources' })).toBeVisible();
  await expect(mainNav(page).getByRole('button', { name: 'Administration' })).toHaveCount(0);
});
