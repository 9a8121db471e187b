import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import pkg from '../../package.json' with { type: 'json' };
import {
  launchLine,
  root,
  startControlPlane,
  startHost,
  startNode,
  tempDataDir,
  type Host,
} from '../support/processes';
import { readmeShot } from '../support/readmeShots';

let host: Host;
test.beforeEach(async () => {
  host = await startHost({ OPENPSM_BACKEND_HEALTH_TIMEOUT_MS: '500' });
});
test.afterEach(async () => {
  await host.stop();
});

test('the first screen shows the version and the backend state, and hides the launch secret', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: /Privileged sessions, recorded/ })).toBeVisible();
  await expect(page.getByTestId('app-version')).toHaveText(`v${pkg.version}`);
  await expect(page.getByTestId('backend-status')).toHaveText('Built-in control plane · Ready');
  await expect(page.getByTestId('backend-detail')).toContainText('running on this device');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // The secret leaves the address bar as soon as the page has it.
  expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
  await expect(page.locator('body')).not.toContainText(host.secret);
  await readmeShot(page, 'first-screen', { fullPage: true });
});

test('a changed setting is kept across a reload, and a bad one is explained', async ({ page }) => {
  const controlPlane = await startControlPlane();
  try {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();

    // Remote mode without a URL is refused, naming the field; nothing typed is lost.
    await page.getByLabel(/Remote control plane/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('alert')).toHaveText('Remote mode needs the control-plane server URL.');
    await expect(page.getByLabel(/Remote control plane/)).toBeChecked();

    // A server that does not answer shows as unreachable.
    await page.getByLabel(/Control-plane server URL/).fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved')).toBeVisible();
    await expect(page.getByTestId('backend-badge')).toHaveText('Unreachable');

    // A running control plane shows as ready.
    await page.getByLabel(/Control-plane server URL/).fill(controlPlane.url);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByTestId('backend-badge')).toHaveText('Ready');
    await readmeShot(page, 'settings', { fullPage: true });

    await page.reload();
    await expect(page.getByTestId('backend-status')).toHaveText('Remote control plane · Ready');
    await expect(page.getByTestId('backend-detail')).toContainText(controlPlane.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(page.getByLabel(/Remote control plane/)).toBeChecked();
    await expect(page.getByLabel(/Control-plane server URL/)).toHaveValue(controlPlane.url);

    const onDisk = JSON.parse(fs.readFileSync(path.join(host.dataDir, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({
      schemaVersion: 3,
      backend: { mode: 'remote', serverUrl: controlPlane.url },
      logLevel: 'info',
    });
  } finally {
    await controlPlane.stop();
  }
});

/** Opens an API socket with raw headers; resolves with the refusing HTTP status, or 101 when it opened. */
function socketStatus(protocols: string[], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, protocols, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });
}

test('sockets without the secret, or with a foreign Host or Origin, are refused', async ({ page }) => {
  const withSecret = ['openpsm.v1', `openpsm.secret.${host.secret}`];
  expect(await socketStatus(['openpsm.v1'])).toBe(401);
  expect(await socketStatus(['openpsm.v1', 'openpsm.secret.guess'])).toBe(401);
  expect(await socketStatus(withSecret, { Host: `attacker.example:${host.port}` })).toBe(421);
  expect(await socketStatus(withSecret, { Origin: 'http://attacker.example' })).toBe(403);
  expect(await socketStatus(withSecret)).toBe(101);

  // A page on a foreign name (DNS rebinding) gets 421 for the page itself.
  const res = await page.request.get(`http://127.0.0.1:${host.port}/`, { headers: { Host: 'attacker.example' } });
  expect(res.status()).toBe(421);

  // A tab opened without the launch link cannot reach the app and says how to.
  const context = await page.context().browser()?.newContext();
  const stranger = await context?.newPage();
  await stranger?.goto(`http://127.0.0.1:${host.port}/`);
  await expect(stranger!.getByRole('heading', { name: 'Open OpenPSM from its launch link' })).toBeVisible();
  await context?.close();

  const log = fs.readFileSync(path.join(host.dataDir, 'logs/openpsm.log'), 'utf8');
  expect(log).toContain('"status":401');
  expect(log).not.toContain(host.secret);
});

test('npm start prints one line about Electron and exactly one URL, which opens the first screen', async ({ page }) => {
  await host.stop();
  const started = await startNode(
    [path.join(root, 'scripts/start.mjs')],
    { OPENPSM_APP_DATA_DIR: tempDataDir() },
    launchLine,
  );
  try {
    await new Promise((r) => setTimeout(r, 500));
    expect(started.stdout.filter((l) => l.trim() !== '')).toEqual([started.line]);
    // A stale build is rebuilt first, and says so; otherwise the one line is about Electron.
    expect(started.stderr.filter((l) => l !== 'Building OpenPSM…')).toEqual([
      'Electron is not available on this machine (no binary in node_modules/electron), so OpenPSM starts its browser host instead.',
    ]);
    await page.goto(launchLine.exec(started.line)?.[1] ?? '');
    await expect(page.getByTestId('backend-status')).toHaveText('Built-in control plane · Ready');
  } finally {
    await started.stop();
  }
});
