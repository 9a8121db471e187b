import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serverKeyFrom } from '../secrets/serverKey';
import { openStore, type Store } from './openStore';
import { RecordingRepository } from './recordings';
import { SessionRegistry } from './sessionRegistry';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('requests');
const minute = 60_000;

/** Ann may request Root on a computer; Rev and Iew review (two approvals needed); Out does not. */
async function lab(store: Store) {
  const person = (username: string) =>
    store.persons.create({ username, displayName: username, passwordHash: 'h', roles: [] }).then((p) => p.id);
  const [ann, rev, iew, out] = await Promise.all(['ann', 'rev', 'iew', 'out'].map(person));
  const reviewers = await store.persons.createGroup('Reviewers', [rev!, iew!]);
  const computer = await store.catalog.createComputer({
    name: 'db',
    protocol: 'ssh',
    host: 'db.lab',
    port: 22,
    jitEnabled: false,
    recording: false,
    liveMonitoring: false,
  });
  const policy = await store.catalog.createPolicy({
    name: 'Ops',
    persons: [ann!],
    groups: [],
    computers: [computer],
    credentialKinds: ['shared'],
    accessLevels: [{ name: 'Root', preApproval: true, groups: [] }],
    mfaRequired: false,
    terms: '',
    maxDurationMinutes: 60,
    accessRequests: { reviewerGroups: [reviewers], approvals: 2, maxMinutes: 60 },
  });
  const request = (endsIn = 30) =>
    store.accessRequests.create({
      personId: ann!,
      policyId: policy,
      computerId: computer,
      accessLevelId: null,
      reason: 'Patch night',
      ticketId: 'CHG-1',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + endsIn * minute),
      approvalsRequired: 2,
    });
  return { ann: ann!, rev: rev!, iew: iew!, out: out!, policy, computer, request };
}

describe.each(targets)('access requests on $name', (target) => {
  it('are listed to the requester and to the reviewers of their policy only, each reviewer deciding once', async () => {
    const store = await openStore(target.options(), key);
    try {
      const { ann, rev, iew, out, policy, request } = await lab(store);
      const id = await request();
      expect((await store.accessRequests.mine(ann)).map((r) => [r.id, r.state, r.canReview])).toEqual([
        [id, 'pending', false],
      ]);
      expect(await store.accessRequests.reviewedPolicies(rev)).toEqual([policy]);
      expect((await store.accessRequests.reviewable(rev)).map((r) => [r.id, r.canReview])).toEqual([[id, true]]);
      expect(await store.accessRequests.reviewable(out)).toEqual([]);
      expect(await store.accessRequests.reviewable(ann)).toEqual([]);

      const reviewer = { personId: rev, username: 'rev' };
      expect(await store.accessRequests.addReview(id, reviewer, 'approve', 'ok')).toBe(true);
      expect(await store.accessRequests.addReview(id, reviewer, 'deny', 'changed my mind')).toBe(false);
      expect(await store.accessRequests.approvals(id)).toBe(1);
      const seen = await store.accessRequests.get(id, rev);
      expect(seen?.reviews).toEqual([expect.objectContaining({ reviewer: 'rev', decision: 'approve', comment: 'ok' })]);
      expect(seen?.canReview).toBe(false);
      expect((await store.accessRequests.get(id, iew))?.canReview).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('move only from the state they are in, and a pending one past its end reads as expired', async () => {
    const store = await openStore(target.options(), key);
    try {
      const { ann, request } = await lab(store);
      const id = await request();
      expect(await store.accessRequests.move(id, ['pending'], 'approved')).toBe(true);
      expect(await store.accessRequests.setGrant(id, crypto.randomUUID())).toBe(true);
      expect(await store.accessRequests.move(id, ['pending'], 'denied')).toBe(false);
      expect((await store.accessRequests.get(id, ann))?.state).toBe('approved');
      expect(await store.accessRequests.move(id, ['approved'], 'cancelled')).toBe(true);
      // A grant made after a cancel is not the request's.
      expect(await store.accessRequests.setGrant(id, crypto.randomUUID())).toBe(false);
      const late = await request(1);
      expect((await store.accessRequests.get(late, ann, new Date(Date.now() + 2 * minute)))?.state).toBe('expired');
    } finally {
      await store.close();
    }
  });

  it('name the request on the sessions it allowed, and the Recordings list shows its reason and ticket', async () => {
    const store = await openStore(target.options(), key);
    try {
      const { ann, policy, computer, request } = await lab(store);
      const id = await request();
      const recordings = new RecordingRepository(store.db);
      for (const requestId of [id, null]) {
        const sessionId = crypto.randomUUID();
        await new SessionRegistry(store.db).start({
          id: sessionId,
          personId: ann,
          computerId: computer,
          policyId: policy,
          accessLevelId: null,
          guacdId: '$x',
          recordingName: sessionId,
          requestId,
        });
        await recordings.add({ sessionId, fileName: sessionId, personId: ann, computerId: computer });
      }
      const listed = await recordings.search({});
      const shown = listed.map((r) => r.accessRequest ?? null);
      expect(shown).toHaveLength(2);
      expect(shown).toContainEqual({ id, reason: 'Patch night', ticketId: 'CHG-1' });
      expect(shown).toContainEqual(null);
    } finally {
      await store.close();
    }
  });
});
