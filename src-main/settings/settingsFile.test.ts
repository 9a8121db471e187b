import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rdpSecurityValues } from '@shared/node/guacd/rdpValues';
import { createLogger } from '@shared/node/logger';
import { defaultSettings, loadSettingsFile, openSettingsStore } from './settingsFile';
import { SettingsService } from './settingsService';

let dir: string;
let file: string;
const logLines: string[] = [];
const log = createLogger({ name: 'test', sink: (l) => logLines.push(l) });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-settings-'));
  file = path.join(dir, 'settings.json');
  logLines.length = 0;
});

const files = () => fs.readdirSync(dir).sort();

describe('loading settings.json', () => {
  it('gives the defaults when there is no file, and writes nothing', () => {
    expect(loadSettingsFile(file, log)).toEqual({ settings: defaultSettings, needsWrite: false });
    expect(files()).toEqual([]);
  });

  it('reads a current file as it is', () => {
    const current = {
      ...defaultSettings,
      backend: { mode: 'remote', serverUrl: 'https://psm.example.com' },
      logLevel: 'debug',
    };
    fs.writeFileSync(file, JSON.stringify(current));
    expect(loadSettingsFile(file, log)).toEqual({ settings: current, needsWrite: false });
  });

  it('backs up and migrates an unversioned (version 0) file', () => {
    const old = JSON.stringify({ backendMode: 'direct', serverUrl: null });
    fs.writeFileSync(file, old);
    const loaded = loadSettingsFile(file, log);
    expect(loaded).toEqual({
      settings: { ...defaultSettings, backend: { mode: 'direct', serverUrl: null } },
      needsWrite: true,
    });
    expect(fs.readFileSync(path.join(dir, 'settings.v0.bak.json'), 'utf8')).toBe(old);
    expect(logLines.some((l) => l.includes('settings.migrated'))).toBe(true);
  });

  it('backs up and migrates a version 1 file, adding direct mode', () => {
    const v1 = JSON.stringify({
      schemaVersion: 1,
      backend: { mode: 'remote', serverUrl: 'https://psm.example.com' },
      logLevel: 'warn',
    });
    fs.writeFileSync(file, v1);
    const loaded = loadSettingsFile(file, log);
    expect(loaded.needsWrite).toBe(true);
    expect(loaded.settings).toEqual({
      ...defaultSettings,
      backend: { mode: 'remote', serverUrl: 'https://psm.example.com' },
      logLevel: 'warn',
    });
    expect(fs.readFileSync(path.join(dir, 'settings.v1.bak.json'), 'utf8')).toBe(v1);
  });

  it('backs up and migrates a version 2 file, adding the vault timers with their defaults', () => {
    const v2 = JSON.stringify({
      schemaVersion: 2,
      backend: { mode: 'embedded', serverUrl: null },
      logLevel: 'info',
      direct: { guacd: { host: '127.0.0.1', port: 4822, tlsCa: null }, computers: [] },
    });
    fs.writeFileSync(file, v2);
    const loaded = loadSettingsFile(file, log);
    expect(loaded).toEqual({ settings: { ...defaultSettings, schemaVersion: 3 }, needsWrite: true });
    expect(loaded.settings.vault).toEqual({ idleLockSeconds: 900, clipboardClearSeconds: 30 });
    expect(fs.readFileSync(path.join(dir, 'settings.v2.bak.json'), 'utf8')).toBe(v2);
  });

  it('reads direct-mode computers saved before RDP settings existed as they are: an RDP one gets the default check', () => {
    const computer = (name: string, protocol: 'rdp' | 'ssh', port: number) => ({
      id: crypto.randomUUID(),
      name,
      protocol,
      host: '10.0.0.5',
      port,
      username: 'ops',
      hasPassword: true,
      disableCopy: false,
      disablePaste: false,
    });
    const before = {
      ...defaultSettings,
      direct: { ...defaultSettings.direct, computers: [computer('win-01', 'rdp', 3389), computer('db-1', 'ssh', 22)] },
    };
    fs.writeFileSync(file, JSON.stringify(before));
    const loaded = loadSettingsFile(file, log);
    expect(loaded).toEqual({ settings: before, needsWrite: false });
    expect(files()).toEqual(['settings.json']);
    const [rdp] = loaded.settings.direct.computers;
    // Its sessions verify the certificate against guacd's store, as a new RDP computer's do.
    expect(rdpSecurityValues(rdp?.protocol ?? '', rdp?.rdp).values).toEqual({ security: 'any' });
  });

  it('keeps an earlier backup when migrating again', () => {
    fs.writeFileSync(path.join(dir, 'settings.v0.bak.json'), 'earlier');
    fs.writeFileSync(file, '{}');
    loadSettingsFile(file, log);
    expect(fs.readFileSync(path.join(dir, 'settings.v0.bak.json'), 'utf8')).toBe('earlier');
    expect(fs.readFileSync(path.join(dir, 'settings.v0.bak.1.json'), 'utf8')).toBe('{}');
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, '],
    ['an array', '[1,2]'],
    ['a newer schemaVersion', JSON.stringify({ schemaVersion: 99, backend: { mode: 'warp' } })],
    ['a bad schemaVersion', JSON.stringify({ schemaVersion: 'one' })],
    ['an invalid field', JSON.stringify({ ...defaultSettings, backend: { mode: 'sideways', serverUrl: null } })],
  ])('sets aside %s as .corrupt and uses the defaults', (_name, text) => {
    fs.writeFileSync(file, text);
    expect(loadSettingsFile(file, log).settings).toEqual(defaultSettings);
    expect(files()).toEqual(['settings.json.corrupt']);
    expect(fs.readFileSync(path.join(dir, 'settings.json.corrupt'), 'utf8')).toBe(text);
  });

  it('never overwrites a file set aside earlier', () => {
    fs.writeFileSync(path.join(dir, 'settings.json.corrupt'), 'first');
    fs.writeFileSync(file, 'second');
    loadSettingsFile(file, log);
    expect(fs.readFileSync(path.join(dir, 'settings.json.corrupt'), 'utf8')).toBe('first');
    expect(fs.readFileSync(path.join(dir, 'settings.json.corrupt.1'), 'utf8')).toBe('second');
  });
});

describe('saving settings', () => {
  it('writes the whole file with its schemaVersion, owner-only', () => {
    const service = new SettingsService(openSettingsStore(dir), defaultSettings);
    service.update({ backend: { mode: 'remote', serverUrl: 'http://127.0.0.1:4100' } });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      ...defaultSettings,
      backend: { mode: 'remote', serverUrl: 'http://127.0.0.1:4100' },
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSettingsFile(file, log).settings.backend.mode).toBe('remote');
  });

  it('leaves the file untouched when a change is refused', () => {
    const service = new SettingsService(openSettingsStore(dir), defaultSettings);
    service.update({ logLevel: 'warn' });
    const before = fs.readFileSync(file, 'utf8');
    expect(() => service.update({ backend: { mode: 'remote', serverUrl: null } })).toThrow(/server URL/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(service.get().backend.mode).toBe('embedded');
  });
});
