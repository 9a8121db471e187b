import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { scanStoredData } from '../../scripts/secretScan';
import { demoPassword, signIn } from '../support/controlPlane';
import { ownerPage, recordingsPage, recordSession, startRecordingLab, type StoreKind } from '../support/recordingLab';
import { readmeShot } from '../support/readmeShots';

test.describe.configure({ timeout: 90_000 });

const storeLabels: Record<StoreKind, string> = { local: 'local', s3: 's3', azure: 'azure' };

/** The position the player shows, in ms. */
const position = async (player: Locator) => Number(await player.getByTestId('player-position').getAttribute('data-ms'));
/** A picture of the player's screen. */
const screen = (player: Locator) => player.getByTestId('player-screen').screenshot();

async function playRecording(page: Page, sessionId: string): Promise<Locator> {
  await page
    .getByTestId(`recording-${sessionId}`)
    .getByRole('button', { name: /^Play the recording/ })
    .click();
  const player = page.getByRole('region', { name: /^Recording of lab-ssh/ });
  await expect(player.getByTestId('player-screen')).toHaveAttribute('data-ready', 'yes', { timeout: 10_000 });
  // The mark the first-frame benchmark waits for.
  await expect(player.getByTestId('player-screen')).toHaveAttribute('data-first-frame', 'drawn');
  return player;
}

for (const kind of ['local', 's3', 'azure'] as const) {
  test(`a session's recording lands in the ${kind} store with the bytes guacd wrote (same SHA-256), and neither it nor the index holds an injected secret`, async ({
    browser,
  }) => {
    const rec = await startRecordingLab(kind);
    try {
      const erin = await ownerPage(browser, rec.lab);
      const written = await recordSession(erin, rec.lab, `echo stored-in-${kind}`);
      const bob = await recordingsPage(browser, rec.lab, 'bob');
      const row = bob.getByTestId(`recording-${written.file}`);
      await expect(row.getByTestId('recording-status')).toHaveText(`Stored (${storeLabels[kind]})`, {
        timeout: 15_000,
      });
      await expect(row).toContainText('Erin Engineer');
      expect(await rec.storedSha256(written.file)).toBe(written.sha256);
      const listed = (await rec.lab.api('POST', '/api/recordings/search', 'bob', {})).body['recordings'] as Array<
        Record<string, unknown>
      >;
      expect(listed.find((r) => r['fileName'] === written.file)).toMatchObject({
        sha256: written.sha256,
        bytes: written.bytes,
        store: kind,
      });
      // Stored, so gone from guacd's folder.
      expect(fs.existsSync(path.join(rec.dataDir, 'recordings', written.file))).toBe(false);
      expect(scanStoredData(rec.storedPaths(), rec.injectedSecrets)).toEqual([]);
    } finally {
      await rec.stop();
    }
  });
}

test('with the store stopped, the upload is retried, then quarantined as not uploaded with the error, and stored on Retry once the store is back', async ({
  browser,
}) => {
  // Retries 1.5 s apart, so "Storing" with the last failure shows between them.
  const rec = await startRecordingLab('s3', { OPENPSM_UPLOAD_RETRY_MS: '1500' });
  try {
    const erin = await ownerPage(browser, rec.lab);
    const bob = await recordingsPage(browser, rec.lab, 'bob');
    const written = await recordSession(
      erin,
      rec.lab,
      'echo while-the-store-is-down',
      () => rec.objectStore?.stop() ?? Promise.resolve(),
    );
    const row = bob.getByTestId(`recording-${written.file}`);
    // Retrying: the list refreshes itself and shows the last failure.
    await bob.getByRole('button', { name: 'Search' }).click();
    await expect(row.getByTestId('recording-status')).toHaveText('Storing', { timeout: 10_000 });
    await expect(row.getByTestId('recording-error')).toContainText('ECONNREFUSED', { timeout: 10_000 });
    await expect(row.getByTestId('recording-status')).toHaveText('Not uploaded', { timeout: 15_000 });
    await expect(row.getByTestId('recording-error')).toContainText('ECONNREFUSED');
    const quarantined = path.join(rec.dataDir, 'recordings-quarantine', written.file);
    expect(fs.existsSync(quarantined)).toBe(true);
    const listed = (await rec.lab.api('POST', '/api/recordings/search', 'bob', {})).body['recordings'] as Array<
      Record<string, unknown>
    >;
    expect(listed.find((r) => r['fileName'] === written.file)?.['attempts']).toBe(3);
    // It still plays from quarantine.
    const player = await playRecording(bob, written.file);
    await player.getByRole('button', { name: 'Close player' }).click();

    await rec.objectStore?.start();
    await row.getByRole('button', { name: 'Retry upload' }).click();
    await expect(row.getByTestId('recording-status')).toHaveText('Stored (s3)', { timeout: 15_000 });
    expect(await rec.storedSha256(written.file)).toBe(written.sha256);
    expect(fs.existsSync(quarantined)).toBe(false);
  } finally {
    await rec.stop();
  }
});

test('playback shows the first frame, seeks forward and back to the same picture, and plays faster at ×8; search by typed text jumps to the moment', async ({
  browser,
}) => {
  const rec = await startRecordingLab('local');
  try {
    const erin = await ownerPage(browser, rec.lab);
    // Two seconds more than the other recordings: the double holds its frames for a client that lags
    // (as guacd does), so on a loaded machine a 4 s session recorded less than the 3 s this test seeks.
    const written = await recordSession(erin, rec.lab, 'uname -a', () => erin.waitForTimeout(2000));
    await recordSession(erin, rec.lab, 'echo another-session');
    const bob = await recordingsPage(browser, rec.lab, 'bob');
    await expect(bob.getByTestId(`recording-${written.file}`).getByTestId('recording-status')).toHaveText(
      'Stored (local)',
      { timeout: 15_000 },
    );

    const player = await playRecording(bob, written.file);
    await expect(player.getByTestId('player-position')).toContainText('0:00 /');
    expect(await position(player)).toBeLessThan(100);
    const first = await screen(player);
    await player.getByRole('slider', { name: 'Timeline' }).fill('3000');
    await expect.poll(() => position(player)).toBeGreaterThan(2000);
    expect(await position(player)).toBeLessThanOrEqual(3000);
    const later = await screen(player);
    expect(later.equals(first)).toBe(false);
    // The README's picture of the player.
    await readmeShot(bob, 'recordings-player');
    await player.getByRole('slider', { name: 'Timeline' }).press('Home');
    await expect.poll(() => position(player)).toBeLessThan(100);
    await expect.poll(async () => (await screen(player)).equals(first)).toBe(true);

    // ×8: the whole recording plays in well under its length.
    const length = Number(await player.getByRole('slider', { name: 'Timeline' }).getAttribute('max'));
    expect(length).toBeGreaterThan(3000);
    await player.getByRole('button', { name: '×8' }).click();
    await expect(player.getByRole('button', { name: '×8' })).toHaveAttribute('aria-pressed', 'true');
    const started = Date.now();
    await player.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(player.getByRole('button', { name: 'Play', exact: true })).toBeVisible({ timeout: length });
    expect(Date.now() - started).toBeLessThan(length / 2);
    expect(await position(player)).toBeGreaterThan(length - 1500);
    // The typed text sits beside the timeline; clicking a line jumps there.
    await expect(player.getByRole('complementary', { name: 'Typed text' })).toContainText('uname -a');
    await player
      .getByRole('complementary', { name: 'Typed text' })
      .getByRole('button', { name: /uname -a/ })
      .click();
    await expect.poll(() => position(player)).toBeLessThan(length - 1500);
    await player.getByRole('button', { name: 'Close player' }).click();

    // Search by typed text: only the right recording, with the moment it was typed.
    await bob.getByRole('searchbox', { name: 'Text typed or shown' }).fill('UNAME');
    await bob.getByRole('button', { name: 'Search' }).click();
    await expect(bob.getByTestId('recordings-count')).toHaveText('1 found');
    const index = (
      await rec.lab.api(
        'GET',
        `/api/recordings/${String(((await rec.lab.api('POST', '/api/recordings/search', 'bob', { text: 'uname' })).body['recordings'] as Array<Record<string, unknown>>)[0]?.['id'])}/index`,
        'bob',
      )
    ).body as { keys: Array<{ atMs: number; text: string }> };
    const typedAt = index.keys.find((k) => k.text === 'uname -a')?.atMs ?? -1;
    expect(typedAt).toBeGreaterThan(1000);
    await bob.getByRole('button', { name: /▶ .* uname -a/ }).click();
    const opened = bob.getByRole('region', { name: /^Recording of lab-ssh/ });
    await expect(opened.getByTestId('player-screen')).toHaveAttribute('data-ready', 'yes', { timeout: 10_000 });
    expect(Math.abs((await position(opened)) - typedAt)).toBeLessThan(1100);
  } finally {
    await rec.stop();
  }
});

test('only access managers and auditors reach recordings: an administrator has no Recordings view and the server refuses them the keystroke index', async ({
  browser,
}) => {
  const rec = await startRecordingLab('local');
  try {
    const erin = await ownerPage(browser, rec.lab);
    const written = await recordSession(erin, rec.lab, 'echo for-auditors');
    await erin.getByRole('button', { name: 'Sign out' }).click();
    await expect(erin.getByTestId('signed-in-person')).toHaveCount(0);
    await erin.close();
    const carol = await recordingsPage(browser, rec.lab, 'carol');
    await expect(carol.getByTestId(`recording-${written.file}`).getByTestId('recording-status')).toHaveText(
      'Stored (local)',
      { timeout: 15_000 },
    );
    const id = String(
      (
        (await rec.lab.api('POST', '/api/recordings/search', 'carol', {})).body['recordings'] as Array<
          Record<string, unknown>
        >
      )[0]?.['id'],
    );
    expect((await rec.lab.api('GET', `/api/recordings/${id}/index`, 'carol')).status).toBe(200);
    await carol.getByRole('button', { name: 'Sign out' }).click();
    await expect(
      carol.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }),
    ).toHaveCount(0);
    await carol.close();

    const alice = await (await browser.newContext()).newPage();
    await alice.goto(rec.lab.env.host.url);
    await signIn(alice, 'alice', demoPassword);
    await expect(alice.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Vault' })).toBeVisible();
    await expect(
      alice.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }),
    ).toHaveCount(0);
    for (const username of ['alice', 'erin']) {
      const index = await rec.lab.api('GET', `/api/recordings/${id}/index`, username);
      expect(index).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
      expect(
        (await rec.lab.api('POST', '/api/recordings/search', username, { text: 'for-auditors' })).body['code'],
      ).toBe('FORBIDDEN_ROLE');
    }
  } finally {
    await rec.stop();
  }
});
