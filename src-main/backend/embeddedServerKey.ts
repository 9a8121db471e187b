import crypto from 'node:crypto';
import type { SecretStore } from '../secrets/secretStore';

const account = 'embedded-server-key';

/**
 * The embedded control plane's key, kept in the OS keychain. Without a keychain it is
 * undefined, and the server keeps its key in an owner-only file in its data folder
 * (a memory-only key would make stored credentials unreadable at the next launch).
 */
export function embeddedServerKey(secrets: SecretStore): Buffer | undefined {
  if (secrets.kind !== 'os-keychain') return undefined;
  let key = secrets.get(account);
  if (!key) {
    key = crypto.randomBytes(32).toString('base64url');
    secrets.set(account, key);
  }
  return Buffer.from(key, 'utf8');
}
