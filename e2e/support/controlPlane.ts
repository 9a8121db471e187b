import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { signInHeadless } from './signIn';
import { root, startControlPlane, startHost, tempDataDir, type Host } from './processes';

/** The demo accounts' password and the shared credentials' secret (test data, allow-listed in the secret scan). */
export const demoPassword = 'demo-Password-1234';
export const demoSecret = 'Shared-Secret-Never-Returned-42';

/** Runs `npm run server -- seed-demo` (its built entry) on a data folder. */
export function seedDemoData(dataDir: string): string {
  return execFileSync(process.execPath, [path.join(root, 'out/main/server.js'), 'seed-demo'], {
    cwd: root,
    env: {
      ...process.env,
      OPENPSM_DATA_DIR: dataDir,
      OPENPSM_DEMO_PASSWORD: demoPassword,
      OPENPSM_DEMO_SECRET: demoSecret,
    },
  }).toString();
}

export interface VaultTimes {
  idleLockSeconds: number;
  clipboardClearSeconds: number;
}

/** A settings file that points the app at a remote control plane (with the vault's times, shortened by a test). */
export function seedRemoteMode(
  dataDir: string,
  serverUrl: string,
  vault: VaultTimes = { idleLockSeconds: 900, clipboardClearSeconds: 30 },
): void {
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      schemaVersion: 3,
      backend: { mode: 'remote', serverUrl },
      logLevel: 'info',
      direct: { guacd: { host: '127.0.0.1', port: 4822, tlsCa: null }, computers: [] },
      vault,
    }),
  );
}

/** A seeded control plane and a browser host signed in to nothing yet, in remote mode against it. */
export async function startRemoteMode(
  serverEnv: Record<string, string> = {},
  hostEnv: Record<string, string> = {},
  vault?: VaultTimes,
) {
  const serverDir = tempDataDir();
  seedDemoData(serverDir);
  const server = await startControlPlane(serverEnv, serverDir);
  const hostDir = tempDataDir();
  seedRemoteMode(hostDir, server.url, vault);
  let host: Host;
  try {
    host = await startHost(hostEnv, hostDir);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    host,
    /** An API token of a demo person, for test set-up through the admin API. */
    token: async (username: string) => {
      const result = await signInHeadless(server.url, username, demoPassword);
      if ('refused' in result) throw new Error(result.refused);
      return result.tokens.access_token;
    },
    stop: async () => {
      await host.stop();
      await server.stop();
    },
  };
}

/**
 * Another app on this machine, in remote mode against the same control plane: a second window
 * a person opens, with its own host (each host serves one browser). Stop it when done.
 */
export async function startAnotherHost(serverUrl: string): Promise<Host> {
  const dataDir = tempDataDir();
  seedRemoteMode(dataDir, serverUrl);
  return startHost({}, dataDir);
}

/** Goes to My Resources, clicks Sign in, and returns the tab with the login page. */
export async function openSignInPage(page: Page): Promise<Page> {
  await page.getByRole('button', { name: 'My Resources', exact: true }).click();
  const popupPromise = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole('heading', { name: 'Sign in to OpenPSM' })).toBeVisible();
  return popup;
}

/** Fills the built-in login page and submits it. */
export async function submitLogin(popup: Page, username: string, password: string): Promise<void> {
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
}

/** Clicks Sign in, fills the built-in login page in the tab that opens, and returns that tab. */
export async function signInThroughPopup(page: Page, username: string, password: string): Promise<Page> {
  const popup = await openSignInPage(page);
  await submitLogin(popup, username, password);
  return popup;
}

/** Waits until the login tab has closed itself: its "Signed in" page closes the tab the app opened, leaving none behind. */
export async function signInTabClosed(popup: Page): Promise<void> {
  if (!popup.isClosed()) await popup.waitForEvent('close');
}

/** Signs in through the login tab, and waits until its "Signed in" page has closed the tab. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await signInTabClosed(await signInThroughPopup(page, username, password));
}
