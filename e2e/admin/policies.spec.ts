import { expect, test } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { apiAs, openPolicies } from '../support/policiesPage';
import { readmeShot } from '../support/readmeShots';

/**
 * Access request policies in the Administration area: an administrator creates one in the form
 * (bad input named field by field, what was typed kept), edits it while someone else saved it
 * (Reload keeps the typing), and deletes it. The real-session tests are in policySessions.spec.ts.
 */

test('an administrator creates, edits (after a stale save) and deletes a policy; bad input is named field by field', async ({
  page,
}) => {
  const lab = await startRemoteMode();
  try {
    const api = apiAs(lab.server.url, 'alice');
    await page.goto(lab.host.url);
    await signIn(page, 'alice', demoPassword);
    const section = await openPolicies(page);
    await section.getByRole('button', { name: 'New policy' }).click();
    const form = section.getByRole('form', { name: 'New policy' });
    await expect(form.getByTestId('policy-edits-apply')).toHaveText(
      'Edits apply to new sessions; running sessions keep what they started with.',
    );

    // Checked in the form: no name, no credential kind, a duration that is not a number, a level without a name.
    await form.getByLabel('Shared credential').uncheck();
    await form.getByLabel('Maximum duration (minutes)').fill('abc');
    await form.getByRole('button', { name: 'Add an access level' }).click();
    await form.getByRole('button', { name: 'Create policy' }).click();
    await expect(form.getByRole('alert')).toHaveText([
      'is required',
      'needs at least one kind',
      'must be a whole number of minutes from 1 to 10080',
      'is required',
    ]);
    await expect(form.getByLabel('Maximum duration (minutes)')).toHaveValue('abc');

    // Checked by the server: two levels of the same name.
    await form.getByLabel('Name', { exact: true }).fill('Database admins');
    await form.getByLabel('Shared credential').check();
    await form.getByLabel('Maximum duration (minutes)').fill('120');
    await form.getByRole('button', { name: 'Add an access level' }).click();
    const first = form.getByRole('group', { name: 'Access level 1' });
    const second = form.getByRole('group', { name: 'Access level 2' });
    await first.getByLabel('Level name').fill('read-only');
    await first.getByLabel('Target account').fill('svc-ro');
    await second.getByLabel('Level name').fill('READ-ONLY');
    await form.getByRole('button', { name: 'Create policy' }).click();
    await expect(form.getByTestId('policy-error')).toHaveText('BAD_REQUEST');
    await expect(second.getByRole('alert')).toHaveText('is the name of another level');
    await expect(first.getByLabel('Target account')).toHaveValue('svc-ro');

    await second.getByLabel('Level name').fill('admin');
    await second.getByLabel('Target account').fill('root');
    await second.getByLabel('Needs pre-approval').check();
    await form.getByRole('group', { name: 'People' }).getByLabel('Search people').fill('erin');
    await form.getByRole('group', { name: 'People' }).getByLabel('Erin Engineer (erin)').check();
    await form.getByRole('group', { name: 'Computers' }).getByLabel('web-01 (SSH)').check();
    await form.getByLabel('Computers by tag').fill('linux, db');
    await form.getByLabel('Terms text').fill('Only for database work.');
    await expect(form.getByTestId('terms-preview')).toHaveText('Only for database work.');
    await form.getByLabel('Record sessions').uncheck();
    await expect(form.getByLabel('Terms preview')).toContainText('This session is not recorded.');
    await form.getByRole('button', { name: 'Create policy' }).click();
    const edit = section.getByRole('form', { name: 'Edit Database admins' });
    await expect(edit.getByRole('heading', { name: 'Edit Database admins (revision 1)' })).toBeVisible();
    const row = section.getByRole('row', { name: 'Database admins' });
    await expect(row).toContainText('1 people, 0 groups');
    await expect(row).toContainText('1 picked, tags db, linux');
    await expect(row).toContainText('not recorded');

    // Someone else saves the policy meanwhile: this save is refused as stale, and Reload keeps the typing.
    const { policies } = (await api('GET', '/api/admin/policies')) as { policies: Array<{ id: string; name: string }> };
    const id = policies.find((p) => p.name === 'Database admins')?.id ?? '';
    const theirs = await api('GET', `/api/admin/policies/${id}`);
    await api('PATCH', `/api/admin/policies/${id}`, { ...theirs, terms: 'Changed by someone else.' });
    await edit.getByLabel('Maximum duration (minutes)').fill('90');
    await edit.getByRole('button', { name: 'Save policy' }).click();
    await expect(edit.getByTestId('policy-error')).toHaveText('STALE_REVISION');
    await edit.getByRole('button', { name: 'Reload, keeping what I typed' }).click();
    await expect(edit.getByRole('heading', { name: 'Edit Database admins (revision 2)' })).toBeVisible();
    await expect(edit.getByLabel('Maximum duration (minutes)')).toHaveValue('90');
    await edit.getByRole('button', { name: 'Save policy' }).click();
    await expect(edit.getByRole('heading', { name: 'Edit Database admins (revision 3)' })).toBeVisible();
    expect(await api('GET', `/api/admin/policies/${id}`)).toMatchObject({ maxDurationMinutes: 90, revision: 3 });
    await section.getByRole('heading', { name: 'Access request policies' }).scrollIntoViewIfNeeded();
    await readmeShot(page, 'admin-policies');

    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = section.getByRole('alertdialog', { name: 'Delete Database admins' });
    await expect(confirm).toContainText('Its session history stays.');
    await confirm.getByRole('button', { name: 'Delete policy' }).click();
    await expect(row).toHaveCount(0);
    await expect(edit).toHaveCount(0);
  } finally {
    await lab.stop();
  }
});
