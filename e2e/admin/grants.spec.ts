import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { reportLogsOnFailure } from '../support/realLab';
import { startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { openShell } from '../support/realShell';
import { readmeShot } from '../support/readmeShots';
import { signInHeadless } from '../support/signIn';

/**
 * Grants in the Administration area against a real sshd behind real guacd: Bob (an access
 * manager) grants Erin the Root level of "Granted lab" in the UI; Erin connects under it; the
 * grant runs out and Connect greys out with GRANT_EXPIRED; a revoked grant ends the session it
 * runs. Bob and Erin each use their own app, in two browser contexts.
 */

test.describe.configure({ timeout: 240_000 });

const grantedTerms = 'Granted lab: Root needs a grant.';

/** Alice, through the API: granted-ssh (the real sshd), its credential, and "Granted lab" whose one level, Root, needs a grant. */
async function setUpGrantedLab(lab: RealGatewayLab) {
  const signedIn = await signInHeadless(lab.server.url, 'alice', demoPassword);
  if ('refused' in signedIn) throw new Error(signedIn.refused);
  const call = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, lab.server.url), {
      method,
      headers: { authorization: `Bearer ${signedIn.tokens.access_token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { persons } = (await call('GET', '/api/admin/persons')) as { persons: Array<{ id: string; username: string }> };
  const erin = persons.find((p) => p.username === 'erin')?.id;
  const group = await call('POST', '/api/admin/groups', { name: 'Granted operators', members: [erin] });
  const computer = await call('POST', '/api/admin/computers', {
    name: 'granted-ssh',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: lab.ssh.port,
  });
  await call('POST', '/api/admin/credentials', {
    computerId: computer['id'],
    username: lab.account.name,
    secret: lab.account.password,
  });
  await call('POST', '/api/admin/policies', {
    name: 'Granted lab',
    persons: [erin],
    computers: [computer['id']],
    credentialKinds: ['shared'],
    accessLevels: [{ name: 'Root', preApproval: true, groups: [group['id']] }],
    terms: grantedTerms,
  });
}

/** Administration → Grants. */
async function openGrants(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Grants' }).click();
  return page.getByRole('region', { name: 'Grants' });
}

/** A datetime-local value `seconds` from now, to the second (never on :00, which the input would shorten). */
function localIn(seconds: number): string {
  let at = new Date(Date.now() + seconds * 1000);
  if (at.getSeconds() === 0) at = new Date(at.getTime() + 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}T${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())}`;
}

/** Bob grants Erin Root on Granted lab; `ends` is the End field's value, or the default when unset. */
async function grantErinRoot(grants: ReturnType<Page['getByRole']>, ends?: string) {
  const form = grants.getByRole('form', { name: 'Grant access' });
  await form.getByLabel('Find a person').fill('erin');
  await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Erin Engineer (erin)' });
  await form.getByLabel('Policy', { exact: true }).selectOption({ label: 'Granted lab' });
  await form.getByLabel('Access level', { exact: true }).selectOption({ label: 'Root (pre-approval)' });
  if (ends) await form.getByLabel('Ends', { exact: true }).fill(ends);
  await form.getByRole('button', { name: 'Grant access' }).click();
  const row = grants.getByRole('table', { name: 'Active grants' }).getByRole('row', {
    name: 'Grant of Root (Granted lab) to erin',
  });
  await expect(row).toContainText('Active');
  return row;
}

/** Erin's row on My Resources, read afresh. */
async function grantedRow(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Home' }).click();
  await nav.getByRole('button', { name: 'My Resources' }).click();
  return page.getByRole('row', { name: /granted-ssh/ });
}

/** Erin connects to granted-ssh under her grant, until its tab runs a shell. */
async function openGranted(page: Page, lab: RealGatewayLab) {
  await openShell(page, 'granted-ssh', lab.account, lab.guacd, async () => {
    const row = await grantedRow(page);
    await row.getByRole('button', { name: 'Connect to granted-ssh' }).click();
    await expect(page.getByText(grantedTerms)).toBeVisible();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
  });
  return page.getByRole('region', { name: 'Session granted-ssh' });
}

test.describe('with a real sshd', () => {
  let lab: RealGatewayLab | undefined;
  test.beforeEach(async () => {
    lab = await startRealGatewayLab();
    await setUpGrantedLab(lab);
  });
  test.afterEach(async () => {
    await reportLogsOnFailure(test.info(), lab?.logs() ?? {});
    await lab?.stop();
  });

  test('grant an access level with a short expiry and watch it expire', async ({ browser }) => {
    const erin = await lab!.appOf(browser, 'erin');
    const before = await grantedRow(erin);
    await expect(before.locator('[data-code="ACCESS_LEVEL_NOT_APPROVED"]')).toBeVisible();
    await expect(before.getByRole('button', { name: 'Connect to granted-ssh' })).toBeDisabled();

    const bob = await lab!.appOf(browser, 'bob');
    const grants = await openGrants(bob);
    const ends = localIn(45);
    await grantErinRoot(grants, ends);

    const tab = await openGranted(erin, lab!);
    await tab.getByRole('button', { name: /^(End session|Close)$/ }).click();
    await expect(tab).toHaveCount(0);

    // The grant runs out: Connect greys out with the reason, and Bob sees it expired.
    await expect
      .poll(async () => (await grantedRow(erin)).locator('[data-code="GRANT_EXPIRED"]').count(), {
        timeout: 70_000,
        intervals: [2000],
      })
      .toBe(1);
    const after = erin.getByRole('row', { name: /granted-ssh/ });
    await expect(after).toContainText('Your grant for this access level has ended');
    await expect(after.getByRole('button', { name: 'Connect to granted-ssh' })).toBeDisabled();
    await grants.getByRole('button', { name: 'Refresh' }).click();
    const expired = grants
      .getByRole('table', { name: 'Expired and revoked grants' })
      .getByRole('row', { name: 'Grant of Root (Granted lab) to erin' });
    await expect(expired).toContainText('Expired');
    await expect(expired).toContainText('bob');
    await expect(grants.getByText('No active grants.')).toBeVisible();
    await readmeShot(grants, 'admin-grants');
  });

  test('revoke a grant while its session runs', async ({ browser }) => {
    const bob = await lab!.appOf(browser, 'bob');
    const grants = await openGrants(bob);
    const row = await grantErinRoot(grants);
    const erin = await lab!.appOf(browser, 'erin');
    const tab = await openGranted(erin, lab!);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await grants.getByRole('group', { name: 'Confirm revoke' }).getByRole('button', { name: 'Revoke grant' }).click();
    await expect(tab.getByTestId('session-error-code')).toHaveText('GRANT_REVOKED', { timeout: 15_000 });
    await expect(tab.getByTestId('session-error-message')).toContainText(
      'bob revoked your grant (Root on Granted lab), so this session has ended.',
    );
    const revoked = grants
      .getByRole('table', { name: 'Expired and revoked grants' })
      .getByRole('row', { name: 'Grant of Root (Granted lab) to erin' });
    await expect(revoked).toContainText('Revoked by bob');
    const again = await grantedRow(erin);
    await expect(again.locator('[data-code="ACCESS_LEVEL_NOT_APPROVED"]')).toBeVisible();
  });
});

test('the grant form names each bad field, keeps what was typed, and refuses a grant for oneself', async ({ page }) => {
  const lab = await startRemoteMode();
  try {
    await page.goto(lab.host.url);
    await signIn(page, 'bob', demoPassword);
    const grants = await openGrants(page);
    const form = grants.getByRole('form', { name: 'Grant access' });
    await form.getByLabel('Ends', { exact: true }).fill(localIn(-3600));
    await form.getByRole('button', { name: 'Grant access' }).click();
    await expect(form.getByRole('alert')).toHaveText(['choose a person', 'choose a policy', 'must be in the future']);

    // Past the longest window: the server names the end, and the form keeps the person and policy.
    await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Erin Engineer (erin)' });
    await form.getByLabel('Policy', { exact: true }).selectOption({ label: 'Windows servers' });
    await form.getByLabel('Ends', { exact: true }).fill(localIn(100 * 24 * 3600));
    await form.getByRole('button', { name: 'Grant access' }).click();
    await expect(form.getByRole('alert')).toHaveText(/must be at most 2160 hours after the start/);
    await expect(form.getByLabel('Person', { exact: true })).toHaveValue(/.+/);
    await expect(form.getByLabel('Policy', { exact: true }).locator('option:checked')).toHaveText('Windows servers');

    await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Bob Manager (bob)' });
    await form.getByLabel('Ends', { exact: true }).fill(localIn(3600));
    await form.getByRole('button', { name: 'Grant access' }).click();
    await expect(form.getByTestId('grant-error')).toHaveText('SELF_APPROVAL');
    await expect(form.getByRole('alert')).toContainText('Nobody may grant themselves access');
    await expect(grants.getByText('No active grants.')).toBeVisible();

    await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Erin Engineer (erin)' });
    await form.getByRole('button', { name: 'Grant access' }).click();
    await expect(
      grants
        .getByRole('table', { name: 'Active grants' })
        .getByRole('row', { name: 'Grant of Windows servers (every level) to erin' }),
    ).toContainText('Active');
  } finally {
    await lab.stop();
  }
});
