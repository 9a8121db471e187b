import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore } from '../index';
import { serverKeyFrom } from '../secrets/serverKey';
import { storeTargets } from './storeTargets.testkit';
import { PersonDirectory, peoplePageSize } from './personDirectory';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('people');

describe.each(targets)('the People directory on $name', ({ options }) => {
  it('searches name, username and email case-blind, filters, and pages by username', async () => {
    const store = await openStore(options(), key);
    try {
      const people = new PersonDirectory(store.db, store.dialect);
      for (let i = 0; i < peoplePageSize + 5; i += 1)
        await store.persons.create({
          username: `p${String(i).padStart(3, '0')}`,
          displayName: i === 7 ? 'Zoë 50% Under_score' : `Person ${i}`,
          passwordHash: 'h',
          roles: i % 10 === 0 ? ['auditor'] : [],
          email: i === 3 ? 'Three@Corp.test' : null,
        });
      const first = await people.search({});
      expect(first.persons).toHaveLength(peoplePageSize);
      const second = await people.search({ cursor: first.nextCursor ?? '' });
      expect(second).toMatchObject({ nextCursor: null });
      expect(second.persons.map((p) => p.username)).toEqual(['p050', 'p051', 'p052', 'p053', 'p054']);
      expect((await people.search({ query: 'three@corp' })).persons.map((p) => p.username)).toEqual(['p003']);
      expect((await people.search({ query: '50%' })).persons.map((p) => p.username)).toEqual(['p007']);
      expect((await people.search({ role: 'auditor' })).persons).toHaveLength(6);
      expect((await people.search({ source: 'federated' })).persons).toHaveLength(0);
      expect((await people.search({ source: 'service' })).persons).toHaveLength(0);
      const p001 = (await store.persons.findByUsername('p001'))?.id as string;
      expect(await store.persons.update(p001, { revision: 1, disabled: true })).toBe(true);
      expect(await store.persons.update(p001, { revision: 1, department: 'Sales' })).toBe('stale');
      expect((await people.search({ disabled: 'true' })).persons).toMatchObject([{ username: 'p001', revision: 2 }]);
    } finally {
      await store.close();
    }
  });

  it('hides a deleted person from lists and sign-in, and frees the username only on request', async () => {
    const store = await openStore(options(), key);
    try {
      const ann = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
      const ops = await store.persons.createGroup('ops', [ann.id]);
      expect(await store.persons.markDeleted(ann.id)).toBe(true);
      expect(await store.persons.markDeleted(ann.id)).toBe(false);
      expect(await store.persons.findByUsername('ann')).toBeUndefined();
      expect(await store.persons.findById(ann.id)).toMatchObject({ displayName: 'Ann', disabled: true });
      expect(await store.persons.groupsOf(ann.id)).toEqual([]);
      expect(ops).toBeTruthy();
      expect((await new PersonDirectory(store.db, store.dialect).search({ query: 'ann' })).persons).toEqual([]);
      expect(await store.persons.deletedHolder('ann')).toBe(ann.id);
      await store.persons.releaseUsername(ann.id, 'ann');
      const again = await store.persons.create({
        username: 'ann',
        displayName: 'Ann II',
        passwordHash: 'h',
        roles: [],
      });
      expect((await store.persons.findByUsername('ann'))?.id).toBe(again.id);
    } finally {
      await store.close();
    }
  });
});
