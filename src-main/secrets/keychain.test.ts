import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { ComputerService } from '../computers/computerService';
import { defaultSettings, openSettingsStore } from '../settings/settingsFile';
import { SettingsService } from '../settings/settingsService';
import { KeyringSecretStore, openSecretStore } from './secretStore';

/**
 * The OS keychain for real: a private D-Bus session bus and gnome-keyring (Debian's dbus and
 * gnome-keyring, from the test package list), in a throwaway home. The tests run against
 * the Secret Service the way a Linux desktop would offer it.
 */
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-keyring-'));
const children: ChildProcess[] = [];
const log = createLogger({ name: 't', sink: () => undefined });

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no output within 5 s')), 5000);
    child.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString().trim().split('\n')[0] ?? '');
    });
    child.once('error', reject);
  });
}

beforeAll(async () => {
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: home };
  // A session bus with an unlocked login keyring, alive for at most 60 s; it prints its address.
  const session = spawn(
    'dbus-run-session',
    [
      '--',
      'sh',
      '-c',
      'printf test-keyring-unlock | gnome-keyring-daemon --login >/dev/null 2>&1; gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; echo "$DBUS_SESSION_BUS_ADDRESS"; sleep 60',
    ],
    { env, stdio: ['ignore', 'pipe', 'ignore'], detached: true },
  );
  children.push(session);
  process.env['DBUS_SESSION_BUS_ADDRESS'] = await firstLine(session);
  for (let tries = 0; ; tries += 1) {
    try {
      const probe = new KeyringSecretStore();
      probe.set('ready-probe', 'x');
      probe.delete('ready-probe');
      break;
    } catch (error) {
      if (tries > 50) throw new Error('gnome-keyring did not answer within 5 s', { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

afterAll(() => {
  // The whole process group: dbus-run-session, its shell, the keyring daemon.
  for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGKILL');
  delete process.env['DBUS_SESSION_BUS_ADDRESS'];
  fs.rmSync(home, { recursive: true, force: true });
});

describe('passwords in the OS keychain (Secret Service)', () => {
  it('is chosen when the keychain answers its probe', () => {
    expect(openSecretStore(log).kind).toBe('os-keychain');
  });

  it('keeps a computer’s password across a restart, never in the settings file', () => {
    const dir = fs.mkdtempSync(path.join(home, 'data-'));
    const settings = new SettingsService(openSettingsStore(dir), defaultSettings);
    const computers = new ComputerService(settings, new KeyringSecretStore());
    const saved = computers.save({
      name: 'db-1',
      protocol: 'ssh',
      host: '10.0.0.5',
      port: 22,
      username: 'ops',
      password: 'psmtest-Pass1',
      disableCopy: false,
      disablePaste: false,
    });
    expect(saved.hasPassword).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).not.toContain('psmtest-Pass1');
    // A new store, as after a restart: the keychain still has it.
    const again = new ComputerService(settings, new KeyringSecretStore());
    expect(again.withSecret(saved.id).password).toBe('psmtest-Pass1');
    again.remove(saved.id);
    expect(new KeyringSecretStore().get(`computer:${saved.id}`)).toBeNull();
  });
});
