import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiKey, readApiKeyArgs } from '../apiKeyCommand';
import { openStore } from '../index';
import { serverKeyFrom } from '../secrets/serverKey';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('keys');

const later = (ms: number) => new Date(Date.now() + ms).toISOString();

describe.each(targets)('API keys on $name', ({ options }) => {
  it('checks a key by its secret (stored only as a hash), records its last use, and refuses it revoked or expired', async () => {
    const store = await openStore(options(), key);
    try {
      const account = await store.persons.create({
        username: 'ci-bot',
        displayName: 'CI',
        passwordHash: '!',
        roles: ['administrator', 'auditor'],
        source: 'service',
      });
      expect(await store.apiKeys.serviceAccounts()).toEqual([
        { id: account.id, username: 'ci-bot', roles: ['administrator', 'auditor'] },
      ]);
      const made = await store.apiKeys.create({
        personId: account.id,
        name: 'ci',
        roles: ['auditor'],
        expiresAt: later(60_000),
        createdBy: 'alice',
      });
      const row = await store.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
      expect(made.key).not.toContain(row.secret_hash);
      expect(JSON.stringify(row)).not.toContain(made.key.slice(-43));
      const wrong = `${made.key.slice(0, -1)}${made.key.endsWith('A') ? 'B' : 'A'}`;
      expect(await store.apiKeys.check(wrong)).toBeNull();
      expect(await store.apiKeys.check(made.key)).toEqual({ keyId: made.id, personId: account.id, roles: ['auditor'] });
      expect((await store.apiKeys.list())[0]?.lastUsedAt).not.toBeNull();
      expect(await store.apiKeys.check(made.key, new Date(Date.now() + 120_000))).toBeNull();
      await expect(
        store.apiKeys.create({ personId: account.id, name: 'ci', roles: [], expiresAt: later(1), createdBy: 'a' }),
      ).rejects.toThrow();
      expect(await store.apiKeys.revoke(made.id)).toEqual({ name: 'ci', wasRevoked: false });
      expect(await store.apiKeys.check(made.key)).toBeNull();
      expect(await store.apiKeys.revoke(crypto.randomUUID())).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('`api-key create` makes the service account and prints its first key once', async () => {
    const store = await openStore(options(), key);
    try {
      const printed = await createApiKey(store, readApiKeyArgs(['create', '--name', 'ci', '--role', 'administrator']));
      const printedKey = /opsm_\S+/.exec(printed)?.[0] ?? '';
      const holder = await store.apiKeys.check(printedKey);
      expect(holder?.roles).toEqual(['administrator']);
      expect((await store.persons.findByUsername('ci'))?.source).toBe('service');
      await expect(
        createApiKey(store, readApiKeyArgs(['create', '--name', 'ci', '--role', 'administrator'])),
      ).rejects.toThrow('exists already');
    } finally {
      await store.close();
    }
  });
});

describe('api-key command line', () => {
  it('reads the name, roles and days, and refuses anything else with the usage', () => {
    expect(readApiKeyArgs(['create', '--name', 'ci', '--role', 'auditor', '--role', 'administrator'])).toEqual({
      name: 'ci',
      roles: ['auditor', 'administrator'],
      days: 90,
    });
    expect(() => readApiKeyArgs(['create', '--name', 'ci', '--role', 'root'])).toThrow('--role');
    expect(() => readApiKeyArgs(['create', '--name', 'x'.repeat(65), '--role', 'auditor'])).toThrow('--name');
    expect(() => readApiKeyArgs(['delete', '--name', 'ci', '--role', 'auditor'])).toThrow('Use: api-key create');
    expect(() => readApiKeyArgs(['create', '--name', 'ci', '--role', 'auditor', '--days', '0'])).toThrow('--days');
  });
});
