import { expect, test, type Page } from '@playwright/test';
import { addComputer, connect, litPixels } from '../support/sessionUi';
import { startDirectMode, type DoubleProcess, type Host } from '../support/processes';
import { readmeShot } from '../support/readmeShots';

const lab = { username: 'psmtest', password: 'psmtest-Pass1' };
let double: DoubleProcess;
let host: Host;
let stop: () => Promise<void>;

async function start(doubleArgs: string[] = []): Promise<void> {
  ({ double, host, stop } = await startDirectMode(doubleArgs));
}
test.beforeEach(() => start());
test.afterEach(() => stop());

const keyEffects = () =>
  double
    .entries()
    .filter((e) => e['effect'] === 'key' && e['pressed'] === true)
    .map((e) => e['keysym']);

test('a session shows real pixels and typed text reaches guacd as keysyms', async ({ page }) => {
  await page.goto(host.url);
  await addComputer(page, { name: 'lab-ssh', port: 2222, ...lab });
  const tab = await connect(page, 'lab-ssh');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  await expect.poll(() => litPixels(page, 'lab-ssh'), { timeout: 5000 }).toBeGreaterThan(100);
  await tab.getByTestId('session-screen').click();
  await page.keyboard.type('ls -la');
  await page.keyboard.press('Enter');
  await expect.poll(keyEffects).toEqual([108, 115, 32, 45, 108, 97, 65293]);
  await readmeShot(page, 'session');
});

for (const [protocol, port] of [
  ['ssh', 2222],
  ['rdp', 3389],
] as const) {
  test(`resize follows the window (${protocol})`, async ({ page }) => {
    await resizeFollowsTheWindow(page, protocol, port);
  });
}

/** A session's screen size reaches guacd as a size it applies (RDP: only with a resize method). */
async function resizeFollowsTheWindow(page: Page, protocol: 'ssh' | 'rdp', port: number): Promise<void> {
  await page.goto(host.url);
  // The lab's xrdp is self-signed: as real guacd, the double refuses RDP unless the certificate is ignored or pinned.
  const certificate = protocol === 'rdp' ? ('ignore' as const) : undefined;
  await addComputer(page, { name: `lab-${protocol}`, protocol, port, ...lab, certificate });
  const tab = await connect(page, `lab-${protocol}`);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  const sizes = () =>
    double
      .entries()
      .filter((e) => e['effect'] === 'size')
      .map((e) => (e['args'] as string[]).slice(0, 2).map(Number));
  const before = sizes().length;
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect.poll(() => sizes().length).toBeGreaterThan(before);
  const [width, height] = sizes().at(-1) ?? [0, 0];
  const inner = await tab.getByTestId('session-screen').evaluate((el) => [el.clientWidth, el.clientHeight]);
  expect([width, height]).toEqual(inner);
  expect(width).toBeLessThan(1000);
}

test('clipboard goes both ways, and not where the computer blocks it', async ({ page }) => {
  // A remote that announces pasted text back: the way remote-to-local clipboard shows up here.
  await stop();
  await start(['--clipboard-echo', 'true']);
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await page.goto(host.url);
  await addComputer(page, { name: 'lab-vnc', protocol: 'vnc', port: 5905, password: 'vncpass1' });
  let tab = await connect(page, 'lab-vnc');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  await tab.getByTestId('paste-text').fill('clip-e2e-✓😀');
  await tab.getByRole('button', { name: 'Send to remote clipboard' }).click();
  // To the remote computer…
  await expect
    .poll(() =>
      double
        .entries()
        .filter((e) => e['effect'] === 'clipboard')
        .map((e) => e['text']),
    )
    .toEqual(['clip-e2e-✓😀']);
  // …and back: the VNC server announces its new clipboard, and the tab shows it.
  await expect(tab.getByTestId('remote-clipboard')).toHaveValue('clip-e2e-✓😀');
  await tab.getByRole('button', { name: 'End session' }).click();

  await addComputer(page, {
    name: 'locked-vnc',
    protocol: 'vnc',
    port: 5905,
    password: 'vncpass1',
    blockCopy: true,
    blockPaste: true,
  });
  tab = await connect(page, 'locked-vnc');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  await expect(tab.getByText('Pasting to this computer is disabled by its settings.')).toBeVisible();
  await expect(tab.getByText('Copying from this computer is disabled by its settings.')).toBeVisible();
  await expect(tab.getByTestId('paste-text')).toHaveCount(0);
  const clipboardFrames = frames.filter((f) => f.includes('"clipboard"')).length;
  expect(double.entries().filter((e) => e['effect'] === 'clipboard')).toHaveLength(1);
  expect(frames.filter((f) => f.includes('"clipboard"')).length).toBe(clipboardFrames);
});

test('two sessions run side by side in tabs', async ({ page }) => {
  await page.goto(host.url);
  await addComputer(page, { name: 'first', port: 2222, ...lab });
  await addComputer(page, { name: 'second', protocol: 'vnc', port: 5905, password: 'vncpass1' });
  const first = await connect(page, 'first');
  await expect(first.getByTestId('session-state')).toHaveText('Connected');
  const second = await connect(page, 'second');
  await expect(second.getByTestId('session-state')).toHaveText('Connected');
  await expect.poll(() => litPixels(page, 'second')).toBeGreaterThan(100);
  await page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'first' }).click();
  await expect(first.getByTestId('session-state')).toHaveText('Connected');
  await expect.poll(() => litPixels(page, 'first')).toBeGreaterThan(100);
  expect(double.entries().filter((e) => e['event'] === 'session')).toHaveLength(2);
});

test('a read-only watch view shows the session, and its input never reaches guacd', async ({ page }) => {
  await page.goto(host.url);
  await addComputer(page, { name: 'lab-ssh', port: 2222, ...lab });
  const owner = await connect(page, 'lab-ssh');
  await expect(owner.getByTestId('session-state')).toHaveText('Connected');
  await owner.getByRole('button', { name: 'Watch read-only' }).click();
  const watch = page.getByRole('region', { name: 'Session lab-ssh (watching)' });
  await expect(watch.getByTestId('session-state')).toHaveText('Connected');
  await expect.poll(() => litPixels(page, 'lab-ssh (watching)')).toBeGreaterThan(100);
  await expect(watch.getByRole('button', { name: 'Send Ctrl+Alt+Del' })).toHaveCount(0);
  const watcherConn = double
    .entries()
    .find(
      (e) =>
        (e['received'] as string[] | undefined)?.[0] === 'select' &&
        String((e['received'] as string[])[1]).startsWith('$'),
    )?.['conn'];
  expect(watcherConn).toBeDefined();
  await watch.getByTestId('session-screen').click();
  await page.keyboard.type('rm -rf');
  await watch.getByTestId('session-screen').click({ position: { x: 50, y: 50 } });
  await page.waitForTimeout(300);
  // What reached guacd from the watcher once it had joined: syncs, stream acks and keep-alives only.
  const fromWatcher = double
    .entries()
    .filter((e) => e['conn'] === watcherConn && e['role'] === 'watcher')
    .map((e) => (e['received'] as string[])[0]);
  expect(fromWatcher.length).toBeGreaterThan(0);
  expect(fromWatcher.filter((o) => !['sync', 'nop', 'ack', 'disconnect'].includes(o ?? ''))).toEqual([]);
  expect(double.entries().filter((e) => e['dropped'])).toEqual([]);
});

test('VNC without a kept password asks for it, then the session runs', async ({ page }) => {
  await page.goto(host.url);
  await addComputer(page, { name: 'ask-vnc', protocol: 'vnc', port: 5905 });
  const tab = await connect(page, 'ask-vnc');
  const prompt = tab.getByRole('form', { name: 'The computer needs more information' });
  await expect(prompt).toBeVisible();
  await prompt.getByLabel('Password').fill('vncpass1');
  await prompt.getByRole('button', { name: 'Continue' }).click();
  await expect(prompt).toHaveCount(0);
  await expect.poll(() => litPixels(page, 'ask-vnc'), { timeout: 8000 }).toBeGreaterThan(100);
  expect(double.entries().some((e) => e['effect'] === 'stream-end' && e['text'] === 'vncpass1')).toBe(true);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
});
