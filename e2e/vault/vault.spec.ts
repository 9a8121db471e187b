import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { startControlPlane, startHost, type Host } from '../support/processes';
import { addCredential, createVault as createVaultWith, unlock } from '../support/vaultUi';
import { readmeShot } from '../support/readmeShots';

const createVault = (page: Page, password = master) => createVaultWith(page, password);

/** Test data, allow-listed in the secret scan. */
const master = 'e2e-Master-Tulip-Orbit-91';
const newMaster = 'e2e-Second-Cascade-Lantern-27';
const credentialSecret = 'e2e-Personal-Secret-3141';
const offlineSecret = 'e2e-Offline-Secret-2718';
const privateKey = 'e2e-Private-Key-Body-1618';

/** What the page's clipboard holds (the e2e code is typed for Node, so the browser's globals are named here). */
const readClipboard = (page: Page) =>
  page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );

test('first use, a wrong master password re-prompts (waiting longer on repeats) without losing the sign-in, reveal and copy with clearing', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const env = await startRemoteMode(
    {},
    { OPENPSM_VAULT_UNLOCK_BACKOFF_MS: '2000' },
    { idleLockSeconds: 900, clipboardClearSeconds: 2 },
  );
  try {
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    // The offer to create a master password is on Home (and Vault), not on My Resources.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'Create master password' }).click();
    await expect(
      page.getByText('Nobody, not even an administrator, can reset or recover your master password.'),
    ).toBeVisible();
    await page.getByLabel('Master password (at least 12 characters)').fill('password1234');
    await expect(page.getByTestId('strength-label')).toHaveText('Very weak');
    await page.getByLabel('Master password (at least 12 characters)').fill(master);
    await expect(page.getByTestId('strength-label')).toHaveText('Strong');
    // No OS keychain on this test machine: the option is off and says why.
    await expect(page.getByRole('checkbox', { name: /Remember on this device/ })).toBeDisabled();
    await expect(page.getByText('This device has no OS keychain')).toBeVisible();
    await page.getByLabel('Master password again').fill(master);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect(page.getByRole('heading', { name: 'Personal credentials' })).toBeVisible();
    await addCredential(page, 'db-01 ops', credentialSecret, 'db-01');
    await expect(page.getByTestId('credential-row')).toContainText(['db-01 ops' + 'ops' + 'Password' + 'db-01']);

    await page.keyboard.press('Control+Shift+L');
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await unlock(page, 'not-my-master-password');
    await expect(page.getByRole('alert')).toContainText('Wrong master password');
    await expect(page.locator('[data-code="INVALID_MASTER_PASSWORD"]')).toBeVisible();
    await expect(page.getByLabel('Master password', { exact: true })).toHaveValue('');
    await unlock(page, 'still-not-my-password');
    await expect(page.getByRole('button', { name: /^Wait \d s$/ })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toBeEnabled({ timeout: 5000 });
    // The sign-in survived both refusals.
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
    await unlock(page, master);
    await expect(page.getByRole('heading', { name: 'Personal credentials' })).toBeVisible();
    await readmeShot(page, 'vault');
    const row = page.getByTestId('credential-row').filter({ hasText: 'db-01 ops' });
    await row.getByRole('button', { name: 'Reveal db-01 ops' }).click();
    await expect(row.getByTestId('revealed-secret')).toHaveText(credentialSecret);
    await row.getByRole('button', { name: 'Copy db-01 ops' }).click();
    await expect(page.getByText('The clipboard is cleared in 2 s.')).toBeVisible();
    expect(await readClipboard(page)).toBe(credentialSecret);
    await expect.poll(() => readClipboard(page), { timeout: 5000 }).toBe('');
    await page.getByRole('button', { name: 'My Resources', exact: true }).click();
    await expect(page.getByTestId('resource-row').first()).toBeVisible();
  } finally {
    await env.stop();
  }
});

test('offline: Unlock works after the server stops, an edit made offline is sent when it is back', async ({ page }) => {
  const env = await startRemoteMode({}, { OPENPSM_VAULT_SYNC_RETRY_MS: '500' });
  let restarted: Awaited<ReturnType<typeof startControlPlane>> | null = null;
  let relaunched: Host | null = null;
  try {
    await page.goto(env.host.url);
    await signIn(page, 'bob', demoPassword);
    await createVault(page);
    await addCredential(page, 'console root', credentialSecret);
    await expect(page.getByText(/Sending \d change/)).toHaveCount(0);
    await page.getByRole('button', { name: 'Lock vault' }).click();
    await env.server.stop();

    await unlock(page, master);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toContainText(
      'The control plane does not answer',
    );
    const row = page.getByTestId('credential-row').filter({ hasText: 'console root' });
    await row.getByRole('button', { name: 'Reveal console root' }).click();
    await expect(row.getByTestId('revealed-secret')).toHaveText(credentialSecret);
    await addCredential(page, 'made offline', offlineSecret);
    await expect(page.getByText('1 change will be sent when it is back.')).toBeVisible();

    const port = new URL(env.server.url).port;
    restarted = await startControlPlane({ OPENPSM_PORT: port }, env.server.dataDir);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0, { timeout: 10_000 });
    await expect(page.getByText(/change.* will be sent/)).toHaveCount(0);
    const db = new Database(path.join(env.server.dataDir, 'openpsm.db'), { readonly: true });
    const stored = db
      .prepare(
        "SELECT vaults.revision, items FROM vaults JOIN persons ON persons.id = vaults.person_id WHERE username = 'bob'",
      )
      .get() as { revision: number; items: string };
    db.close();
    expect(JSON.parse(stored.items)).toHaveLength(2);
    expect(stored.revision).toBe(3);

    // An outage at launch: nobody can sign in, yet the copy kept here unlocks.
    await env.host.stop();
    await restarted.stop();
    relaunched = await startHost({}, env.host.dataDir);
    // The host kept its port: the new link differs only in its fragment, so load it afresh.
    await page.goto('about:blank');
    await page.goto(relaunched.url);
    await page.getByRole('button', { name: 'Vault', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await expect(page.getByText("Bob Manager's personal credentials. The server does not answer")).toBeVisible();
    await unlock(page, master);
    await expect(page.getByTestId('credential-row').locator('th')).toHaveText(['console root', 'made offline']);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  } finally {
    await relaunched?.stop();
    await restarted?.stop();
    await env.stop();
  }
});

test('the vault locks itself after the idle time', async ({ page }) => {
  const env = await startRemoteMode({}, {}, { idleLockSeconds: 3, clipboardClearSeconds: 30 });
  try {
    await page.goto(env.host.url);
    await signIn(page, 'carol', demoPassword);
    await createVault(page);
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible({ timeout: 8000 });
    await expect(page.getByText('The vault locked after a time without activity.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lock vault' })).toHaveCount(0);
  } finally {
    await env.stop();
  }
});

test('no plaintext anywhere: a whole vault workflow leaves no master password or credential in the app data, the server, the logs or renderer-bound traffic', async ({
  page,
}) => {
  const frames: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) =>
      frames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8')),
    ),
  );
  const env = await startRemoteMode();
  try {
    await page.goto(env.host.url);
    await signIn(page, 'alice', demoPassword);
    await createVault(page);
    await addCredential(page, 'web-01 admin', credentialSecret, 'web-01');
    const row = page.getByTestId('credential-row').filter({ hasText: 'web-01 admin' });
    await row.getByRole('button', { name: 'Edit web-01 admin' }).click();
    await page.getByLabel('Name', { exact: true }).fill('web-01 administrator');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('credential-row').filter({ hasText: 'web-01 administrator' })).toBeVisible();
    await page.getByRole('button', { name: 'Add credential' }).click();
    const form = page.getByRole('form', { name: 'New personal credential' });
    await form.getByLabel('Name', { exact: true }).fill('deploy key');
    await form.getByLabel('Username').fill('deploy');
    await form.getByLabel('Kind').selectOption('private-key');
    await form.getByLabel('Private key (PEM or OpenSSH)').fill(privateKey);
    await form.getByRole('button', { name: 'Save' }).click();
    const keyRow = page.getByTestId('credential-row').filter({ hasText: 'deploy key' });
    await expect(keyRow).toContainText('Private key');
    page.once('dialog', (dialog) => void dialog.accept());
    await keyRow.getByRole('button', { name: 'Delete deploy key' }).click();
    await expect(keyRow).toHaveCount(0);

    await page.getByRole('button', { name: 'Change master password' }).click();
    await page.getByLabel('Current master password').fill(master);
    await page.getByLabel('New master password (at least 12 characters)').fill(newMaster);
    await page.getByLabel('New master password again').fill(newMaster);
    await page.getByRole('button', { name: 'Change master password' }).click();
    await expect(page.getByText('Your master password was changed.')).toBeVisible();
    await page.getByRole('button', { name: 'Lock vault' }).click();
    await unlock(page, master);
    await expect(page.locator('[data-code="INVALID_MASTER_PASSWORD"]')).toBeVisible();
    await unlock(page, newMaster);
    await expect(page.getByTestId('credential-row')).toHaveCount(1);
    await page.getByRole('button', { name: 'Lock vault' }).click();
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  } finally {
    await env.stop();
  }
  const filesUnder = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const places: Array<[string, Buffer]> = [
    ...[...filesUnder(env.host.dataDir), ...filesUnder(env.server.dataDir)].map((f): [string, Buffer] => [
      f,
      fs.readFileSync(f),
    ]),
    ['host output', Buffer.from([...env.host.stdout, ...env.host.stderr].join('\n'))],
    ['server output', Buffer.from([...env.server.stdout, ...env.server.stderr].join('\n'))],
    ['renderer-bound frames', Buffer.from(frames.join('\n'))],
  ];
  expect(frames.length).toBeGreaterThan(10);
  expect(places.some(([name]) => name.endsWith('.json') && name.includes(`${path.sep}vault${path.sep}`))).toBe(true);
  for (const [name, bytes] of places) {
    for (const secret of [master, newMaster, credentialSecret, privateKey])
      expect([name, bytes.includes(Buffer.from(secret))]).toEqual([name, false]);
  }
});
