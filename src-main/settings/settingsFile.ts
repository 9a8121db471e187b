import fs from 'node:fs';
import path from 'node:path';
import { setAside } from '../files/durableFile';
import { settingsSchema, settingsSchemaVersion, type Settings } from '../../src-shared/common/api/settings';
import type { Logger } from '../../src-shared/node/logger';

export const defaultSettings: Settings = {
  schemaVersion: settingsSchemaVersion,
  backend: { mode: 'embedded', serverUrl: null },
  logLevel: 'info',
  direct: { guacd: { host: '127.0.0.1', port: 4822, tlsCa: null }, computers: [] },
  vault: { idleLockSeconds: 15 * 60, clipboardClearSeconds: 30 },
};

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations by the version they upgrade from. Version 0 is a file without
 * `schemaVersion` (hand-written or from a pre-release build): flat keys
 * `backendMode` and `serverUrl`.
 */
const migrations: Record<number, Migration> = {
  0: (old) => ({
    schemaVersion: 1,
    backend: { mode: old['backendMode'] ?? defaultSettings.backend.mode, serverUrl: old['serverUrl'] ?? null },
    logLevel: old['logLevel'] ?? defaultSettings.logLevel,
  }),
  // 2 adds direct mode: the guacd address and the computers defined on this device.
  1: (old) => ({ ...old, schemaVersion: 2, direct: defaultSettings.direct }),
  // 3 adds the vault's idle lock and clipboard clearing times.
  2: (old) => ({ ...old, schemaVersion: 3, vault: defaultSettings.vault }),
};

/** Copies an older file before it is migrated, without overwriting an earlier backup. */
function backUp(file: string, version: number): string {
  const parsed = path.parse(file);
  let target = path.join(parsed.dir, `${parsed.name}.v${version}.bak${parsed.ext}`);
  for (let n = 1; fs.existsSync(target); n += 1) target = path.join(parsed.dir, `${parsed.name}.v${version}.bak.${n}${parsed.ext}`);
  fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  return target;
}

export interface LoadedSettings {
  settings: Settings;
  /** True when the caller must write `settings` back (a migration happened). */
  needsWrite: boolean;
}

/**
 * Reads the settings file, parsing it as untrusted. A missing file gives the defaults.
 * An older file is backed up and migrated; an unreadable, invalid or newer one is set
 * aside as `.corrupt` (never overwritten) and the defaults are used.
 */
export function loadSettingsFile(file: string, log: Pick<Logger, 'warn' | 'info'>): LoadedSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaultSettings, needsWrite: false };
    throw error;
  }
  const fallBack = (reason: string): LoadedSettings => {
    const aside = setAside(file);
    log.warn('settings.set_aside', { reason, file: aside });
    return { settings: defaultSettings, needsWrite: false };
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fallBack('not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fallBack('not an object');
  let data = raw as Record<string, unknown>;
  const version = data['schemaVersion'] ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return fallBack('bad schemaVersion');
  if (version > settingsSchemaVersion) return fallBack(`written by a newer OpenPSM (schemaVersion ${version})`);
  if (version < settingsSchemaVersion) {
    const backup = backUp(file, version);
    for (let v = version; v < settingsSchemaVersion; v += 1) {
      const step = migrations[v];
      if (!step) return fallBack(`no migration from schemaVersion ${v}`);
      data = step(data);
    }
    log.info('settings.migrated', { from: version, to: settingsSchemaVersion, backup });
  }
  const parsed = settingsSchema.safeParse(data);
  if (!parsed.success) return fallBack(`invalid at ${parsed.error.issues[0]?.path.join('.') ?? '(root)'}`);
  return { settings: parsed.data, needsWrite: version < settingsSchemaVersion };
}
