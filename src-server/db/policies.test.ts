import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverKeyFrom } from '../secrets/serverKey';
import { openDatabase } from './database';
import { createGroupRecord } from './groups';
import { migrateToLatest, migrateUpTo } from './migrations';
import { openStore, type Store } from './openStore';
import { computerReach } from './policyReach';
import type { PolicyInput } from './policyWrites';
import { SessionRegistry } from './sessionRegistry';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('policies');

/** Two people (one through a group), a picked computer and a tagged one, and a policy over both. */
async function lab(store: Store) {
  const ann = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
  const bob = await store.persons.create({ username: 'bob', displayName: 'Bob', passwordHash: 'h', roles: [] });
  const ops = await createGroupRecord(store.db, { name: 'ops', members: [bob.id], directory: null, rule: null });
  const computer = (name: string) =>
    store.catalog.createComputer({
      name,
      protocol: 'ssh',
      host: `${name}.lab`,
      port: 22,
      jitEnabled: false,
      recording: true,
      liveMonitoring: true,
    });
  const picked = await computer('picked');
  const tagged = await computer('tagged');
  await store.db.insertInto('computer_tags').values({ computer_id: tagged, tag: 'linux' }).execute();
  const input: PolicyInput = {
    name: 'Ops',
    persons: [ann.id],
    groups: [ops],
    computers: [picked],
    tags: ['linux'],
    credentialKinds: ['shared', 'personal'],
    accessLevels: [
      { name: 'read-only', preApproval: false, groups: [ops], targetAccount: 'svc-ro' },
      { name: 'admin', preApproval: true, groups: [], targetAccount: 'root' },
    ],
    mfaRequired: false,
    terms: 'Be careful (v1).',
    maxDurationMinutes: 60,
    recording: true,
  };
  const id = await store.policies.create(input, 'admin');
  return { ann, bob, ops, picked, tagged, input, id };
}

describe.each(targets)('access request policies on $name', ({ options }) => {
  const open = () => openStore(options(), key);

  it('reads a policy back with its tags and target accounts, and lists it with counts', async () => {
    const store = await open();
    const { id, picked, ops } = await lab(store);
    const policy = await store.policies.get(id);
    expect(policy).toMatchObject({ revision: 1, name: 'Ops', computers: [picked], tags: ['linux'], groups: [ops] });
    expect(policy?.accessLevels.map((l) => [l.name, l.targetAccount, l.preApproval])).toEqual([
      ['admin', 'root', true],
      ['read-only', 'svc-ro', false],
    ]);
    expect(await store.policies.list()).toEqual([
      expect.objectContaining({ id, persons: 1, groups: 1, computers: 1, tags: ['linux'], accessLevels: 2 }),
    ]);
    expect(await store.policies.termsAt(id, 1)).toBe('Be careful (v1).');
    await store.close();
  });

  it('edits into a new revision: kept levels keep their ids, the old terms stay readable, a stale edit changes nothing', async () => {
    const store = await open();
    const { id, input } = await lab(store);
    const before = await store.policies.get(id);
    const readOnly = before?.accessLevels.find((l) => l.name === 'read-only');
    const edit: PolicyInput = {
      ...input,
      terms: 'Be very careful (v2).',
      recording: false,
      accessLevels: [
        { ...readOnly!, name: 'viewer' },
        { name: 'operator', preApproval: false, groups: [] },
      ],
    };
    expect(await store.policies.update(id, 1, edit, 'admin')).toBe(true);
    const after = await store.policies.get(id);
    expect(after?.revision).toBe(2);
    expect(after?.recording).toBe(false);
    expect(after?.accessLevels.find((l) => l.name === 'viewer')?.id).toBe(readOnly?.id);
    expect(after?.accessLevels.map((l) => l.name).sort()).toEqual(['operator', 'viewer']);
    expect(await store.policies.termsAt(id, 1)).toBe('Be careful (v1).');
    expect(await store.policies.termsAt(id, 2)).toBe('Be very careful (v2).');
    expect(await store.policies.update(id, 1, { ...edit, name: 'Stale' }, 'admin')).toBe(false);
    expect((await store.policies.get(id))?.name).toBe('Ops');
    await store.close();
  });

  it('covers computers by tag: My Resources lists them, and Connect knows the revision and target accounts', async () => {
    const store = await open();
    const { id, ann, bob, picked, tagged } = await lab(store);
    const groups = await store.catalog.resourcesFor(ann.id, true);
    expect(groups[0]?.computers.map((c) => c.computerId).sort()).toEqual([picked, tagged].sort());
    const target = await store.catalog.connectTarget(bob.id, id, tagged);
    expect(target?.policyRevision).toBe(1);
    expect(target?.levels.find((l) => l.name === 'read-only')).toMatchObject({
      offered: true,
      targetAccount: 'svc-ro',
    });
    await store.db.deleteFrom('computer_tags').where('computer_id', '=', tagged).execute();
    expect(await store.catalog.connectTarget(bob.id, id, tagged)).toBeNull();
    await store.close();
  });

  it('says who can reach a computer: its policies, and the people directly and through groups', async () => {
    const store = await open();
    const { id, tagged } = await lab(store);
    const reach = await computerReach(store.db, tagged);
    expect(reach.policies).toEqual([{ id, name: 'Ops', via: ['tag linux'], credentialKinds: ['shared', 'personal'] }]);
    expect(reach.people.map((p) => [p.username, p.via, p.credentialKinds])).toEqual([
      ['ann', ['Ops: direct'], ['shared', 'personal']],
      ['bob', ['Ops: group ops'], ['shared', 'personal']],
    ]);
    await store.close();
  });

  it("logs in as a level's target account: that username's credential at its current version", async () => {
    const store = await open();
    const { picked } = await lab(store);
    await store.credentials.create({ computerId: picked, username: 'root', secret: 'First-Secret-1' });
    const ro = await store.credentials.create({ computerId: picked, username: 'svc-ro', secret: 'Old-Secret-1' });
    await store.credentials.rotate(ro.id, ro.revision, { secret: 'Second-Secret-2' });
    expect((await store.credentials.current(picked, 'svc-ro'))?.secret).toBe('Second-Secret-2');
    expect((await store.credentials.current(picked, 'root'))?.secret).toBe('First-Secret-1');
    expect(await store.credentials.current(picked, 'nobody')).toBeUndefined();
    await store.close();
  });

  it('deletes a policy with its tags and level groups; the terms people agreed to stay', async () => {
    const store = await open();
    const { id } = await lab(store);
    expect(await store.policies.remove(id, 'admin')).toBe(true);
    expect(await store.policies.get(id)).toBeUndefined();
    expect(await store.db.selectFrom('policy_tags').selectAll().where('policy_id', '=', id).execute()).toEqual([]);
    expect(await store.db.selectFrom('access_level_groups').selectAll().execute()).toEqual([]);
    expect(await store.policies.termsAt(id, 1)).toBe('Be careful (v1).');
    expect(await store.policies.remove(id, 'admin')).toBe(false);
    await store.close();
  });

  it('deleting a policy keeps its sessions and revisions, frees its name, and takes it out of lists, resources and reach', async () => {
    const store = await open();
    const { id, ann, bob, picked, tagged, input } = await lab(store);
    const sessions = new SessionRegistry(store.db);
    await sessions.start({
      id: crypto.randomUUID(),
      personId: ann.id,
      computerId: picked,
      policyId: id,
      accessLevelId: null,
      policyRevision: 1,
      guacdId: '$g1',
      recordingName: null,
    });
    const level = (await store.policies.get(id))?.accessLevels[0]?.id ?? '';
    const granted = await store.grants.create({
      personId: ann.id,
      policyId: id,
      accessLevelId: level,
      startsAt: new Date(Date.now() - 1000),
      endsAt: new Date(Date.now() + 3_600_000),
      source: 'manual',
      grantedBy: 'admin',
    });
    expect(await store.policies.remove(id, 'admin')).toBe(true);
    const kept = await store.db.selectFrom('sessions').select('policy_id').where('policy_id', '=', id).execute();
    expect(kept).toHaveLength(1);
    const row = await store.db
      .selectFrom('access_request_policies')
      .select(['name', 'deleted_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(`Ops (deleted ${id.slice(0, 8)})`);
    expect(row.deleted_at).not.toBeNull();
    expect(await store.policies.termsAt(id, 1)).toBe('Be careful (v1).');
    expect(await store.grants.get(granted.id)).toMatchObject({ state: 'revoked', revokedBy: 'admin' });
    // Nothing can be granted on it any more.
    expect(await store.grants.policyExists(id)).toBe(false);
    expect(await store.grants.policyOfLevel(level)).toBeUndefined();
    expect((await store.grants.choices('')).policies.map((p) => p.id)).not.toContain(id);
    expect(await store.policies.list()).toEqual([]);
    expect(await store.policies.revisionOf(id)).toBeNull();
    expect(await store.policies.update(id, 1, { ...input, name: 'Revived' }, 'admin')).toBe(false);
    expect(await store.catalog.resourcesFor(ann.id, true)).toEqual([]);
    expect(await store.catalog.connectTarget(bob.id, id, tagged)).toBeNull();
    expect(await computerReach(store.db, tagged)).toEqual({ policies: [], people: [] });
    const again = await store.policies.create(input, 'admin');
    expect((await store.policies.list()).map((p) => [p.id, p.name])).toEqual([[again, 'Ops']]);
    await store.close();
  });

  it('a deleted long name stays within 200 characters', async () => {
    const store = await open();
    const { id, input } = await lab(store);
    const long = await store.policies.create({ ...input, name: 'x'.repeat(200) }, 'admin');
    expect(await store.policies.remove(long, 'admin')).toBe(true);
    const row = await store.db
      .selectFrom('access_request_policies')
      .select('name')
      .where('id', '=', long)
      .executeTakeFirstOrThrow();
    expect(row.name).toHaveLength(200);
    expect(row.name.endsWith(`(deleted ${long.slice(0, 8)})`)).toBe(true);
    expect((await store.policies.get(id))?.name).toBe('Ops');
    await store.close();
  });

  it('migrates a policy made before revisions to revision 1, with its terms as they were', async () => {
    const where = options();
    const old = openDatabase({ url: where.databaseUrl, sqlitePath: path.join(where.dataDir, 'openpsm.db') });
    await migrateUpTo(old.db, old.dialect, '023_computer_admin');
    const id = crypto.randomUUID();
    await old.db
      .insertInto('access_request_policies')
      .values({
        id,
        name: 'Old',
        credential_kinds: 'shared',
        mfa_required: 0,
        terms: 'Old terms',
        max_duration_minutes: 60,
      })
      .execute();
    await migrateToLatest(old.db, old.dialect);
    await old.close();
    const store = await openStore(where, key);
    expect(await store.policies.revisionOf(id)).toBe(1);
    expect(await store.policies.termsAt(id, 1)).toBe('Old terms');
    await store.close();
  });
});
