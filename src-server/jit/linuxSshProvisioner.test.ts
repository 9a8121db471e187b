import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountExists, loginAndWhoami, startSshd, type Sshd } from '../../e2e/support/sshd';
import { LinuxSshProvisioner, newJitAccount } from './linuxSshProvisioner';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd();
}, 20_000);
afterAll(async () => sshd?.stop());

const config = () => ({
  port: sshd.port,
  username: 'root',
  secret: sshd.provisioningKey,
  secretKind: 'private-key' as const,
  hostKeySha256: sshd.hostKeySha256,
});

describe('JIT accounts on Linux over SSH (a real sshd on loopback)', () => {
  it('creates an account that logs in with its password, and removes it so the login fails', async () => {
    const provisioner = new LinuxSshProvisioner(15_000);
    const account = newJitAccount();
    await provisioner.create('127.0.0.1', config(), account);
    try {
      expect(await loginAndWhoami(sshd.port, account.username, account.password)).toBe(account.username);
    } finally {
      await provisioner.remove('127.0.0.1', config(), account.username);
    }
    expect(accountExists(account.username)).toBe(false);
    await expect(loginAndWhoami(sshd.port, account.username, account.password)).rejects.toThrow(/authentication/i);
    // Removing an account that is already gone is not an error.
    await provisioner.remove('127.0.0.1', config(), account.username);
  }, 40_000);

  it('refuses a host key that is not the pinned one, saying which it saw', async () => {
    const provisioner = new LinuxSshProvisioner(10_000);
    await expect(
      provisioner.create('127.0.0.1', { ...config(), hostKeySha256: `SHA256:${'A'.repeat(43)}` }, newJitAccount()),
    ).rejects.toThrow(`is ${sshd.hostKeySha256}, not the pinned`);
  });

  it('makes names Linux accepts and passwords that never repeat', () => {
    const accounts = Array.from({ length: 50 }, newJitAccount);
    for (const a of accounts) {
      expect(a.username).toMatch(/^psm-[a-z0-9]{10}$/);
      expect(a.password).toMatch(/^[A-Za-z0-9]{24}$/);
    }
    expect(new Set(accounts.map((a) => a.password)).size).toBe(50);
  });
});
