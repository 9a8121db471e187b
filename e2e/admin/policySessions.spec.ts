import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiAs, openPolicy } from '../support/policiesPage';
import {
  newestRecording,
  openRealSsh,
  realLabTerms,
  startRealGatewayLab,
  type RealGatewayLab,
} from '../support/realGateway';
import { reportLogsOnFailure, textOf } from '../support/realLab';
import { openShell, typeCommandThatWritesAFile } from '../support/realShell';
import { createAccount } from '../support/realTargets';

/**
 * Policy edits against a real sshd behind real guacd: an access level's target account decides
 * which account the session logs in as, and an edit applies to new sessions while a running
 * one keeps what it started with (its recording, its revision on the Live view).
 */

// A login lost to a known race is tried again (support/realShell.ts): up to three logins of 15 s.
test.describe.configure({ timeout: 180_000 });
let lab: RealGatewayLab | undefined;

test.beforeEach(async () => {
  // A recording is stored once its file has not grown for 300 ms (2 s by default).
  lab = await startRealGatewayLab({ OPENPSM_RECORDING_SETTLE_MS: '300' });
});
test.afterEach(async () => {
  if (lab) await reportLogsOnFailure(test.info(), lab.logs());
  await lab?.stop();
  lab = undefined;
});

/** Connect to real-ssh from My Resources, check the terms page with `check`, and agree. */
async function connect(page: Page, check: () => Promise<void>) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My Resources' }).click();
  await page
    .getByRole('row', { name: /real-ssh/ })
    .getByRole('button', { name: 'Connect to real-ssh' })
    .click();
  await expect(page.getByText(realLabTerms)).toBeVisible();
  await check();
  await page.getByRole('button', { name: 'Agree and connect' }).click();
}

async function endSession(page: Page) {
  const tab = page.getByRole('region', { name: 'Session real-ssh' });
  await tab.getByRole('button', { name: /^(End session|Close)$/ }).click();
  await expect(tab).toHaveCount(0);
}

test('an access level whose target account differs: the session logs in as that account', async ({ browser }) => {
  const readOnly = createAccount();
  try {
    const api = apiAs(lab!.server.url, 'alice');
    const { computers } = (await api('GET', '/api/admin/computers?search=real-ssh')) as {
      computers: Array<{ id: string }>;
    };
    await api('POST', '/api/admin/credentials', {
      computerId: computers[0]?.id,
      username: readOnly.name,
      secret: readOnly.password,
    });
    const { persons } = (await api('GET', '/api/admin/persons')) as {
      persons: Array<{ id: string; username: string }>;
    };
    const erinId = persons.find((p) => p.username === 'erin')?.id;
    await api('POST', '/api/admin/groups', { name: 'Read-only people', members: [erinId] });

    const alice = await lab!.appOf(browser, 'alice');
    const form = await openPolicy(alice, 'Real lab');
    await form.getByRole('button', { name: 'Add an access level' }).click();
    const level = form.getByRole('group', { name: 'Access level 1' });
    await level.getByLabel('Level name').fill('read-only');
    await level.getByLabel('Target account').fill(readOnly.name);
    await level.getByRole('group', { name: 'Groups carrying the level' }).getByLabel('Read-only people').check();
    await form.getByRole('button', { name: 'Save policy' }).click();
    await expect(form.getByRole('heading', { name: 'Edit Real lab (revision 2)' })).toBeVisible();

    const erin = await lab!.appOf(browser, 'erin');
    await openShell(erin, 'real-ssh', readOnly, lab!.guacd, () =>
      connect(erin, () => expect(erin.getByText(/Access level read-only/)).toBeVisible()),
    );
    // whoami, typed in the session, names the level's account, not the default credential's.
    const file = path.join(readOnly.workDir, 'whoami.txt');
    await erin.getByRole('region', { name: 'Session real-ssh' }).getByTestId('session-screen').click();
    await erin.keyboard.type(`whoami > ${file}`);
    await erin.keyboard.press('Enter');
    await expect.poll(() => textOf(file), { timeout: 15_000 }).toBe(`${readOnly.name}\n`);
    expect(readOnly.name).not.toBe(lab!.account.name);
    await endSession(erin);
  } finally {
    await readOnly.remove();
  }
});

test('recording turned off in an edit: the next session is not recorded, the running one keeps its recording', async ({
  browser,
}) => {
  const erin = await lab!.appOf(browser, 'erin');
  await openRealSsh(erin, lab!);
  const erinRecording = newestRecording(path.join(lab!.server.dataDir, 'recordings'));

  const alice = await lab!.appOf(browser, 'alice');
  const form = await openPolicy(alice, 'Real lab');
  await form.getByRole('group', { name: 'People' }).getByLabel('Alice Admin (alice)').check();
  await form.getByLabel('Record sessions').uncheck();
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form.getByRole('heading', { name: 'Edit Real lab (revision 2)' })).toBeVisible();
  await openShell(alice, 'real-ssh', lab!.account, lab!.guacd, () =>
    connect(alice, () => expect(alice.getByTestId('terms-recorded')).toHaveText('This session is not recorded.')),
  );

  // The Live view: each session under the revision it started with, and recorded as it started.
  const bob = await lab!.appOf(browser, 'bob');
  await bob.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Live' }).click();
  const erinRow = bob.getByRole('row', { name: 'Erin Engineer on real-ssh' });
  const aliceRow = bob.getByRole('row', { name: 'Alice Admin on real-ssh' });
  await expect(erinRow.getByTestId('live-policy')).toHaveText('Real lab · revision 1');
  await expect(erinRow).toContainText('Recorded');
  await expect(aliceRow.getByTestId('live-policy')).toHaveText('Real lab · revision 2');
  await expect(aliceRow).toContainText('Not recorded');

  // Erin's running session still records what she types after the edit.
  const command = await typeCommandThatWritesAFile(erin, 'real-ssh', lab!.account);
  await erin.waitForTimeout(1000);
  await endSession(erin);
  await endSession(alice);

  const carol = await lab!.appOf(browser, 'carol');
  await carol.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
  const row = carol.getByTestId(`recording-${erinRecording}`);
  await expect(row.getByTestId('recording-status')).toHaveText('Stored (local)', { timeout: 15_000 });
  await expect(carol.getByRole('button', { name: 'Play the recording of real-ssh by Alice Admin' })).toHaveCount(0);
  await row.getByRole('button', { name: 'Play the recording of real-ssh by Erin Engineer' }).click();
  const player = carol.getByRole('region', { name: 'Recording of real-ssh by Erin Engineer' });
  await expect(player.getByRole('complementary', { name: 'Typed text' })).toContainText(command);
});
