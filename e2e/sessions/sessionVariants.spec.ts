import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { seedDirectMode, startDirectMode, startDoubleProcess, startHost, tempDataDir } from '../support/processes';
import { addComputer, connect, litPixels } from '../support/sessionUi';

const lab = { username: 'psmtest', password: 'psmtest-Pass1' };

test('a session against guacd 1.5.5', async ({ page }) => {
  const { host, stop } = await startDirectMode(['--version', '1.5.5']);
  try {
    await page.goto(host.url);
    await addComputer(page, { name: 'old-guacd', port: 2222, ...lab });
    const tab = await connect(page, 'old-guacd');
    await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 5000 });
    await expect.poll(() => litPixels(page, 'old-guacd')).toBeGreaterThan(100);
  } finally {
    await stop();
  }
});

test('TLS to guacd works with the right CA and is refused with a wrong one', async ({ page }) => {
  const dir = tempDataDir();
  const pem = (name: string) => path.join(dir, name);
  for (const [key, cert] of [
    ['key.pem', 'cert.pem'],
    ['other-key.pem', 'other.pem'],
  ] as const) {
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
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        pem(key),
        '-out',
        pem(cert),
      ],
      { stdio: 'ignore' },
    );
  }
  const double = await startDoubleProcess(['--tls-cert', pem('cert.pem'), '--tls-key', pem('key.pem')], dir);
  const dataDir = tempDataDir();
  seedDirectMode(dataDir, double.port, fs.readFileSync(pem('cert.pem'), 'utf8'));
  const host = await startHost({}, dataDir);
  try {
    await page.goto(host.url);
    await addComputer(page, { name: 'tls-ssh', port: 2222, ...lab });
    let tab = await connect(page, 'tls-ssh');
    await expect(tab.getByTestId('session-state')).toHaveText('Connected');
    await tab.getByRole('button', { name: 'End session' }).click();

    // Pin another CA: guacd's certificate no longer verifies.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Computers' }).click();
    await page.getByLabel(/CA certificate/).fill(fs.readFileSync(pem('other.pem'), 'utf8'));
    await page.getByRole('button', { name: 'Save guacd address' }).click();
    await expect(page.getByText('guacd address saved')).toBeVisible();
    tab = await connect(page, 'tls-ssh');
    await expect(tab.getByTestId('session-error-code')).toHaveText('GUACD_TLS_FAILED');
  } finally {
    await host.stop();
    await double.stop();
  }
});
