import { Entry } from '@napi-rs/keyring';
import type { Logger } from '@shared/node/logger';

/** Where passwords are kept: the OS keychain, or memory for this launch only. */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'memory';
  get(account: string): string | null;
  set(account: string, secret: string): void;
  delete(account: string): void;
}

const service = 'OpenPSM';

/** Keeps secrets in this process only: gone when the app stops. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();
  get(account: string): string | null {
    return this.secrets.get(account) ?? null;
  }
  set(account: string, secret: string): void {
    this.secrets.set(account, secret);
  }
  delete(account: string): void {
    this.secrets.delete(account);
  }
}

/** The OS keychain through @napi-rs/keyring (Secret Service, Keychain, Credential Manager). */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  constructor(
    private readonly entry: (account: string) => Pick<Entry, 'getPassword' | 'setPassword' | 'deletePassword'> = (a) =>
      new Entry(service, a),
  ) {}
  get(account: string): string | null {
    return this.entry(account).getPassword() ?? null;
  }
  set(account: string, secret: string): void {
    this.entry(account).setPassword(secret);
  }
  delete(account: string): void {
    try {
      this.entry(account).deletePassword();
    } catch {
      // Nothing kept under that name: nothing to delete.
    }
  }
}

/**
 * The OS keychain when it answers a probe (write, read back, delete), else memory. Headless
 * Linux without a Secret Service answers AccessDenied: the app then says "no OS keychain".
 */
export function openSecretStore(
  log: Pick<Logger, 'info' | 'warn'>,
  keyring: SecretStore = new KeyringSecretStore(),
): SecretStore {
  const probe = `probe-${process.pid}`;
  try {
    keyring.set(probe, 'probe');
    const ok = keyring.get(probe) === 'probe';
    keyring.delete(probe);
    if (ok) {
      log.info('secrets.store', { kind: 'os-keychain' });
      return keyring;
    }
  } catch (error) {
    log.warn('secrets.no_keychain', { reason: error instanceof Error ? error.message : String(error) });
  }
  return new MemorySecretStore();
}
