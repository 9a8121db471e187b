import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configError } from '@shared/node/config/envValues';

/** The browser host's own folder when OPENPSM_APP_DATA_DIR is unset: ~/.config/OpenPSM, as the desktop app's. */
export function hostDataDir(env: Record<string, string | undefined>): string {
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), 'OpenPSM');
}

/** Makes the app's data folder (owner-only) and returns its absolute path. */
export function makeDataDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.resolve(dir);
}

/**
 * OPENPSM_DATA_DIR is the folder of `npm run server`. The app used to read it as its own folder,
 * so the app refuses it alone rather than silently open another folder's settings and vault.
 */
export function refuseServerDataDir(env: Record<string, string | undefined>): void {
  if (env['OPENPSM_DATA_DIR'] && !env['OPENPSM_APP_DATA_DIR'])
    throw configError(
      "OPENPSM_DATA_DIR is the folder of `npm run server`; set OPENPSM_APP_DATA_DIR for the app's folder.",
    );
}

/** Appends log lines to `<dataDir>/logs/openpsm.log` (owner-only). */
export function fileLogSink(dataDir: string): (line: string) => void {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(path.join(dir, 'openpsm.log'), 'a', 0o600);
  return (line) => fs.writeSync(fd, `${line}\n`);
}
