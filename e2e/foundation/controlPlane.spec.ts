import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { seedRemoteMode, signIn } from '../support/controlPlane';
import { finishFirstSignIn } from '../support/firstSetup';
import { launchLine, root, startHost, startNode, tempDataDir } from '../support/processes';

const adminPassword = 'first-Admin-Password-1';

test('`npm run server` cold-starts on an empty folder: setup code, first administrator, discovery, OpenAPI, sign-in', async ({
  page,
}) => {
  const dataDir = tempDataDir();
  const server = await startNode(
    [path.join(root, 'scripts/server.mjs')],
    { OPENPSM_DATA_DIR: dataDir, OPENPSM_PORT: '0' },
    /^OpenPSM server at (http:\/\/127\.0\.0\.1:\d+)$/,
    60_000,
  );
  let host: Awaited<ReturnType<typeof startHost>> | null = null;
  try {
    const url = server.line.replace('OpenPSM server at ', '');
    const code = /setup code ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(server.stdout.join('\n'))?.[1];
    expect(code).toBeTruthy();
    const discovery = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(url);
    expect(((await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
    expect((await fetch(`${url}/api/resources`)).status).toBe(401);

    await page.goto(`${url}/setup`);
    await page.getByLabel('Setup code').fill('0000-0000-0000');
    await page.getByLabel('Username').fill('root-admin');
    await page.getByLabel('Full name').fill('Rita Root');
    await page.getByLabel('Password', { exact: true }).fill(adminPassword);
    await page.getByLabel('Password again').fill(adminPassword);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect(page.getByRole('alert')).toContainText('The setup code is wrong');
    await page.getByLabel('Setup code').fill(code as string);
    await page.getByLabel('Username').fill('root-admin');
    await page.getByLabel('Full name').fill('Rita Root');
    await page.getByLabel('Password', { exact: true }).fill(adminPassword);
    await page.getByLabel('Password again').fill(adminPassword);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect(page.getByRole('status')).toHaveText('You can now sign in from the OpenPSM app.');

    const hostDir = tempDataDir();
    seedRemoteMode(hostDir, url);
    host = await startHost({}, hostDir);
    await page.goto(host.url);
    await signIn(page, 'root-admin', adminPassword);
    await expect(page.getByTestId('signed-in-person')).toContainText('Rita Root');
    await expect(page.getByTestId('signed-in-person')).toContainText('Administrator');
    await expect(page.getByRole('status').filter({ hasText: 'No access request policy' })).toContainText(
      'No access request policy gives you a computer yet',
    );
  } finally {
    await host?.stop();
    await server.stop();
  }
});

test('a fresh `npm start` reaches sign-in backed by the embedded control plane, with first-run setup in the app', async ({
  page,
}) => {
  const dataDir = tempDataDir();
  const app = await startNode(
    [path.join(root, 'scripts/start.mjs')],
    { OPENPSM_APP_DATA_DIR: dataDir, OPENPSM_FORCE_BROWSER_HOST: '1' },
    launchLine,
    90_000,
  );
  try {
    const url = launchLine.exec(app.line)?.[1] as string;
    await page.goto(url);
    await expect(page.getByTestId('backend-status')).toHaveText('Built-in control plane · Ready');
    await page.getByRole('button', { name: 'My Resources', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Set up OpenPSM' })).toBeVisible();
    await page.getByLabel('Username').fill('solo');
    await page.getByLabel('Full name').fill('Sam Solo');
    await page.getByLabel('Password (at least 12 characters)').fill(adminPassword);
    await page.getByLabel('Password again').fill('not-the-same-password');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect(page.getByRole('alert')).toContainText('not the same');
    await expect(page.getByLabel('Username')).toHaveValue('solo');
    await page.getByLabel('Password again').fill(adminPassword);
    const loginTab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await finishFirstSignIn(await loginTab, 'solo', adminPassword);
    await expect(page.getByTestId('signed-in-person')).toContainText('Sam Solo');
    await expect(page.getByRole('status').filter({ hasText: 'No access request policy' })).toContainText(
      'No access request policy gives you a computer yet',
    );
  } finally {
    await app.stop();
  }
});

test('Settings explains a TLS name mismatch of the remote server: the names on the certificate and what to change', async ({
  page,
}) => {
  const work = tempDataDir();
  const pem = (name: string) => path.join(work, name);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=psm.example.test',
      '-addext',
      'subjectAltName=DNS:psm.example.test',
      '-keyout',
      pem('key.pem'),
      '-out',
      pem('cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tlsServer = https.createServer(
    { key: fs.readFileSync(pem('key.pem')), cert: fs.readFileSync(pem('cert.pem')) },
    (_req, res) => res.end('{}'),
  );
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  const port = (tlsServer.address() as AddressInfo).port;
  const hostDir = tempDataDir();
  seedRemoteMode(hostDir, `https://127.0.0.1:${port}`);
  // The host trusts the certificate's issuer, so the only problem left is the name.
  const host = await startHost({ NODE_EXTRA_CA_CERTS: pem('cert.pem') }, hostDir);
  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const status = page.getByTestId('tls-status');
    await expect(status).toContainText('TLS: Certificate name mismatch');
    await expect(status).toContainText('issued for psm.example.test, but the server URL uses "127.0.0.1"');
    await page.getByRole('button', { name: 'My Resources', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('issued for psm.example.test');
  } finally {
    await host.stop();
    await new Promise<void>((r) => tlsServer.close(() => r()));
  }
});
