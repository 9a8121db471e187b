import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../identity/passwords';
import { loadGatewayKey, loadServerKey, loadVaultPepper, serverKeyFrom } from './serverKey';

describe('the server key', () => {
  it('seals per purpose: the sealed text hides the secret, another purpose or a changed byte cannot open it', () => {
    const key = serverKeyFrom(crypto.randomBytes(32));
    const sealed = key.seal('credential:1', 'hunter2-but-longer');
    expect(sealed).not.toContain('hunter2');
    expect(key.open('credential:1', sealed)).toBe('hunter2-but-longer');
    expect(() => key.open('credential:2', sealed)).toThrow();
    // Change the second-to-last character for sure (the old one-in-64 case left it as it was).
    const tampered = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => key.open('credential:1', tampered)).toThrow();
  });

  it('reads a Docker-secret style file, refuses a short or missing one with SERVER_KEY_MISSING, and generates an owner-only one when none is set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-key-'));
    fs.writeFileSync(path.join(dir, 'short'), 'too-short');
    expect(() => loadServerKey({ file: path.join(dir, 'short'), dataDir: dir })).toThrow(
      expect.objectContaining({ code: 'SERVER_KEY_MISSING' }),
    );
    expect(() => loadServerKey({ file: path.join(dir, 'absent'), dataDir: dir })).toThrow(
      expect.objectContaining({ code: 'SERVER_KEY_MISSING' }),
    );
    const first = loadServerKey({ dataDir: dir });
    expect(first.generatedAt).toBe(path.join(dir, 'secrets', 'server.key'));
    expect(fs.statSync(first.generatedAt as string).mode & 0o077).toBe(0);
    const again = loadServerKey({ dataDir: dir });
    expect(again.generatedAt).toBeNull();
    expect(again.key.open('x', first.key.seal('x', 'same key'))).toBe('same key');
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });
});

describe('the vault pepper', () => {
  it('is read from its secret file, refused when short or missing, and derived from the server key without one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-pepper-'));
    const key = serverKeyFrom(Buffer.alloc(32, 7));
    const file = path.join(dir, 'pepper');
    fs.writeFileSync(file, `${'p'.repeat(40)}\n`);
    expect(loadVaultPepper(file, key).toString()).toBe('p'.repeat(40));
    fs.writeFileSync(file, 'short');
    expect(() => loadVaultPepper(file, key)).toThrow(/at least 32/);
    expect(() => loadVaultPepper(path.join(dir, 'missing'), key)).toThrow(/ENOENT/);
    expect(loadVaultPepper(undefined, key)).toEqual(key.derive('vault-pepper'));
    expect(loadVaultPepper(undefined, key)).not.toEqual(key.derive('credentials'));
  });

  it('reads the gateway key the same way, 32 bytes either way, and apart from the pepper', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-gateway-'));
    const key = serverKeyFrom(Buffer.alloc(32, 9));
    const file = path.join(dir, 'gateway');
    fs.writeFileSync(file, 'g'.repeat(48));
    expect(loadGatewayKey(file, key)).toHaveLength(32);
    expect(loadGatewayKey(file, key)).toEqual(loadGatewayKey(file, key));
    expect(loadGatewayKey(undefined, key)).not.toEqual(loadVaultPepper(undefined, key));
    fs.writeFileSync(file, 'short');
    expect(() => loadGatewayKey(file, key)).toThrow(/OPENPSM_GATEWAY_KEY_FILE|at least 32/);
  });
});
