import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  demoPassword,
  demoSecret,
  signIn,
  signInThroughPopup,
  startRemoteMode,
  submitLogin,
  signInTabClosed,
} from '../support/controlPlane';
import { readmeShot } from '../support/readmeShots';

test('sign in through the built-in login page, see exactly the computers the seeded policies allow, search, filter, sign out', async ({
  page,
}) => {
  const env = await startRemoteMode();
  try {
    await page.goto(env.host.url);
    const popup = await signInThroughPopup(page, 'erin', demoPassword);
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
    await expect(page.getByTestId('signed-in-person')).toContainText('No role');
    const policy = page.getByRole('region', { name: 'Policy Linux servers' });
    await expect(policy.getByTestId('resource-row')).toHaveCount(3);
    await expect(page.getByTestId('resource-row').locator('th')).toHaveText(['db-01', 'legacy-01', 'web-01']);
    await expect(policy.getByText('127.0.0.1:23')).toBeVisible();
    await readmeShot(page, 'my-resources', { fullPage: true });
    await page.getByLabel('Search').fill('db');
    await expect(page.getByTestId('resource-row').locator('th')).toHaveText(['db-01']);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Protocol').selectOption('telnet');
    await expect(page.getByTestId('resource-row').locator('th')).toHaveText(['legacy-01']);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
  } finally {
    await env.stop();
  }
});

test('an administrator sees RDP rows switched off when the RDP proxy setting is off', async ({ page }) => {
  const env = await startRemoteMode();
  try {
    const admin = await env.token('alice');
    await fetch(`${env.server.url}/api/admin/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rdpProxyEnabled: false }),
    });
    await page.goto(env.host.url);
    await signIn(page, 'alice', demoPassword);
    await expect(page.getByTestId('signed-in-person')).toContainText('Administrator');
    const windows = page.getByRole('region', { name: 'Policy Windows servers' });
    await expect(windows.getByRole('row', { name: /win-01/ })).toContainText('RDP is switched off on this server');
    await expect(windows.getByRole('row', { name: /kiosk-01/ })).toContainText(/Reachable|Not reachable/);
    await expect(windows).toContainText('MFA required');
  } finally {
    await env.stop();
  }
});

test('a wrong password and a disabled account are refused on the login page, each in its own words', async ({
  page,
}) => {
  const env = await startRemoteMode();
  try {
    await page.goto(env.host.url);
    const popup = await signInThroughPopup(page, 'erin', 'not-the-password');
    await expect(popup.getByRole('alert')).toHaveText('Wrong username or password.');
    await expect(popup.getByLabel('Username')).toHaveValue('erin');
    await submitLogin(popup, 'dave', demoPassword);
    await expect(popup.getByRole('alert')).toHaveText('This account is disabled. Ask an administrator to enable it.');
    await expect(page.getByRole('status')).toContainText('Finish signing in');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
  } finally {
    await env.stop();
  }
});

test('the app refreshes its token and stays signed in past the access token lifetime', async ({ page }) => {
  const env = await startRemoteMode(
    { OPENPSM_ACCESS_TOKEN_TTL_SECONDS: '3' },
    { OPENPSM_AUTH_REFRESH_SKEW_MS: '1500' },
  );
  try {
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    await expect(page.getByTestId('resource-row')).toHaveCount(3);
    await page.waitForTimeout(7000);
    await page.getByRole('button', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'My Resources', exact: true }).click();
    await expect(page.getByTestId('resource-row')).toHaveCount(3);
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
  } finally {
    await env.stop();
  }
});

test('a refresh token revoked on the server leaves the app signed out with a clear message', async ({ page }) => {
  const env = await startRemoteMode(
    { OPENPSM_ACCESS_TOKEN_TTL_SECONDS: '3' },
    { OPENPSM_AUTH_REFRESH_SKEW_MS: '1500' },
  );
  try {
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    await expect(page.getByTestId('resource-row')).toHaveCount(3);
    const admin = await env.token('alice');
    const persons = (await (
      await fetch(`${env.server.url}/api/admin/persons`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { persons: Array<{ id: string; username: string }> };
    const erin = persons.persons.find((p) => p.username === 'erin')?.id;
    expect(
      (
        await fetch(`${env.server.url}/api/admin/persons/${erin}/revoke`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}` },
        })
      ).status,
    ).toBe(200);
    await expect(page.getByRole('alert').first()).toContainText('Your sign-in was ended on the server', {
      timeout: 15_000,
    });
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
    // Nothing of the session's secrets reached the renderer or the logs.
    await expect(page.locator('body')).not.toContainText(demoSecret);
    const logs = [...env.server.stdout, ...env.server.stderr, ...env.host.stdout, ...env.host.stderr].join('\n');
    expect(logs).not.toContain(demoSecret);
    expect(logs).not.toContain(demoPassword);
    const files = fs.readdirSync(env.host.dataDir, { recursive: true }) as string[];
    for (const file of files.filter((f) => fs.statSync(path.join(env.host.dataDir, f)).isFile()))
      expect(fs.readFileSync(path.join(env.host.dataDir, file), 'utf8')).not.toMatch(/refresh_token|eyJ/);
  } finally {
    await env.stop();
  }
});
