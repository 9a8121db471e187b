import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The app's data folder: OPENPSM_DATA_DIR, else the desktop app's own (~/.config/OpenPSM). Owner-only. */
export function resolveDataDir(env: Record<string, string | undefined>): string {
  const dir = env['OPENPSM_DATA_DIR'] ?? path.join(env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), 'OpenPSM');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.resolve(dir);
}

/** Appends log lines to `<dataDir>/logs/openpsm.log` (owner-only). */
export function fileLogSink(dataDir: string): (line: string) => void {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(path.join(dir, 'openpsm.log'), 'a', 0o600);
  return (line) => fs.writeSync(fd, `${line}\n`);
}
