import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore } from '../index';
import { serverKeyFrom } from '../secrets/serverKey';
import { newOneTimeCode, normalizeOneTimeCode } from './oneTimeCodes';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('codes');
const hour = 3600;

describe('one-time codes', () => {
  it('are four groups of four base32 characters, read back whatever the case, spacing or look-alike digits', () => {
    const code = newOneTimeCode();
    expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(normalizeOneTimeCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code.replace(/-/g, ''));
    expect(normalizeOneTimeCode('B0I1-8')).toBe('BOIIB');
  });
});

describe.each(targets)('one-time codes on $name', ({ options }) => {
  it('set the password once, before they expire, and only the newest of a person works; only hashes are stored', async () => {
    const store = await openStore(options(), key);
    try {
      const person = await store.persons.create({
        username: 'nina',
        displayName: 'Nina',
        passwordHash: '!',
        roles: [],
      });
      const first = await store.oneTimeCodes.issue(person.id, hour);
      const now = Date.now();
      expect(Date.parse(first.expiresAt)).toBeGreaterThan(now + hour * 1000 - 60_000);
      const second = await store.oneTimeCodes.issue(person.id, hour);
      const rows = await store.db.selectFrom('one_time_codes').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(second.code.replace(/-/g, ''));
      expect(JSON.stringify(rows)).not.toContain(second.code);

      expect(await store.oneTimeCodes.redeem(person.id, first.code, 'hash-1')).toBe(false);
      expect(await store.oneTimeCodes.redeem(person.id, 'AAAA-AAAA-AAAA-AAAA', 'hash-1')).toBe(false);
      expect((await store.persons.findById(person.id))?.passwordHash).toBe('!');
      expect(await store.oneTimeCodes.redeem(person.id, second.code.toLowerCase(), 'hash-2')).toBe(true);
      const after = await store.persons.findById(person.id);
      expect(after?.passwordHash).toBe('hash-2');
      expect(after?.revision).toBe(2);
      expect(await store.oneTimeCodes.redeem(person.id, second.code, 'hash-3')).toBe(false);
      expect((await store.oneTimeCodes.current(person.id))?.usedAt).not.toBeNull();

      const late = await store.oneTimeCodes.issue(person.id, 1, new Date(Date.now() - 5000));
      expect(await store.oneTimeCodes.redeem(person.id, late.code, 'hash-4')).toBe(false);
      expect((await store.persons.findById(person.id))?.passwordHash).toBe('hash-2');
    } finally {
      await store.close();
    }
  });

  it("do not open another person's account", async () => {
    const store = await openStore(options(), key);
    try {
      const nina = await store.persons.create({ username: 'nina', displayName: 'Nina', passwordHash: '!', roles: [] });
      const omar = await store.persons.create({ username: 'omar', displayName: 'Omar', passwordHash: '!', roles: [] });
      const code = await store.oneTimeCodes.issue(nina.id, hour);
      expect(await store.oneTimeCodes.redeem(omar.id, code.code, 'x')).toBe(false);
      expect(await store.oneTimeCodes.redeem(nina.id, code.code, 'x')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
