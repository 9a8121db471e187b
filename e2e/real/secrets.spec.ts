import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, seedDemoData, seedRemoteMode, signIn } from '../support/controlPlane';
import { startControlPlane, startHost, tempDataDir, type Host, type Started } from '../support/processes';
import { grantSudo, setUpComputer, signInRemote } from '../support/realGateway';
import { startRealGuacd, type RealGuacd } from '../support/realGuacd';
import { reportLogsOnFailure } from '../support/realLab';
import { openShell, typeCommandThatWritesAFile } from '../support/realShell';
import {
  createAccount,
  startSshTarget,
  startTelnetTarget,
  type Target,
  type TestAccount,
} from '../support/realTargets';
import { signInHeadless } from '../support/signIn';

/**
 * Typed secrets and the terminal's text, through the gateway to real guacd 1.6.0 and a real
 * sshd: Erin types her account's password at a real `sudo` prompt, then a marker command and
 * an `echo` whose output only the screen showed. Carol, the auditor, finds neither the password
 * nor its keys, finds the marker as typed text and the output as shown text, and a hit opens the
 * player at its moment. The recording and its typescript are stored not world-readable.
 */

/** Whether a `sudo` of the account (its real uid) sleeps in a terminal read: PAM has flushed pending input and waits for the password. */
function sudoAwaitsPassword(uid: number): boolean {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s+sudo$/m.test(status) || !new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(status)) continue;
      if (/^(wait_woken|n_tty_read)$/.test(fs.readFileSync(`/proc/${pid}/wchan`, 'utf8').trim())) return true;
    } catch {
      // The process ended meanwhile.
    }
  }
  return false;
}

test.describe.configure({ timeout: 180_000 });
let account: TestAccount | undefined;
let revokeSudo: (() => void) | undefined;
let ssh: Target | undefined;
let telnet: Target | undefined;
let guacd: RealGuacd | undefined;
let server: (Started & { url: string; dataDir: string }) | undefined;
let host: Host | undefined;
let auditorHost: Host | undefined;

test.beforeEach(async () => {
  account = createAccount();
  revokeSudo = grantSudo(account);
  ssh = await startSshTarget();
  telnet = await startTelnetTarget();
  guacd = await startRealGuacd('1.6.0');
  const serverDir = tempDataDir();
  seedDemoData(serverDir);
  server = await startControlPlane({ OPENPSM_GUACD_PORT: String(guacd.port) }, serverDir);
  host = await startHost();
  const auditorDir = tempDataDir();
  seedRemoteMode(auditorDir, server.url);
  auditorHost = await startHost({}, auditorDir);
});
test.afterEach(async () => {
  await reportLogsOnFailure(test.info(), { guacd, host, targets: { sshd: ssh, telnetd: telnet } });
  await auditorHost?.stop();
  await host?.stop();
  await server?.stop();
  await guacd?.stop();
  await ssh?.stop();
  await telnet?.stop();
  revokeSudo?.();
  await account?.remove();
});

/** What the session's terminal showed so far: guacd's typescript in the server's recordings folder. */
function shownSoFar(dir: string): string {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.typescript')) : undefined;
  return file ? fs.readFileSync(path.join(dir, file), 'utf8') : '';
}

/** Types a line and Return into the session, and waits (bounded) for the shell's next prompt. */
async function runLine(page: Page, user: TestAccount, line: string): Promise<void> {
  const before = user.prompts();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(() => user.prompts(), { timeout: 15_000 }).toBeGreaterThan(before);
}

/** Carol's Recordings view: searches `text`, and waits (bounded) until the list says `found`. */
async function search(page: Page, text: string, found: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Text typed or shown' }).fill(text);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('recordings-count')).toHaveText(found);
}

test('a password typed at a real sudo prompt is never indexed (the line reads •••); what the session showed is searchable and opens the player there', async ({
  page,
  browser,
}) => {
  const user = account!;
  const recordings = path.join(server!.dataDir, 'recordings');
  await setUpComputer(server!.url, ssh!.port, user);
  await signInRemote(page, host!.url, server!.url, 'erin');
  await openShell(page, 'real-ssh', user, guacd!, async () => {
    await page
      .getByRole('row', { name: /real-ssh/ })
      .getByRole('button', { name: 'Connect to real-ssh' })
      .click();
    await expect(page.getByText('Real lab: real guacd, real sshd.')).toBeVisible();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
  });
  const tab = page.getByRole('region', { name: 'Session real-ssh' });
  await tab.getByTestId('session-screen').click();

  // A real sudo prompt: Erin waits until it is drawn, as a person would, then types the password.
  await page.keyboard.type('sudo -k; sudo true');
  await page.keyboard.press('Enter');
  await expect.poll(() => shownSoFar(recordings), { timeout: 15_000 }).toMatch(/\[sudo\] password for \w+: *$/);
  // PAM flushes pending input after printing the prompt (TCSAFLUSH): type once sudo sleeps reading the terminal.
  await expect.poll(() => sudoAwaitsPassword(user.uid), { timeout: 10_000 }).toBe(true);
  await runLine(page, user, user.password);
  expect(shownSoFar(recordings)).not.toContain('Sorry, try again');
  const marker = await typeCommandThatWritesAFile(page, 'real-ssh', user);
  // Output the screen showed but nobody typed: the product of two random numbers.
  const tag = `shown${crypto.randomBytes(4).toString('hex')}x`;
  const [a, b] = [100 + crypto.randomInt(900), 100 + crypto.randomInt(900)];
  const shownWord = `${tag}${a * b}`;
  await runLine(page, user, `echo ${tag}$((${a}*${b}))`);
  await expect.poll(() => shownSoFar(recordings)).toContain(shownWord);
  // While guacd writes them, no other local user reads the recording or the typescript.
  for (const name of fs.readdirSync(recordings)) expect(fs.statSync(path.join(recordings, name)).mode & 0o007).toBe(0);
  await tab.getByRole('button', { name: 'End session' }).click();

  // Carol, the auditor, in her own app.
  const carol = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await carol.goto(auditorHost!.url);
  await signIn(carol, 'carol', demoPassword);
  await carol.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
  const row = carol.locator('tr[data-testid^="recording-"]');
  await expect(row.getByTestId('recording-status')).toHaveText('Stored (local)', { timeout: 30_000 });

  await search(carol, user.password, '0 found');
  await search(carol, marker, '1 found');
  await expect(carol.getByTestId('hit-typed')).toContainText(marker);

  // The typed lines beside the player: the password line reads •••.
  await carol.getByRole('button', { name: /^Play the recording/ }).click();
  const player = carol.getByRole('region', { name: /^Recording of real-ssh/ });
  const typed = player.getByRole('complementary', { name: 'Typed text' });
  await expect(typed).toContainText('sudo -k; sudo true');
  await expect(typed).toContainText('•••');
  await expect(typed).not.toContainText(user.password);
  await player.getByRole('button', { name: 'Close player' }).click();

  // What only the screen showed: found, as a shown line; the hit opens the player at its moment.
  await search(carol, shownWord, '1 found');
  await expect(carol.getByTestId('hit-typed')).toHaveCount(0);
  const hit = carol.getByTestId('hit-shown').filter({ hasText: shownWord });
  await expect(hit).toHaveCount(1);
  // The hit says when the line was shown (m:ss); the player opens there, not at the start.
  const [, minutes = '0', seconds = '0'] = /▶ (\d+):(\d\d)/.exec(await hit.innerText()) ?? [];
  const shownAt = (Number(minutes) * 60 + Number(seconds)) * 1000;
  await hit.click();
  const opened = carol.getByRole('region', { name: /^Recording of real-ssh/ });
  await expect(opened.getByTestId('player-screen')).toHaveAttribute('data-ready', 'yes', { timeout: 10_000 });
  const at = Number(await opened.getByTestId('player-position').getAttribute('data-ms'));
  // Not at the start: the shown line comes after the login, however fast the session ran (985 ms was seen).
  expect(at).toBeGreaterThan(0);
  expect(at).toBeGreaterThanOrEqual(shownAt - 100);
  expect(at).toBeLessThan(shownAt + 1600);

  // Evidence on disk: the recording and its typescript, stored byte for byte, readable by the server's user only.
  const store = path.join(server!.dataDir, 'recordings-store');
  const stored = fs.readdirSync(store);
  const session = stored.find((f) => f.endsWith('.typescript'))?.replace(/\.typescript$/, '') ?? '';
  expect(stored.sort()).toEqual([session, `${session}.typescript`, `${session}.typescript.timing`].sort());
  for (const name of stored) expect(fs.statSync(path.join(store, name)).mode & 0o077).toBe(0);
  expect(fs.statSync(store).mode & 0o077).toBe(0);
  expect(fs.readFileSync(path.join(store, `${session}.typescript`), 'utf8')).toContain(shownWord);
  expect(fs.readFileSync(path.join(store, `${session}.typescript`), 'utf8')).not.toContain(user.password);
  // The auditor reads the typescript through the API exactly as guacd wrote it.
  const listed = await carolApi('/api/recordings/search', { text: shownWord });
  const id = String((listed['recordings'] as Array<Record<string, unknown>>)[0]?.['id']);
  const piece = await carolApi(`/api/recordings/${id}/typescript`, { file: 'output', offset: 0, length: 1 << 20 });
  expect(piece['end']).toBe(true);
  expect(
    Buffer.from(String(piece['base64']), 'base64').equals(fs.readFileSync(path.join(store, `${session}.typescript`))),
  ).toBe(true);
});

test('Telnet through real guacd 1.6.0: the login prompt guacd answers itself hides nothing Erin types, and what the session showed is searchable', async ({
  page,
}) => {
  const user = account!;
  await setUpComputer(server!.url, telnet!.port, user, 'telnet');
  await signInRemote(page, host!.url, server!.url, 'erin');
  await openShell(page, 'real-telnet', user, guacd!, async () => {
    await page
      .getByRole('row', { name: /real-telnet/ })
      .getByRole('button', { name: 'Connect to real-telnet' })
      .click();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
  });
  const tab = page.getByRole('region', { name: 'Session real-telnet' });
  await tab.getByTestId('session-screen').click();
  const tag = `shown${crypto.randomBytes(4).toString('hex')}x`;
  const [a, b] = [100 + crypto.randomInt(900), 100 + crypto.randomInt(900)];
  const command = `echo ${tag}$((${a}*${b}))`;
  await runLine(page, user, command);
  await tab.getByRole('button', { name: 'End session' }).click();

  // Carol finds the output as shown text and the command as typed text, not hidden.
  const found = async () =>
    ((await carolApi('/api/recordings/search', { text: `${tag}${a * b}` }))['recordings'] ?? []) as Array<
      Record<string, unknown>
    >;
  await expect.poll(async () => (await found())[0]?.['status'], { timeout: 30_000 }).toBe('stored');
  const [recording] = await found();
  expect(recording?.['shown']).toEqual([expect.objectContaining({ text: `${tag}${a * b}` })]);
  const typed = await carolApi('/api/recordings/search', { text: command });
  expect((typed['recordings'] as Array<Record<string, unknown>>)[0]?.['matches']).toEqual([
    expect.objectContaining({ text: command }),
  ]);
});

/** Carol's call to the control plane's API, signed in headless. */
async function carolApi(pathname: string, body: unknown): Promise<Record<string, unknown>> {
  const signedIn = await signInHeadless(server!.url, 'carol', demoPassword);
  if ('refused' in signedIn) throw new Error(signedIn.refused);
  const res = await fetch(new URL(pathname, server!.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${signedIn.tokens.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}
