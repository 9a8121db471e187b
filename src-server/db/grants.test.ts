import crypto from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { serverKeyFrom } from '../secrets/serverKey';
import { CatalogRepository } from './catalog';
import { openDatabase } from './database';
import { migrateUpTo } from './migrations';
import { openStore, type Store } from './openStore';
import { PersonRepository } from './persons';
import { SessionRegistry } from './sessionRegistry';
import type { Database } from './schema';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('grants');
const hour = 3600_000;

/** Ann reaches a computer under a policy with two levels needing pre-approval, Root and Audit. */
async function lab(db: Kysely<Database>) {
  const catalog = new CatalogRepository(db);
  const persons = new PersonRepository(db);
  const ann = await persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
  const computer = await catalog.createComputer({
    name: 'db',
    protocol: 'ssh',
    host: 'db.lab',
    port: 22,
    jitEnabled: false,
    recording: false,
    liveMonitoring: false,
  });
  const policy = await catalog.createPolicy({
    name: 'Ops',
    persons: [ann.id],
    groups: [],
    computers: [computer],
    credentialKinds: ['shared'],
    accessLevels: [
      { name: 'Root', preApproval: true, groups: [] },
      { name: 'Audit', preApproval: true, groups: [] },
    ],
    mfaRequired: false,
    terms: '',
    maxDurationMinutes: 60,
  });
  const levels = await db.selectFrom('access_levels').select(['id', 'name']).execute();
  const id = (name: string) => levels.find((l) => l.name === name)?.id as string;
  return { ann: ann.id, policy, root: id('Root'), audit: id('Audit') };
}

const window = (fromHours: number, toHours: number) => ({
  startsAt: new Date(Date.now() + fromHours * hour),
  endsAt: new Date(Date.now() + toHours * hour),
});

describe.each(targets)('grants on $name', ({ options }) => {
  const withStore = async (work: (store: Store) => Promise<void>, where = options()) => {
    const store = await openStore(where, key);
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

  it('moves pre-approvals to manual grants ending 8 hours after the migration, and drops self-given ones', async () => {
    const where = options();
    const old = openDatabase({ url: where.databaseUrl, sqlitePath: path.join(where.dataDir, 'openpsm.db') });
    await migrateUpTo(old.db, old.dialect, '024_policy_admin');
    const ids = await lab(old.db as Kysely<Database>);
    const approvals = [
      { access_level_id: ids.root, person_id: ids.ann, approved_by: 'bob', approved_at: '2026-01-01T00:00:00.000Z' },
      { access_level_id: ids.audit, person_id: ids.ann, approved_by: 'ann', approved_at: '2026-01-01T00:00:00.000Z' },
    ];
    await old.db
      .insertInto('access_level_approvals' as never)
      .values(approvals as never)
      .execute();
    await old.close();
    const before = Date.now();
    await withStore(async (store) => {
      const grants = await store.grants.list({});
      expect(grants).toHaveLength(1);
      expect(grants[0]).toMatchObject({
        accessLevelName: 'Root',
        policyName: 'Ops',
        username: 'ann',
        source: 'manual',
        grantedBy: 'bob',
        startsAt: '2026-01-01T00:00:00.000Z',
        state: 'active',
      });
      const ends = Date.parse(grants[0]?.endsAt ?? '');
      expect(ends).toBeGreaterThanOrEqual(before + 8 * hour - 60_000);
      expect(ends).toBeLessThanOrEqual(Date.now() + 8 * hour);
      const levels = await store.catalog.levelsFor(ids.ann, ids.policy);
      expect(levels.map((l) => [l.name, l.approved, l.offered])).toEqual([
        ['Audit', false, false],
        ['Root', true, true],
      ]);
    }, where);
  });

  it('approves a level only inside its window, says when it ran out, and a policy grant approves every level', async () => {
    await withStore(async (store) => {
      const ids = await lab(store.db);
      const give = (accessLevelId: string | null, w: ReturnType<typeof window>, by = 'bob') =>
        store.grants.create({
          personId: ids.ann,
          policyId: ids.policy,
          accessLevelId,
          ...w,
          source: 'manual',
          grantedBy: by,
        });
      const expired = await give(ids.root, window(-2, -1));
      const scheduled = await give(ids.audit, window(1, 2));
      await give(ids.audit, window(-1, 1), 'ann');
      let levels = await store.catalog.levelsFor(ids.ann, ids.policy);
      expect(levels.map((l) => [l.name, l.approved, l.expired, l.grantId])).toEqual([
        ['Audit', false, false, null],
        ['Root', false, true, null],
      ]);
      const whole = await give(null, window(-1, 1));
      levels = await store.catalog.levelsFor(ids.ann, ids.policy);
      // No group carries either level: only the grant gives them, so a session under one depends on it.
      expect(levels.map((l) => [l.name, l.approved, l.grantId, l.grantOnly])).toEqual([
        ['Audit', true, whole.id, true],
        ['Root', true, whole.id, true],
      ]);
      // A session records the grant its level needed, so revoking that grant can end it.
      const computer = await store.catalog.createComputer({
        name: 'db2',
        protocol: 'ssh',
        host: 'db2.lab',
        port: 22,
        jitEnabled: false,
        recording: false,
        liveMonitoring: false,
      });
      const sessionId = crypto.randomUUID();
      await new SessionRegistry(store.db).start({
        id: sessionId,
        personId: ids.ann,
        computerId: computer,
        policyId: ids.policy,
        accessLevelId: ids.root,
        guacdId: '$g',
        recordingName: null,
        grantId: whole.id,
      });
      const stored = await store.db
        .selectFrom('sessions')
        .select('grant_id')
        .where('id', '=', sessionId)
        .executeTakeFirst();
      expect(stored?.grant_id).toBe(whole.id);
      expect((await store.grants.list({ state: 'expired' })).map((g) => g.id)).toEqual([expired.id]);
      expect((await store.grants.list({ state: 'scheduled' })).map((g) => g.id)).toEqual([scheduled.id]);
      expect(await store.grants.revoke(whole.id, 'carol')).toBe(true);
      expect(await store.grants.revoke(whole.id, 'carol')).toBe(false);
      expect(await store.grants.get(whole.id)).toMatchObject({ state: 'revoked', revokedBy: 'carol' });
      expect((await store.grants.list({ state: 'revoked', personId: ids.ann })).map((g) => g.id)).toEqual([whole.id]);
      levels = await store.catalog.levelsFor(ids.ann, ids.policy);
      expect(levels.map((l) => [l.name, l.approved, l.expired])).toEqual([
        ['Audit', false, false],
        ['Root', false, true],
      ]);
    });
  });

  it('offers the people (by search) and every policy with its levels to pick from', async () => {
    await withStore(async (store) => {
      const ids = await lab(store.db);
      await store.persons.create({ username: 'zed', displayName: 'Zed Zimmer', passwordHash: 'h', roles: [] });
      const choices = await store.grants.choices('ZIM');
      expect(choices.persons.map((p) => p.username)).toEqual(['zed']);
      expect(choices.policies).toEqual([
        {
          id: ids.policy,
          name: 'Ops',
          levels: [
            { id: ids.audit, name: 'Audit', preApproval: true },
            { id: ids.root, name: 'Root', preApproval: true },
          ],
        },
      ]);
    });
  });
});
