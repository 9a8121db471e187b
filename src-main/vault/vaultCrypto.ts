import crypto from 'node:crypto';
import argon2 from 'argon2';
import { credentialPlaintextSchema, type CredentialPlaintext } from '@shared/common/api/vault';
import type { KdfParams, Sealed, SealedItem, VaultHeader } from '@shared/common/api/controlPlane/vault';
import { OpenPsmError } from '@shared/common/errors';

/** Argon2id defaults for new vaults: 256 MiB, 3 passes, 4 lanes. A vault below them is upgraded at its next online unlock. */
export const defaultKdf = { memoryKiB: 256 * 1024, iterations: 3, parallelism: 4 } as const;
export type KdfCost = { memoryKiB: number; iterations: number; parallelism: number };

/** The keys one master password gives. `authKey` alone goes to the server; `encKey` never leaves main. */
export interface PasswordKeys {
  encKey: Buffer;
  authKey: Buffer;
}

/** Stretches the master password: Argon2id with the header's parameters (native `argon2`). */
export async function deriveMasterKey(password: string, kdf: KdfParams): Promise<Buffer> {
  return argon2.hash(password.normalize('NFC'), {
    type: argon2.argon2id,
    memoryCost: kdf.memoryKiB,
    timeCost: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    salt: Buffer.from(kdf.salt, 'base64url'),
    raw: true,
  });
}

/** encKey = HKDF(masterKey, "enc"), authKey = HKDF(masterKey, "auth"); the master key is wiped. */
export function splitMasterKey(masterKey: Buffer): PasswordKeys {
  const hkdf = (info: string) => Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const keys = { encKey: hkdf('enc'), authKey: hkdf('auth') };
  masterKey.fill(0);
  return keys;
}

export async function passwordKeys(password: string, kdf: KdfParams): Promise<PasswordKeys> {
  return splitMasterKey(await deriveMasterKey(password, kdf));
}

export function newKdfParams(cost: KdfCost = defaultKdf): KdfParams {
  return { algorithm: 'argon2id', ...cost, salt: crypto.randomBytes(16).toString('base64url') };
}

/** True when the header's KDF is cheaper than `cost` in memory or passes. */
export function kdfBelow(kdf: KdfParams, cost: KdfCost): boolean {
  return kdf.memoryKiB < cost.memoryKiB || kdf.iterations < cost.iterations;
}

export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64url'), ciphertext: ciphertext.toString('base64url') };
}

/** Opens what `seal` made with the same key and AAD; null when the key is wrong or the bytes were changed. */
export function open(key: Buffer, sealed: Sealed, aad: string): Buffer | null {
  const bytes = Buffer.from(sealed.ciphertext, 'base64url');
  if (bytes.length < 17) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** The header as AAD for the wrapped vault key: its format, vault id and every KDF parameter. */
const headerAad = (header: Pick<VaultHeader, 'format' | 'vaultId' | 'kdf'>) =>
  [
    'openpsm-vault',
    header.format,
    header.vaultId,
    header.kdf.algorithm,
    header.kdf.memoryKiB,
    header.kdf.iterations,
    header.kdf.parallelism,
    header.kdf.salt,
  ].join('|');

/**
 * The header as AAD for an item: its stable part (format and vault id) and the item's id, so an
 * item cannot be moved to another vault or id, and a password change re-wraps only the vault key.
 */
const itemAad = (header: Pick<VaultHeader, 'format' | 'vaultId'>, id: string) =>
  ['openpsm-vault', header.format, header.vaultId, 'item', id].join('|');

/** Wraps the vault key under a password's encKey into a header with those KDF parameters. */
export function wrapVaultKey(vaultKey: Buffer, encKey: Buffer, base: { vaultId: string; kdf: KdfParams }): VaultHeader {
  const header = { format: 1 as const, vaultId: base.vaultId, kdf: base.kdf };
  return { ...header, wrappedKey: seal(encKey, vaultKey, headerAad(header)) };
}

/** The vault key, or null when encKey does not open it (a wrong password, or a changed header). */
export function unwrapVaultKey(header: VaultHeader, encKey: Buffer): Buffer | null {
  const key = open(encKey, header.wrappedKey, headerAad(header));
  return key && key.length === 32 ? key : null;
}

export function sealItem(
  vaultKey: Buffer,
  header: VaultHeader,
  id: string,
  plaintext: CredentialPlaintext,
): SealedItem {
  return { id, ...seal(vaultKey, Buffer.from(JSON.stringify(plaintext), 'utf8'), itemAad(header, id)) };
}

/** Decrypts and parses one item; VAULT_TAMPERED when its bytes fail authentication or its content its schema. */
export function openItem(vaultKey: Buffer, header: VaultHeader, item: SealedItem): CredentialPlaintext {
  const bytes = open(vaultKey, item, itemAad(header, item.id));
  const parsed = bytes ? credentialPlaintextSchema.safeParse(safeJson(bytes.toString('utf8'))) : null;
  if (!parsed?.success) throw new OpenPsmError('VAULT_TAMPERED');
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
