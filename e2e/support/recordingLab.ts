import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { openRecordingStore } from '@server/recordings/stores';
import { recordingConfigFrom, recordingSettingsFrom } from '@shared/node/config/recordings';
import { demoPassword, demoSecret, signIn } from './controlPlane';
import { labSecret, ownerPage, startLiveLab, startSession, type LiveLab } from './liveLab';
import { startAzurite, startS3, type ObjectStore } from './objectStores';

export type StoreKind = 'local' | 's3' | 'azure';

/** The pipeline's timers, shortened: settle 300 ms, retry every 500 ms, twice. */
const timers = { OPENPSM_RECORDING_SETTLE_MS: '300', OPENPSM_UPLOAD_RETRY_MS: '500', OPENPSM_UPLOAD_RETRIES: '2' };

export interface RecordingLab {
  lab: LiveLab;
  /** s3rver or Azurite; null for the local folder. */
  objectStore: ObjectStore | null;
  /** SHA-256 of what the store holds under a key, read straight from it. */
  storedSha256(key: string): Promise<string>;
  /** The control plane's data folder (guacd's folder, the local store, quarantine and the database). */
  dataDir: string;
  /** Every place recordings and the keystroke index are kept, for the stored-data secret scan. */
  storedPaths(): string[];
  /** The secrets the product injected (the lab account's and the demo's shared credentials). */
  injectedSecrets: string[];
  stop(): Promise<void>;
}

/** The live lab (Erin's and Bob's apps, the guacd double) with its recordings kept in `kind`. */
export async function startRecordingLab(
  kind: StoreKind,
  serverEnv: Record<string, string> = {},
): Promise<RecordingLab> {
  const objectStore = kind === 's3' ? await startS3() : kind === 'azure' ? await startAzurite() : null;
  let lab: LiveLab;
  try {
    lab = await startLiveLab({ ...timers, ...objectStore?.serverEnv, ...serverEnv });
  } catch (error) {
    await objectStore?.stop();
    throw error;
  }
  const dataDir = lab.env.server.dataDir;
  return {
    lab,
    objectStore,
    dataDir,
    storedSha256: async (key) => {
      if (!objectStore)
        return crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dataDir, 'recordings-store', key)))
          .digest('hex');
      return (
        await (
          await openRecordingStore(recordingSettingsFrom(recordingConfigFrom(objectStore.serverEnv), dataDir).store)
        ).digest(key)
      ).sha256;
    },
    storedPaths: () => [
      path.join(dataDir, 'recordings'),
      path.join(dataDir, 'recordings-store'),
      path.join(dataDir, 'recordings-quarantine'),
      path.join(dataDir, 'openpsm.db'),
      ...(objectStore ? [objectStore.dir] : []),
    ],
    injectedSecrets: [labSecret, demoSecret, demoPassword],
    stop: async () => {
      await lab.stop();
      await objectStore?.stop();
    },
  };
}

/** The double's note of the recording it closed last: file name (the session id), size and SHA-256 of what it wrote. */
export function lastWritten(lab: LiveLab): { file: string; bytes: number; sha256: string } {
  const closed = lab.double.entries().filter((e) => e['event'] === 'recording-closed');
  const last = closed.at(-1);
  if (!last) throw new Error('The guacd double closed no recording.');
  return { file: String(last['file']), bytes: Number(last['bytes']), sha256: String(last['sha256']) };
}

/** Erin connects to lab-ssh, types `typed` and Return, and ends the session; returns what guacd wrote. */
export async function recordSession(
  page: Page,
  lab: LiveLab,
  typed: string,
  beforeEnd: () => Promise<void> = () => Promise.resolve(),
) {
  const before = lab.double.entries().filter((e) => e['event'] === 'recording-closed').length;
  const tab = await startSession(page, 'lab-ssh');
  await page.waitForTimeout(1500);
  await tab.getByTestId('session-screen').click();
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2500);
  await beforeEnd();
  await tab.getByRole('button', { name: 'End session' }).click();
  await expect
    .poll(() => lab.double.entries().filter((e) => e['event'] === 'recording-closed').length, { timeout: 5000 })
    .toBe(before + 1);
  return lastWritten(lab);
}

/** A signed-in app (Bob's host for bob, Erin's for anyone else) on the Recordings view. */
export async function recordingsPage(browser: Browser, lab: LiveLab, username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(username === 'bob' ? lab.managerHost.url : lab.env.host.url);
  await signIn(page, username, demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
  await expect(page.getByRole('heading', { name: 'Recordings' })).toBeVisible();
  return page;
}

export { ownerPage };
