import crypto from 'node:crypto';
import { expect, it } from 'vitest';
import { defaultKdf, newKdfParams, passwordKeys, unwrapVaultKey, wrapVaultKey } from '@main/vault/vaultCrypto';
import { reportBench, reportSamples } from './report';

/** Bitwarden's Argon2id defaults (64 MiB, 3 iterations, 4 lanes), the peer the issue names. */
const bitwarden = { memoryKiB: 64 * 1024, iterations: 3 };

/** One unlock at the production defaults: the Argon2id call and the vault-key unwrap, no network, no delay. */
it('vault_unlock_default', async () => {
  const password = 'bench-Master-Password-1';
  const kdf = newKdfParams(defaultKdf);
  const vaultKey = crypto.randomBytes(32);
  const header = wrapVaultKey(vaultKey, (await passwordKeys(password, kdf)).encKey, {
    vaultId: crypto.randomUUID(),
    kdf,
  });
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const start = process.hrtime.bigint();
    const keys = await passwordKeys(password, header.kdf);
    const opened = unwrapVaultKey(header, keys.encKey);
    samples.push(Number(process.hrtime.bigint() - start) / 1e9);
    expect(opened?.equals(vaultKey)).toBe(true);
  }
  reportSamples('vault_unlock_default', samples, 's');
});

/** Memory × iterations of our defaults over Bitwarden's: how much more each guess costs an attacker. */
it('vault_kdf_cost_vs_bitwarden', () => {
  const ratio = (defaultKdf.memoryKiB * defaultKdf.iterations) / (bitwarden.memoryKiB * bitwarden.iterations);
  expect(ratio).toBeGreaterThan(0);
  reportBench('vault_kdf_cost_vs_bitwarden', ratio, 'x');
});
