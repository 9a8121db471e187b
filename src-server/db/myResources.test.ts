import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import { resourcesSchema } from '@shared/common/api/controlPlane/resources';
import { serverKeyFrom } from '../secrets/serverKey';
import { resourceAt, resourcesOf } from './myResources';
import { openStore, type Store } from './openStore';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('myresources');
const day = 86_400_000;

/** A small deterministic generator (mulberry32), so a failing seed can be run again. */
function randomFrom(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chance = (p: number) => next() < p;
  const some = <T>(items: T[], p: number) => items.filter(() => chance(p));
  const one = <T>(items: T[]) => items[Math.floor(next() * items.length)] as T;
  return { chance, some, one };
}

/** Computers with tags and credentials, policies naming the person or their groups or not, levels, grants; some deleted. */
async function generate(store: Store, seed: number) {
  const r = randomFrom(seed);
  const me = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
  const other = await store.persons.create({ username: 'ben', displayName: 'Ben', passwordHash: 'h', roles: [] });
  const groups = [
    await store.persons.createGroup('ops', [me.id]),
    await store.persons.createGroup('dba', r.chance(0.5) ? [me.id, other.id] : [other.id]),
    await store.persons.createGroup('web', [other.id]),
  ];
  const tags = ['prod', 'lab', 'eu'];
  const computers: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const protocol = r.one(['ssh', 'rdp', 'vnc', 'telnet'] as const);
    const id = await store.computers.create({
      name: `pc-${i}`,
      protocol,
      host: `pc-${i}.lab`,
      port: 22,
      tags: r.some(tags, 0.4),
      jitEnabled: r.chance(0.3),
      recording: r.chance(0.8),
      liveMonitoring: r.chance(0.8),
    });
    computers.push(id);
    if (r.chance(0.6))
      await store.credentials.create({ computerId: id, username: r.one(['root', 'admin']), secret: 'S' });
  }
  const policies: string[] = [];
  for (let i = 0; i < 7; i += 1) {
    const levels = r.some(['Operator', 'Root'], 0.45).map((name) => ({
      name,
      preApproval: r.chance(0.5),
      groups: r.some(groups, 0.5),
      targetAccount: r.chance(0.3) ? 'root' : null,
    }));
    const id = await store.catalog.createPolicy({
      name: `policy-${i}`,
      persons: r.chance(0.35) ? [me.id] : [],
      groups: r.some(groups, 0.4),
      computers: r.some(computers, 0.25),
      tags: r.some(tags, 0.3),
      credentialKinds: r.some<CredentialKind>(['shared', 'personal', 'jit'], 0.6).concat(['personal']),
      accessLevels: levels,
      mfaRequired: r.chance(0.25),
      authorization: r.chance(0.2) ? { asks: 'ticket-id', prompt: 'Ticket?', pattern: null } : null,
      terms: `terms ${i}`,
      maxDurationMinutes: 60,
    });
    policies.push(id);
    for (const level of [null, ...(await store.catalog.levelsFor(me.id, id)).map((l) => l.id)]) {
      if (!r.chance(0.4)) continue;
      const start = r.one([-3, -1, 1]);
      const grant = await store.grants.create({
        personId: me.id,
        policyId: id,
        accessLevelId: level,
        startsAt: new Date(Date.now() + start * day),
        endsAt: new Date(Date.now() + (start + r.one([1, 3])) * day),
        source: 'manual',
        grantedBy: r.chance(0.15) ? 'ann' : 'alice',
      });
      if (r.chance(0.2)) await store.grants.revoke(grant.id, 'alice');
    }
  }
  // Deleted, as the administration deletes them, and marked deleted with their links left in place.
  if (r.chance(0.5)) await store.computers.remove(r.one(computers));
  if (r.chance(0.5)) await store.policies.remove(r.one(policies), 'alice');
  const stale = new Date().toISOString();
  await store.db.updateTable('computers').set({ deleted_at: stale }).where('id', '=', r.one(computers)).execute();
  await store.db
    .updateTable('access_request_policies')
    .set({ deleted_at: stale })
    .where('id', '=', r.one(policies))
    .execute();
  return { me: me.id, computers, policies, rdpProxyEnabled: r.chance(0.5) };
}

describe.each(targets)('My Resources and the direct check of one computer, on $name', (target) => {
  it('agree on every policy and computer, over generated policies, computers, levels and grants', async () => {
    const pairs = { reached: 0, not: 0 };
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const store = await openStore(target.options(), key);
      try {
        const { me, computers, policies, rdpProxyEnabled } = await generate(store, seed);
        const now = new Date();
        const list = await resourcesOf(store.db, me, rdpProxyEnabled, now);
        // The answer is built to its schema exactly: the production path sends it without parsing it again.
        expect(resourcesSchema.parse({ groups: list, mfaEnrolled: false })).toStrictEqual({
          groups: list,
          mfaEnrolled: false,
        });
        for (const policyId of policies)
          for (const computerId of computers) {
            const direct = await resourceAt(store.db, { personId: me, policyId, computerId }, rdpProxyEnabled, now);
            const group = list.find((g) => g.policyId === policyId);
            const listed = group?.computers.find((c) => c.computerId === computerId);
            if (!group || !listed) {
              expect(direct, `seed ${seed}`).toBeNull();
              pairs.not += 1;
              continue;
            }
            expect(direct?.group, `seed ${seed}`).toStrictEqual({ ...group, computers: [] });
            expect(direct?.computer, `seed ${seed}`).toStrictEqual(listed);
            pairs.reached += 1;
          }
      } finally {
        await store.close();
      }
    }
    // The generated policies reach some pairs and not others.
    expect(pairs.reached).toBeGreaterThan(10);
    expect(pairs.not).toBeGreaterThan(10);
  }, 120_000);
});
