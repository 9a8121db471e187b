import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import { serverKeyFrom } from '../secrets/serverKey';
import { openStore, type Store } from './openStore';
import { ReachCache } from './reachCache';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('reachcache');

/** My Resources' computers as "policy/computer (why a one-click Connect cannot start, or ok)". */
const shown = (groups: ResourceGroup[]) =>
  groups.flatMap((g) => g.computers.map((c) => `${g.policyName}/${c.name} (${c.connectProblem ?? 'ok'})`));

function addComputer(store: Store, name: string, tags: string[] = []) {
  return store.computers.create({
    name,
    protocol: 'ssh',
    host: `${name}.lab`,
    port: 22,
    tags,
    jitEnabled: false,
    recording: true,
    liveMonitoring: true,
  });
}

type Names = { persons?: string[]; groups?: string[]; computers?: string[]; tags?: string[] };

/** A policy offering the shared credential, asking nothing, naming whom and what it reaches. */
const policy = (name: string, names: Names) => ({
  name,
  persons: names.persons ?? [],
  groups: names.groups ?? [],
  computers: names.computers ?? [],
  tags: names.tags ?? [],
  credentialKinds: ['shared' as const],
  accessLevels: [],
  mfaRequired: false,
  authorization: null,
  terms: '',
  maxDurationMinutes: 60,
});

const newPerson = (store: Store) =>
  store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] }).then((p) => p.id);

describe.each(targets)('My Resources kept between loads, on $name', (target) => {
  it('shows every write to what the person reaches at the next load, by this server or another on the same database', async () => {
    const options = target.options();
    const store = await openStore(options, key);
    const other = await openStore(options, key);
    try {
      const me = await newPerson(store);
      const load = async () => shown(await store.catalog.resourcesFor(me, true));
      expect(await load()).toEqual([]);

      const web = await addComputer(store, 'web');
      const ops = await store.policies.create(policy('ops', { persons: [me], computers: [web] }), 'alice');
      expect(await load()).toEqual(['ops/web (NO_SHARED_CREDENTIAL)']);
      expect(await load()).toEqual(['ops/web (NO_SHARED_CREDENTIAL)']);
      const credential = await store.credentials.create({ computerId: web, username: 'root', secret: 'S' });
      expect(await load()).toEqual(['ops/web (ok)']);

      // Another server on the same database adds a tagged computer, names the tag, then retags it.
      const db1 = await addComputer(other, 'db1', ['prod']);
      await other.policies.create(policy('prod', { persons: [me], tags: ['prod'] }), 'alice');
      expect(await load()).toEqual(['ops/web (ok)', 'prod/db1 (NO_SHARED_CREDENTIAL)']);
      const detail = (await other.computers.get(db1))!;
      await other.computers.update(detail, { revision: detail.revision, tags: ['lab'] });
      expect(await load()).toEqual(['ops/web (ok)']);

      // Through a group instead of by name, then out of the group and back in.
      const group = await store.persons.createGroup('team', [me]);
      await store.policies.update(ops, 1, policy('ops', { groups: [group], computers: [web] }), 'alice');
      expect(await load()).toEqual(['ops/web (ok)']);
      await other.db.deleteFrom('memberships').where('person_id', '=', me).execute();
      expect(await load()).toEqual([]);
      await store.persons.addMember(group, me);
      expect(await load()).toEqual(['ops/web (ok)']);

      await other.credentials.remove(credential.id);
      expect(await load()).toEqual(['ops/web (NO_SHARED_CREDENTIAL)']);
      await other.computers.remove(web);
      expect(await load()).toEqual([]);
    } finally {
      await other.close();
      await store.close();
    }
  }, 60_000);

  it('reads the reach once while nothing changes, and again after a write', async () => {
    const store = await openStore(target.options(), key);
    try {
      const me = await newPerson(store);
      const cache = new ReachCache(store.db);
      const first = await cache.reachOf(me);
      expect(await cache.reachOf(me)).toBe(first);
      await addComputer(store, 'web');
      const after = await cache.reachOf(me);
      expect(after).not.toBe(first);
      expect(await cache.reachOf(me)).toBe(after);
    } finally {
      await store.close();
    }
  });
});

describe('the kept reach', () => {
  it('keeps at most its size of people, dropping the least recently asked', async () => {
    const store = await openStore(targets[0]!.options(), key);
    try {
      const cache = new ReachCache(store.db, 2);
      const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      const firstA = await cache.reachOf(a);
      const firstB = await cache.reachOf(b);
      expect(await cache.reachOf(a)).toBe(firstA);
      // b is now the least recently asked: c takes its place, a stays.
      await cache.reachOf(c);
      expect(await cache.reachOf(a)).toBe(firstA);
      expect(await cache.reachOf(b)).not.toBe(firstB);
    } finally {
      await store.close();
    }
  });
});
