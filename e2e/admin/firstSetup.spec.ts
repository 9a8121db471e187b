import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { signInThroughPopup } from '../support/controlPlane';
import { setUpFirstAdministrator, startApp } from '../support/firstSetup';
import { launchLine, tempDataDir } from '../support/processes';

/**
 * The first day, as a new administrator lives it: a fresh `npm start` on an empty folder, setup
 * in the app, then the first person and the first group made in Administration, with the person
 * added to the group; nothing seeded, nothing sent to the API by hand.
 */

const adminPassword = `Admin-${crypto.randomBytes(6).toString('hex')}`;
const patPassword = `Ops-${crypto.randomBytes(6).toString('hex')}`;

test('from the first setup, an administrator creates a person and a group, and adds the person to it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const app = await startApp(tempDataDir());
  try {
    await setUpFirstAdministrator(page, app, adminPassword);

    const main = page.getByRole('navigation', { name: 'Main' });
    const admin = page.getByRole('navigation', { name: 'Administration' });
    await main.getByRole('button', { name: 'Administration' }).click();
    await admin.getByRole('button', { name: 'People' }).click();
    const people = page.getByRole('region', { name: 'People' });
    await people.getByRole('button', { name: 'New person' }).click();
    const form = page.getByRole('form', { name: 'New person' });
    await form.getByLabel('Username', { exact: true }).fill('pat');
    await form.getByLabel('Display name').fill('Pat Park');
    await form.getByLabel('Department').fill('Operations');
    await form.getByLabel('Initial password').fill(patPassword);
    await form.getByRole('button', { name: 'Create person' }).click();
    await expect(page.getByRole('region', { name: 'Person pat' })).toBeVisible();

    await admin.getByRole('button', { name: 'Groups' }).click();
    const groups = page.getByRole('region', { name: 'Groups' });
    const create = groups.getByRole('form', { name: 'New group' });
    await create.getByLabel('Name').fill('Operators');
    await create.getByRole('button', { name: 'Create group' }).click();
    const editor = groups.getByRole('region', { name: 'Group Operators' });
    await editor.getByLabel('Add a person').fill('pat');
    await editor.getByRole('button', { name: 'Add Pat Park (pat)' }).click();
    await expect(editor.getByRole('list', { name: 'Member list' })).toContainText('Pat Park (pat)');

    // Pat's page says so, and Pat signs in with the password the administrator gave.
    await admin.getByRole('button', { name: 'People' }).click();
    await people.getByLabel('Search').fill('pat');
    await people.getByRole('button', { name: 'pat', exact: true }).click();
    const pat = page.getByRole('region', { name: 'Person pat' });
    await expect(pat.getByRole('group', { name: 'Groups' })).toContainText('Operators');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughPopup(page, 'pat', patPassword);
    await expect(page.getByTestId('signed-in-person')).toContainText('Pat Park');
    await expect(main.getByRole('button', { name: 'Administration' })).toHaveCount(0);
  } finally {
    await app.stop();
  }
});

test('the built-in control plane keeps its address from one launch to the next, so a saved API call still works', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dataDir = tempDataDir();
  const controlPlane = async () => {
    const app = await startApp(dataDir);
    try {
      await page.goto(launchLine.exec(app.line)?.[1] as string);
      await expect(page.getByTestId('backend-status')).toHaveText('Built-in control plane · Ready');
      return (await page.getByText('Control plane:').locator('code').textContent()) as string;
    } finally {
      await app.stop();
    }
  };
  const first = await controlPlane();
  expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await controlPlane()).toBe(first);
});
