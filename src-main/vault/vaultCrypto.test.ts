import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as vc from './vaultCrypto';

const cheap = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
const plain = {
  name: 'db-01 root',
  username: 'root',
  kind: 'password' as const,
  secret: 'unit-Secret-4411',
  computers: [],
  updatedAt: '2026-11-24T00:00:00.000Z',
};

describe('vault crypto', () => {
  it('pins the Argon2id defaults: 256 MiB, 3 passes, 4 lanes', () => {
    expect(vc.defaultKdf).toEqual({ memoryKiB: 262144, iterations: 3, parallelism: 4 });
    expect(vc.newKdfParams()).toMatchObject({
      algorithm: 'argon2id',
      memoryKiB: 262144,
      iterations: 3,
      parallelism: 4,
    });
  });

  it('derives the same keys from the same password and salt, different ones otherwise, and enc ≠ auth', async () => {
    const kdf = vc.newKdfParams(cheap);
    const a = await vc.passwordKeys('correct horse battery', kdf);
    const b = await vc.passwordKeys('correct horse battery', kdf);
    const c = await vc.passwordKeys('correct horse batterz', kdf);
    const d = await vc.passwordKeys('correct horse battery', vc.newKdfParams(cheap));
    expect(a.encKey.equals(b.encKey) && a.authKey.equals(b.authKey)).toBe(true);
    expect(a.encKey.equals(a.authKey)).toBe(false);
    expect(a.authKey.equals(c.authKey) || a.authKey.equals(d.authKey)).toBe(false);
  });

  it('opens the vault key only with the right password and an unchanged header', async () => {
    const kdf = vc.newKdfParams(cheap);
    const keys = await vc.passwordKeys('right password here', kdf);
    const vaultKey = crypto.randomBytes(32);
    const header = vc.wrapVaultKey(vaultKey, keys.encKey, { vaultId: crypto.randomUUID(), kdf });
    expect(vc.unwrapVaultKey(header, keys.encKey)?.equals(vaultKey)).toBe(true);
    expect(vc.unwrapVaultKey(header, (await vc.passwordKeys('wrong password here', kdf)).encKey)).toBeNull();
    expect(vc.unwrapVaultKey({ ...header, kdf: { ...kdf, iterations: 2 } }, keys.encKey)).toBeNull();
    expect(vc.unwrapVaultKey({ ...header, vaultId: crypto.randomUUID() }, keys.encKey)).toBeNull();
  });

  it('seals each item with a fresh nonce, and refuses a changed byte or an item moved to another id as VAULT_TAMPERED', () => {
    const vaultKey = crypto.randomBytes(32);
    const header = vc.wrapVaultKey(vaultKey, crypto.randomBytes(32), {
      vaultId: crypto.randomUUID(),
      kdf: vc.newKdfParams(cheap),
    });
    const id = crypto.randomUUID();
    const one = vc.sealItem(vaultKey, header, id, plain);
    const two = vc.sealItem(vaultKey, header, id, plain);
    expect(one.nonce).not.toBe(two.nonce);
    expect(one.ciphertext).not.toContain('unit-Secret');
    expect(vc.openItem(vaultKey, header, one)).toEqual(plain);
    const bytes = Buffer.from(one.ciphertext, 'base64url');
    bytes[3] = (bytes[3] as number) ^ 1;
    expect(() => vc.openItem(vaultKey, header, { ...one, ciphertext: bytes.toString('base64url') })).toThrow(
      expect.objectContaining({ code: 'VAULT_TAMPERED' }),
    );
    expect(() => vc.openItem(vaultKey, header, { ...one, id: crypto.randomUUID() })).toThrow(
      expect.objectContaining({ code: 'VAULT_TAMPERED' }),
    );
    // A password change re-wraps only the vault key: items stay readable under the new header.
    const rewrapped = vc.wrapVaultKey(vaultKey, crypto.randomBytes(32), {
      vaultId: header.vaultId,
      kdf: vc.newKdfParams(cheap),
    });
    expect(vc.openItem(vaultKey, rewrapped, one)).toEqual(plain);
  });

  it('says when a header is below the current defaults (to upgrade it)', () => {
    expect(vc.kdfBelow(vc.newKdfParams(cheap), vc.defaultKdf)).toBe(true);
    expect(vc.kdfBelow(vc.newKdfParams(), vc.defaultKdf)).toBe(false);
    expect(vc.kdfBelow(vc.newKdfParams({ ...vc.defaultKdf, iterations: 2 }), vc.defaultKdf)).toBe(true);
  });
});
