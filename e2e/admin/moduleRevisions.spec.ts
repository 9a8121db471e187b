import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoPassword, signIn, startAnotherHost, startRemoteMode } from '../support/controlPlane';
import { adminCaller } from '../support/groupsPage';

/**
 * Records edited whole on one form carry a revision (issue 21 §6): two windows of the same
 * administrator edit the LDAP module, the second's save is refused as stale and its Reload keeps
 * the typing; audit forwarding refuses a save over someone else's the same way.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

const api = adminCaller(() => lab);

/** Signs alice in at `url` and opens Administration → Sign-in's LDAP form. */
async function openLdap(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('button', { name: 'Sign-in', exact: true })
    .click();
  return page.getByRole('region', { name: 'Sign-in', exact: true }).getByRole('form', { name: 'LDAP' });
}

/** Types a directory on loopback (plain LDAP needs no CA there) with this base DN. */
async function typeDirectory(ldap: Locator, baseDn: string) {
  await ldap.getByLabel('URL', { exact: true }).fill('ldap://127.0.0.1:3389');
  await ldap.getByLabel('Security').selectOption('plain');
  await ldap.getByLabel('Base DN').fill(baseDn);
}

test('two windows save the LDAP module: the second is refused as stale, Reload keeps its typing, and its save wins', async ({
  browser,
}) => {
  // Two app windows, each its own host and browser, both signed in as alice.
  const otherHost = await startAnotherHost(lab.server.url);
  const [first, second] = [await browser.newContext(), await browser.newContext()];
  try {
    const one = await openLdap(await first.newPage(), lab.host.url);
    const two = await openLdap(await second.newPage(), otherHost.url);
    await expect(two.getByLabel('Base DN')).toHaveValue('');

    await typeDirectory(one, 'dc=first,dc=test');
    await one.getByRole('button', { name: 'Save' }).click();
    await expect(one.getByRole('status')).toHaveText('Saved.');

    await typeDirectory(two, 'dc=second,dc=test');
    await two.getByLabel('Timeout (ms)').fill('7000');
    await two.getByRole('button', { name: 'Save' }).click();
    const refusal = two.getByRole('alert').filter({ hasText: 'STALE_REVISION' });
    await expect(refusal).toContainText('Someone saved the LDAP settings since you opened them (now revision 1)');
    await expect(two.getByRole('status')).toHaveCount(0);
    expect(await api('GET', '/api/admin/sign-in/ldap')).toMatchObject({
      config: { baseDn: 'dc=first,dc=test', timeoutMs: 5000 },
      revision: 1,
    });

    await two.getByRole('button', { name: 'Reload, keeping what I typed' }).click();
    await expect(refusal).toHaveCount(0);
    await expect(two.getByLabel('Base DN')).toHaveValue('dc=second,dc=test');
    await expect(two.getByLabel('Timeout (ms)')).toHaveValue('7000');
    await two.getByRole('button', { name: 'Save' }).click();
    await expect(two.getByRole('status')).toHaveText('Saved.');
    expect(await api('GET', '/api/admin/sign-in/ldap')).toMatchObject({
      config: { baseDn: 'dc=second,dc=test', timeoutMs: 7000 },
      revision: 2,
    });
  } finally {
    await first.close();
    await second.close();
    await otherHost.stop();
  }
});

test('audit forwarding: a save over someone else’s newer one is refused as stale; Reload keeps the typing, and saving again wins', async ({
  page,
}) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  const forwarding = page.getByRole('form', { name: 'Audit forwarding' });
  await expect(forwarding.getByLabel('Host')).toHaveValue('');

  // Another administrator saves first, from their own window.
  const other = { enabled: false, host: 'other.example.test', port: 6514, tls: true, caPem: '', revision: 0 };
  expect(await api('PUT', '/api/admin/audit-forwarding', other)).toMatchObject({ revision: 1 });

  await forwarding.getByLabel('Host').fill('mine.example.test');
  await forwarding.getByLabel('Port').fill('5514');
  await forwarding.getByRole('button', { name: 'Save forwarding' }).click();
  await expect(page.getByTestId('forwarding-error')).toHaveText('STALE_REVISION');
  await expect(forwarding.getByRole('alert')).toContainText(
    'Someone saved the audit forwarding settings since you opened them (now revision 1)',
  );
  await forwarding.getByRole('button', { name: 'Reload, keeping what I typed' }).click();
  await expect(forwarding.getByRole('alert')).toHaveCount(0);
  await expect(forwarding.getByLabel('Host')).toHaveValue('mine.example.test');
  await forwarding.getByRole('button', { name: 'Save forwarding' }).click();
  await expect(forwarding.getByRole('status')).toHaveText('Saved.');
  expect(await api('GET', '/api/admin/audit-forwarding')).toMatchObject({
    settings: { host: 'mine.example.test', port: 5514 },
    revision: 2,
  });
});
