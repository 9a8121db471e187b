import { expect, test, type Locator } from '@playwright/test';
import { demoPassword, signIn, startAnotherHost, startRemoteMode } from '../support/controlPlane';
import { adminCaller, openGroups } from '../support/groupsPage';

/**
 * Groups in the Administration area, driven as an administrator would: create, pick members,
 * rename, delete (refused while a policy uses the group), a rule group that follows a person's
 * department, and two windows changing the same members (the second refused as stale). Groups
 * that follow a directory at sign-in are in groupsFromDirectory.spec.ts.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

const api = adminCaller(() => lab);

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

test('two windows change the same members: the second is refused as stale, and Reload keeps its choice', async ({
  browser,
}) => {
  // Two app windows, each its own host and browser, both signed in as alice.
  const otherHost = await startAnotherHost(lab.server.url);
  const [first, second] = [await browser.newContext(), await browser.newContext()];
  try {
    const editors = [];
    for (const [context, url] of [
      [first, lab.host.url],
      [second, otherHost.url],
    ] as const) {
      const page = await context.newPage();
      await page.goto(url);
      await signIn(page, 'alice', demoPassword);
      const groups = await openGroups(page);
      await groups.getByRole('button', { name: 'Windows admins' }).click();
      editors.push(groups.getByRole('region', { name: 'Group Windows admins' }));
    }
    const [one, two] = editors as [Locator, Locator];
    await expect(two.getByRole('list', { name: 'Member list' })).toContainText('Alice Admin (alice)');

    await one.getByLabel('Add a person').fill('eri');
    await one.getByRole('button', { name: 'Add Erin Engineer (erin)' }).click();
    await expect(one.getByRole('list', { name: 'Member list' })).toContainText('Erin Engineer (erin)');

    await two.getByLabel('Add a person').fill('bob');
    await two.getByRole('button', { name: 'Add Bob Manager (bob)' }).click();
    const refusal = two.getByRole('alert').filter({ hasText: 'STALE_REVISION' });
    await expect(refusal).toContainText('Someone changed this group since you opened it');
    await expect(refusal).toContainText('Members now: alice, erin.');
    await expect(two.getByRole('list', { name: 'Member list' })).not.toContainText('Erin');
    await two.getByRole('button', { name: 'Reload members (keep my choice)' }).click();
    await expect(two.getByRole('list', { name: 'Member list' })).toContainText('Erin Engineer (erin)');
    await expect(two.getByLabel('Add a person')).toHaveValue('bob');
    await two.getByRole('button', { name: 'Add Bob Manager (bob)' }).click();
    await expect(two.getByRole('list', { name: 'Member list' })).toContainText('Bob Manager (bob)');
    await expect(two.getByRole('alert')).toHaveCount(0);
  } finally {
    await first.close();
    await second.close();
    await otherHost.stop();
  }
});
