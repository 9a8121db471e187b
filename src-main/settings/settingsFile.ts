import fs from 'node:fs';
import path from 'node:path';
import { setAside } from '../files/durableFile';
import { parseVersioned, readDurable, writeVersioned, type FileFormat } from '../files/versionedFile';
import { settingsSchema, settingsSchemaVersion, type Settings } from '@shared/common/api/settings';
import type { Logger } from '@shared/node/logger';
import type { SettingsStore } from './settingsService';

export const defaultSettings: Settings = {
  schemaVersion: settingsSchemaVersion,
  backend: { mode: 'embedded', serverUrl: null },
  logLevel: 'info',
  direct: { guacd: { host: '127.0.0.1', port: 4822, tlsCa: null }, computers: [] },
  vault: { idleLockSeconds: 15 * 60, clipboardClearSeconds: 30 },
  theme: 'system',
};

/**
 * The settings file: migrations by the version they upgrade from. Version 0 is a file
 * without `schemaVersion` (hand-written or from a pre-release build): flat keys
 * `backendMode` and `serverUrl`.
 */
const settingsFormat: FileFormat<Settings> = {
  version: settingsSchemaVersion,
  schema: settingsSchema,
  migrations: {
    0: (old) => ({
      schemaVersion: 1,
      backend: { mode: old['backendMode'] ?? defaultSettings.backend.mode, serverUrl: old['serverUrl'] ?? null },
      logLevel: old['logLevel'] ?? defaultSettings.logLevel,
    }),
    // 2 adds direct mode: the guacd address and the computers defined on this device.
    1: (old) => ({ ...old, schemaVersion: 2, direct: defaultSettings.direct }),
    // 3 adds the vault's idle lock and clipboard clearing times.
    2: (old) => ({ ...old, schemaVersion: 3, vault: defaultSettings.vault }),
  },
};

/** Copies an older file before it is migrated, without overwriting an earlier backup. */
function backUp(file: string, version: number, source = file): string {
  const parsed = path.parse(file);
  let target = path.join(parsed.dir, `${parsed.name}.v${version}.bak${parsed.ext}`);
  for (let n = 1; fs.existsSync(target); n += 1)
    target = path.join(parsed.dir, `${parsed.name}.v${version}.bak.${n}${parsed.ext}`);
  fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
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
  const found = readDurable(file);
  if (!found) return { settings: defaultSettings, needsWrite: false };
  const parsed = parseVersioned(found.text, settingsFormat);
  if ('problem' in parsed) {
    const aside = setAside(found.copy);
    log.warn('settings.set_aside', { reason: parsed.problem, file: aside });
    return { settings: defaultSettings, needsWrite: false };
  }
  if (parsed.from < settingsSchemaVersion) {
    const backup = backUp(file, parsed.from, found.copy);
    log.info('settings.migrated', { from: parsed.from, to: settingsSchemaVersion, backup });
  }
  return { settings: parsed.value, needsWrite: parsed.from < settingsSchemaVersion };
}

/** The settings store: `<dataDir>/settings.json`, written whole, durably and owner-only, tab-indented for people who read it. */
export function openSettingsStore(dataDir: string): SettingsStore {
  const file = path.join(dataDir, 'settings.json');
  return {
    set store(value: Settings) {
      writeVersioned(file, value, { indent: '\t' });
    },
  };
}
