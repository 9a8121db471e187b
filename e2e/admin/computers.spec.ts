import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, seedDemoData, seedRemoteMode, signIn, startRemoteMode } from '../support/controlPlane';
import { openComputers } from '../support/computersPage';
import { setUpFirstAdministrator } from '../support/firstSetup';
import { adminCaller } from '../support/groupsPage';
import { launchLine, root, startControlPlane, startHost, startNode, tempDataDir } from '../support/processes';
import { readmeShot } from '../support/readmeShots';
import { reportLogsOnFailure } from '../support/realLab';
import { openRealSsh, realLabTerms, startRealGatewayLab, type RealGatewayLab } from '../support/realGateway';
import { expectEnded } from '../support/sessionEnd';

/**
 * Administration → Computers as an administrator uses it: from an empty start, add, find, edit
 * and delete computers; the form's bad input and a stale edit; 5,000 computers a page at a time;
 * and with a real sshd behind real guacd: deleting a computer with a live session, and pinned host keys.
 */

test.describe.configure({ timeout: 150_000 });

/** Fills the form's common fields (the protocol first: it changes the port to its own). */
async function fillComputer(page: Page, fields: { name: string; protocol?: string; host: string; tags?: string }) {
  const form = page.getByRole('form', { name: 'New computer' });
  if (fields.protocol) await form.getByLabel('Protocol', { exact: true }).selectOption(fields.protocol);
  await form.getByLabel('Name', { exact: true }).fill(fields.name);
  await form.getByLabel('Host', { exact: true }).fill(fields.host);
  if (fields.tags) await form.getByLabel('Tags', { exact: true }).fill(fields.tags);
  return form;
}

test('from an empty start, the administrator adds, finds, edits and deletes computers', async ({ page }) => {
  const adminPassword = `Admin-${crypto.randomBytes(6).toString('hex')}`;
  const app = await startNode(
    [path.join(root, 'scripts/start.mjs')],
    { OPENPSM_APP_DATA_DIR: tempDataDir(), OPENPSM_FORCE_BROWSER_HOST: '1' },
    launchLine,
    90_000,
  );
  try {
    await setUpFirstAdministrator(page, app, adminPassword);
    const computers = await openComputers(page);
    await expect(computers.getByText('No computers match.')).toBeVisible();

    await computers.getByRole('button', { name: 'Add a computer' }).click();
    let form = await fillComputer(page, { name: 'db-01', host: 'db-01.lab', tags: 'prod, linux' });
    await form.getByRole('button', { name: 'Add computer' }).click();
    await expect(computers.getByRole('row', { name: 'Computer db-01' })).toContainText('db-01.lab:22');
    await computers.getByRole('button', { name: 'Close' }).click();
    await computers.getByRole('button', { name: 'Add a computer' }).click();
    form = await fillComputer(page, { name: 'win-01', protocol: 'rdp', host: '10.0.0.7', tags: 'prod' });
    await form.getByLabel('Domain', { exact: true }).fill('LAB');
    await form.getByLabel('Certificate', { exact: true }).selectOption('ignore');
    await form.getByRole('button', { name: 'Add computer' }).click();
    await expect(computers.getByRole('row', { name: 'Computer win-01' })).toContainText('10.0.0.7:3389');
    await expect(computers.getByTestId('computer-count')).toHaveText('1–2 of 2');

    // Finding: by text, protocol and tag.
    await computers.getByLabel('Search computers').fill('win');
    await expect(computers.getByRole('row', { name: /^Computer \S+$/ })).toHaveCount(1);
    await computers.getByLabel('Search computers').fill('');
    await computers.getByLabel('Protocol filter').selectOption('ssh');
    await expect(computers.getByRole('row', { name: /^Computer \S+$/ })).toHaveText([/db-01/]);
    await computers.getByLabel('Protocol filter').selectOption('');
    await computers.getByLabel('Tag filter').fill('linux');
    await expect(computers.getByRole('row', { name: /^Computer \S+$/ })).toHaveText([/db-01/]);
    await computers.getByLabel('Tag filter').fill('');

    // Editing keeps every field, and the list shows the change.
    await computers.getByRole('button', { name: 'db-01', exact: true }).click();
    const edit = computers.getByRole('form', { name: 'Edit db-01' });
    await expect(edit.getByLabel('Tags', { exact: true })).toHaveValue('linux, prod');
    await edit.getByLabel('Host', { exact: true }).fill('db-01.prod.lab');
    await edit.getByLabel('Port', { exact: true }).fill('2222');
    await edit.getByRole('button', { name: 'Save computer' }).click();
    await expect(edit.getByRole('status')).toHaveText('Saved.');
    await expect(computers.getByRole('row', { name: 'Computer db-01' })).toContainText('db-01.prod.lab:2222');

    // Deleting asks first.
    await computers.getByRole('button', { name: 'win-01', exact: true }).click();
    const opened = computers.getByRole('region', { name: 'Computer win-01' });
    await expect(opened.getByLabel('Domain', { exact: true })).toHaveValue('LAB');
    await opened.getByRole('button', { name: 'Delete computer' }).click();
    const confirm = opened.getByRole('group', { name: 'Confirm delete' });
    await expect(confirm).toContainText('Its session history, recordings and JIT accounts are kept');
    await confirm.getByRole('button', { name: 'Delete win-01' }).click();
    await expect(computers.getByRole('row', { name: 'Computer win-01' })).toHaveCount(0);
    await expect(computers.getByTestId('computer-count')).toHaveText('1–1 of 1');
  } finally {
    await app.stop();
  }
});

test('a refused computer keeps what was typed and names each bad field; a stale edit offers Reload', async ({
  page,
}) => {
  const lab = await startRemoteMode();
  const api = adminCaller(() => lab);
  try {
    await page.goto(lab.host.url);
    await signIn(page, 'alice', demoPassword);
    const computers = await openComputers(page);
    await computers.getByRole('button', { name: 'Add a computer' }).click();
    const form = await fillComputer(page, { name: '', host: 'db.lab', tags: 'prod, two words' });
    await form.getByLabel('Port', { exact: true }).fill('70000');
    await form.getByLabel('Pinned host key', { exact: true }).fill('SHA256:not-a-key');
    await form.getByRole('button', { name: 'Add computer' }).click();
    await expect(form.getByRole('alert')).toHaveText([
      'Name is required.',
      'Port must be 1-65535.',
      'Tags may hold letters, digits and . _ : - only.',
      /^Pinned host key must be a public host key as known_hosts holds it/,
    ]);
    await expect(form.getByLabel('Tags', { exact: true })).toHaveValue('prod, two words');
    await expect(form.getByLabel('Port', { exact: true })).toHaveValue('70000');
    await form.getByLabel('Name', { exact: true }).fill('web-01');
    await form.getByLabel('Port', { exact: true }).fill('22');
    await form.getByLabel('Tags', { exact: true }).fill('prod');
    await form.getByLabel('Pinned host key', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Add computer' }).click();
    await expect(form.getByTestId('computer-error')).toHaveText('CONFLICT');
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('web-01');

    // Someone else edits web-01 while this page has it open: Save is refused as stale, Reload keeps the typing.
    await computers.getByRole('button', { name: 'Close' }).click();
    await computers.getByLabel('Search computers').fill('web-01');
    await computers.getByRole('button', { name: 'web-01', exact: true }).click();
    const edit = computers.getByRole('form', { name: 'Edit web-01' });
    await edit.getByLabel('Tags', { exact: true }).fill('mine');
    const listed = (await api('GET', '/api/admin/computers?search=web-01')) as { computers: Array<{ id: string }> };
    const id = listed.computers[0]?.id ?? '';
    await api('PATCH', `/api/admin/computers/${id}`, { revision: 1, host: 'theirs.lab' });
    await edit.getByRole('button', { name: 'Save computer' }).click();
    await expect(edit.getByTestId('computer-error')).toHaveText('STALE_REVISION');
    await edit.getByRole('button', { name: 'Reload, keeping what I typed' }).click();
    await expect(edit.getByTestId('computer-error')).toHaveCount(0);
    await expect(edit.getByLabel('Tags', { exact: true })).toHaveValue('mine');
    await expect(edit.getByLabel('Host', { exact: true })).toHaveValue('theirs.lab');
    await edit.getByRole('button', { name: 'Save computer' }).click();
    await expect(computers.getByRole('row', { name: 'Computer web-01' })).toContainText('mine');
    await expect(computers.getByRole('row', { name: 'Computer web-01' })).toContainText('theirs.lab');
  } finally {
    await lab.stop();
  }
});

test('5,000 computers: a page of 50 at a time, "1–50 of 5,00x", filtered by protocol and tag', async ({ page }) => {
  const serverDir = tempDataDir();
  seedDemoData(serverDir);
  const db = new Database(path.join(serverDir, 'openpsm.db'));
  const insert = db.prepare(
    'insert into computers (id, name, protocol, host, port, jit_enabled, recording, live_monitoring) values (?, ?, ?, ?, ?, 0, 1, 1)',
  );
  const tag = db.prepare('insert into computer_tags (computer_id, tag) values (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 5000; i++) {
      const id = crypto.randomUUID();
      insert.run(
        id,
        `fleet-${String(i).padStart(4, '0')}`,
        i % 10 === 0 ? 'rdp' : 'ssh',
        `10.1.${i >> 8}.${i & 255}`,
        22,
      );
      if (i % 100 === 0) tag.run(id, 'edge');
    }
  })();
  const total = (db.prepare('select count(*) as n from computers').get() as { n: number }).n;
  db.close();
  const server = await startControlPlane({}, serverDir);
  const hostDir = tempDataDir();
  seedRemoteMode(hostDir, server.url);
  const host = await startHost({}, hostDir);
  try {
    await page.goto(host.url);
    await signIn(page, 'alice', demoPassword);
    const computers = await openComputers(page);
    const count = computers.getByTestId('computer-count');
    await expect(count).toHaveText(`1–50 of ${total.toLocaleString('en-US')}`);
    await expect(computers.getByRole('row', { name: /^Computer \S+$/ })).toHaveCount(50);
    await readmeShot(page, 'admin-computers');
    await computers.getByRole('button', { name: 'Next page' }).click();
    await expect(count).toHaveText(`51–100 of ${total.toLocaleString('en-US')}`);
    await computers.getByLabel('Search computers').fill('fleet-49');
    await expect(count).toHaveText('1–50 of 100');
    await computers.getByRole('button', { name: 'Next page' }).click();
    await expect(count).toHaveText('51–100 of 100');
    await expect(computers.getByRole('row', { name: /^Computer \S+$/ }).last()).toContainText('fleet-4999');
    await computers.getByLabel('Search computers').fill('fleet-');
    await computers.getByLabel('Tag filter').fill('edge');
    await computers.getByLabel('Protocol filter').selectOption('rdp');
    await expect(count).toHaveText('1–50 of 50');
  } finally {
    await host.stop();
    await server.stop();
  }
});

/** Opens real-ssh's form in Administration → Computers. */
async function openRealSshForm(page: Page) {
  const computers = await openComputers(page);
  await computers.getByLabel('Search computers').fill('real-ssh');
  await computers.getByRole('button', { name: 'real-ssh', exact: true }).click();
  return computers.getByRole('region', { name: 'Computer real-ssh' });
}

/** Pins `key` on real-ssh in its form and saves. */
async function pinHostKey(page: Page, key: string) {
  const opened = await openRealSshForm(page);
  await opened.getByLabel('Pinned host key', { exact: true }).fill(key);
  await opened.getByRole('button', { name: 'Save computer' }).click();
  await expect(opened.getByRole('status')).toHaveText('Saved.');
}

test.describe('with a real sshd and guacd', () => {
  let lab: RealGatewayLab | undefined;
  test.beforeEach(async () => {
    lab = await startRealGatewayLab();
  });
  test.afterEach(async () => {
    await reportLogsOnFailure(test.info(), lab?.logs() ?? {});
    await lab?.stop();
  });

  test('refuse deleting a computer that has a live session; End the sessions and delete ends it, keeping its recording', async ({
    browser,
  }) => {
    const erin = await lab!.appOf(browser, 'erin');
    await openRealSsh(erin, lab!);
    const alice = await lab!.appOf(browser, 'alice');
    const opened = await openRealSshForm(alice);
    await opened.getByRole('button', { name: 'Delete computer' }).click();
    const confirm = opened.getByRole('group', { name: 'Confirm delete' });
    await confirm.getByRole('button', { name: 'Delete real-ssh' }).click();
    await expect(confirm.getByTestId('delete-computer-error')).toHaveText('COMPUTER_IN_USE');
    await expect(confirm.getByRole('alert')).toContainText('real-ssh has 1 live session, so it was not deleted');
    await expect(erin.getByRole('region', { name: 'Session real-ssh' }).getByTestId('session-state')).toHaveText(
      'Connected',
    );
    await confirm.getByRole('button', { name: 'End the sessions and delete' }).click();
    const computers = alice.getByRole('region', { name: 'Computers', exact: true });
    await expect(computers.getByRole('row', { name: 'Computer real-ssh' })).toHaveCount(0);
    const tab = erin.getByRole('region', { name: 'Session real-ssh' });
    await expect(tab.getByTestId('session-error-code')).toHaveText('SESSION_TERMINATED', { timeout: 15_000 });
    await expect(tab.getByTestId('session-error-message')).toContainText('to delete the computer real-ssh');
    // The session's recording is kept, under the deleted computer's new name.
    const carol = await lab!.appOf(browser, 'carol');
    await carol.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
    await expect(carol.getByText(/^real-ssh \(deleted \d{4}-\d\d-\d\d [0-9a-f]{8}\)/).first()).toBeVisible();
  });

  test('a real SSH session with the pinned host key connects; a wrong pinned key is refused', async ({ browser }) => {
    const scanned = execFileSync('ssh-keyscan', ['-t', 'ed25519', '-p', String(lab!.ssh.port), '127.0.0.1'])
      .toString()
      .trim();
    const alice = await lab!.appOf(browser, 'alice');
    await pinHostKey(alice, scanned);
    const erin = await lab!.appOf(browser, 'erin');
    await openRealSsh(erin, lab!);
    const tab = erin.getByRole('region', { name: 'Session real-ssh' });
    await tab.getByRole('button', { name: /^(End session|Close)$/ }).click();
    await expect(tab).toHaveCount(0);

    const other = path.join(tempDataDir(), 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    await pinHostKey(alice, fs.readFileSync(`${other}.pub`, 'utf8'));
    await erin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My Resources' }).click();
    await erin
      .getByRole('row', { name: /real-ssh/ })
      .getByRole('button', { name: 'Connect to real-ssh' })
      .click();
    await expect(erin.getByText(realLabTerms)).toBeVisible();
    await erin.getByRole('button', { name: 'Agree and connect' }).click();
    await expectEnded(erin, tab, 'real-ssh', 'TARGET_HOST_KEY_REFUSED', 20_000);
    expect(lab!.guacd.log().join('\n')).toContain('Host key did not match');
  });
});
