import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDesktopSecretStore, SafeStorageSecretStore } from './safeStorageSecrets';

/** A stand-in for safeStorage: a reversible transform, so plaintext on disk would show. */
const storage = (backend: string, available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend as never,
  encryptString: (text: string) =>
    Buffer.from(`sealed:${Buffer.from(text).toString('hex').split('').reverse().join('')}`),
  decryptString: (data: Buffer) =>
    Buffer.from(data.toString().slice('sealed:'.length).split('').reverse().join(''), 'hex').toString(),
});
const quiet = { info: () => undefined, warn: () => undefined };

describe('secrets in the desktop shell', () => {
  it('keeps only ciphertext on disk, owner-only, and reads it back across instances', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-safe-'));
    const store = openDesktopSecretStore(dir, storage('gnome_libsecret'), quiet);
    expect(store.kind).toBe('os-keychain');
    store.set('oidc-refresh-token:https://psm', 'refresh-token-value-123');
    const file = path.join(dir, 'secrets.json');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('refresh-token-value-123');
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const again = new SafeStorageSecretStore(file, storage('gnome_libsecret'));
    expect(again.get('oidc-refresh-token:https://psm')).toBe('refresh-token-value-123');
    again.delete('oidc-refresh-token:https://psm');
    expect(store.get('oidc-refresh-token:https://psm')).toBeNull();
  });

  it.each([
    ['no encryption', storage('gnome_libsecret', false)],
    ["Linux's basic_text fallback (a fixed key)", storage('basic_text')],
  ])('keeps secrets in memory only with %s', (_name, s) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-safe-'));
    const store = openDesktopSecretStore(dir, s, quiet);
    expect(store.kind).toBe('memory');
    store.set('a', 'b');
    expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false);
  });
});
