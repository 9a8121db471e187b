import path from 'node:path';
import type { SafeStorage } from 'electron';
import { z } from 'zod';
import type { Logger } from '@shared/node/logger';
import { parseVersioned, readDurable, writeVersioned, type FileFormat } from '../files/versionedFile';
import { MemorySecretStore, type SecretStore } from '../secrets/secretStore';

type Storage = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

const secretsFormat: FileFormat<{ schemaVersion: 1; entries: Record<string, string> }> = {
  version: 1,
  schema: z.object({ schemaVersion: z.literal(1), entries: z.record(z.string(), z.string()) }),
};

/**
 * Secrets encrypted with Electron's safeStorage (its key lives in the OS keychain) and kept
 * in one owner-only file. Only ciphertext touches the disk.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;

  constructor(
    private readonly file: string,
    private readonly storage: Storage,
  ) {}

  get(account: string): string | null {
    const sealed = this.read()[account];
    if (!sealed) return null;
    try {
      return this.storage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      return null;
    }
  }

  set(account: string, secret: string): void {
    const entries = this.read();
    entries[account] = this.storage.encryptString(secret).toString('base64');
    this.write(entries);
  }

  delete(account: string): void {
    const entries = this.read();
    if (!(account in entries)) return;
    delete entries[account];
    this.write(entries);
  }

  private read(): Record<string, string> {
    const found = readDurable(this.file);
    const parsed = found ? parseVersioned(found.text, secretsFormat) : null;
    return parsed && 'value' in parsed ? { ...parsed.value.entries } : {};
  }

  /** Written durably (fsync, atomic rename, previous copy kept): a crash never loses the refresh token or the server key. */
  private write(entries: Record<string, string>): void {
    writeVersioned(this.file, { schemaVersion: 1, entries });
  }
}

/**
 * safeStorage when it encrypts with a real OS keychain, else memory for this launch only.
 * On Linux without a keyring Electron falls back to `basic_text` (a fixed key): that is
 * no keychain, and is treated as such.
 */
export function openDesktopSecretStore(
  dataDir: string,
  storage: Storage,
  log: Pick<Logger, 'info' | 'warn'>,
): SecretStore {
  const backend = process.platform === 'linux' ? storage.getSelectedStorageBackend() : 'os';
  if (storage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown') {
    log.info('secrets.store', { kind: 'os-keychain', via: 'safeStorage' });
    return new SafeStorageSecretStore(path.join(dataDir, 'secrets.json'), storage);
  }
  log.warn('secrets.no_keychain', { reason: `safeStorage backend ${backend}` });
  return new MemorySecretStore();
}
