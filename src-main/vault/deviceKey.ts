import crypto from 'node:crypto';
import { z } from 'zod';
import type { Sealed } from '@shared/common/api/controlPlane/vault';
import type { SecretStore } from '../secrets/secretStore';
import { open, seal, type PasswordKeys } from './vaultCrypto';

const account = (personId: string) => `vault-device-key:${personId}`;
const aad = (personId: string) => `openpsm-vault-remembered|${personId}`;
const keysSchema = z.object({ encKey: z.string().length(43), authKey: z.string().length(43) });

/**
 * "Remember on this device": a random device key lives in the OS keychain; the password's keys
 * are kept wrapped under it in the vault cache. Neither half alone opens the vault.
 */
export class DeviceKeys {
  constructor(private readonly secrets: SecretStore) {}

  get available(): boolean {
    return this.secrets.kind === 'os-keychain';
  }

  has(personId: string): boolean {
    try {
      return this.available && this.secrets.get(account(personId)) !== null;
    } catch {
      return false;
    }
  }

  /** Wraps the keys under this device's key (made on first use); null without an OS keychain. */
  remember(personId: string, keys: PasswordKeys): Sealed | null {
    if (!this.available) return null;
    let stored = this.secrets.get(account(personId));
    if (!stored) {
      stored = crypto.randomBytes(32).toString('base64url');
      this.secrets.set(account(personId), stored);
    }
    const plain = Buffer.from(
      JSON.stringify({ encKey: keys.encKey.toString('base64url'), authKey: keys.authKey.toString('base64url') }),
    );
    return seal(Buffer.from(stored, 'base64url'), plain, aad(personId));
  }

  /** The remembered keys, or null when this device's key is gone or does not open them. */
  recall(personId: string, wrapped: Sealed): PasswordKeys | null {
    const stored = this.available ? this.secrets.get(account(personId)) : null;
    if (!stored) return null;
    const plain = open(Buffer.from(stored, 'base64url'), wrapped, aad(personId));
    if (!plain) return null;
    const parsed = keysSchema.safeParse(JSON.parse(plain.toString('utf8')));
    plain.fill(0);
    return parsed.success
      ? { encKey: Buffer.from(parsed.data.encKey, 'base64url'), authKey: Buffer.from(parsed.data.authKey, 'base64url') }
      : null;
  }

  forget(personId: string): void {
    if (this.available) this.secrets.delete(account(personId));
  }
}
