import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRequest } from '@shared/common/api/controlPlane/accessRequests';
import type { Resources } from '@shared/common/api/controlPlane/resources';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
const ids: Record<string, string> = {};

/** Erin and alice reach `request-lab` under "Request lab", whose level Root needs approval; bob and carol review. */
beforeAll(async () => {
  lab = await startSeededServer('openpsm-request-routes-');
  const alice = await lab.as('alice');
  const computer = await alice('POST', '/api/admin/computers', {
    name: 'request-lab',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
  });
  const people = (await alice('GET', '/api/admin/persons')).body['persons'] as Array<{ id: string; username: string }>;
  for (const p of people) ids[p.username] = p.id;
  const operators = await alice('POST', '/api/admin/groups', {
    name: 'Operators',
    members: [ids['erin'], ids['alice']],
  });
  const reviewers = await alice('POST', '/api/admin/groups', {
    name: 'Reviewers',
    members: [ids['bob'], ids['carol']],
  });
  const policy = await alice('POST', '/api/admin/policies', {
    name: 'Request lab',
    persons: [ids['erin'], ids['alice']],
    computers: [computer.body['id']],
    credentialKinds: ['shared'],
    accessLevels: [{ name: 'Root', preApproval: true, groups: [operators.body['id']] }],
    accessRequests: { reviewerGroups: [reviewers.body['id']], approvals: 1, maxMinutes: 60 },
  });
  expect(policy.status, JSON.stringify(policy.body)).toBe(201);
  ids['policy'] = String(policy.body['id']);
  ids['computer'] = String(computer.body['id']);
}, 60_000);
afterAll(() => lab?.stop());

const ask = (over: Record<string, unknown> = {}) => ({
  policyId: ids['policy'],
  computerId: ids['computer'],
  reason: 'Patch night',
  durationMinutes: 30,
  ticketId: 'CHG-7',
  ...over,
});

describe('access requests', () => {
  it('are taken only by a policy with a level to grant and enough reviewers for its approvals', async () => {
    const alice = await lab.as('alice');
    const policy = (over: Record<string, unknown>) =>
      alice('POST', '/api/admin/policies', {
        name: `Needs care ${Math.random()}`,
        persons: [ids['erin']],
        computers: [ids['computer']],
        credentialKinds: ['shared'],
        accessLevels: [{ name: 'Root', preApproval: true }],
        ...over,
      });
    const reviewers = (await alice('GET', '/api/admin/groups')).body['groups'] as Array<{ id: string; name: string }>;
    const group = reviewers.find((g) => g.name === 'Reviewers')?.id;
    expect((await policy({ accessRequests: { reviewerGroups: [group], approvals: 3 } })).body['fields']).toEqual([
      { path: 'accessRequests.approvals', message: 'is more than the 2 people in the reviewer groups' },
    ]);
    expect(
      (await policy({ accessLevels: [], accessRequests: { reviewerGroups: [group], approvals: 1 } })).body['fields'],
    ).toEqual([{ path: 'accessRequests', message: 'needs an access level to grant: add one' }]);
  });

  it('are refused past the policy longest window, on a computer the policy does not give, and when the policy takes none', async () => {
    const erin = await lab.as('erin');
    expect(await erin('POST', '/api/access-requests', ask({ durationMinutes: 61 }))).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST', fields: [{ path: 'durationMinutes' }] },
    });
    const carol = await lab.as('carol');
    expect((await carol('POST', '/api/access-requests', ask())).body).toMatchObject({ code: 'RESOURCE_NOT_ALLOWED' });
    const { groups } = (await erin('GET', '/api/resources')).body as unknown as Resources;
    const standing = groups.find((g) => g.requests === null);
    expect(standing).toBeDefined();
    expect((await erin('POST', '/api/access-requests', ask({ policyId: standing?.policyId }))).body['fields']).toEqual([
      expect.objectContaining({ path: 'policyId' }),
    ]);
  });

  it('one approval by a reviewer grants Root for the window; the requester and non-reviewers cannot review; once each', async () => {
    const erin = await lab.as('erin');
    const bob = await lab.as('bob');
    const created = await erin('POST', '/api/access-requests', ask());
    expect(created.status).toBe(201);
    const request = created.body as unknown as AccessRequest;
    expect(request).toMatchObject({
      state: 'pending',
      username: 'erin',
      computerName: 'request-lab',
      ticketId: 'CHG-7',
    });

    expect((await bob('GET', '/api/access-requests?scope=review')).body).toMatchObject({ toReview: 1, reviewer: true });
    expect((await erin('GET', '/api/access-requests')).body).toMatchObject({ toReview: 0, reviewer: false, own: 1 });
    const review = (who: typeof erin, decision = 'approve') =>
      who('POST', `/api/access-requests/${request.id}/reviews`, { decision, comment: 'fine' });
    expect((await review(erin)).body).toMatchObject({ code: 'SELF_APPROVAL' });
    expect((await review(await lab.as('alice'))).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    const approved = await review(bob);
    expect(approved.body).toMatchObject({ state: 'approved', reviews: [{ reviewer: 'bob', decision: 'approve' }] });
    expect((await review(bob, 'deny')).body).toMatchObject({ code: 'CONFLICT' });
    expect((await review(await lab.as('carol'))).body).toMatchObject({ code: 'CONFLICT' });

    const { groups } = (await erin('GET', '/api/resources')).body as unknown as Resources;
    const root = groups.find((g) => g.policyId === ids['policy'])?.accessLevels.find((l) => l.name === 'Root');
    expect(root).toMatchObject({ approved: true });
    expect(Date.parse(root?.approvedUntil ?? '')).toBeGreaterThan(Date.now() + 25 * 60_000);
    const grants = (await bob('GET', `/api/grants?personId=${ids['erin']}`)).body['grants'] as Array<{
      source: string;
    }>;
    expect(grants.map((g) => g.source)).toContain('request');

    // Cancelled by erin: the grant is revoked, Root is no longer approved.
    expect((await erin('POST', `/api/access-requests/${request.id}/cancel`, {})).body).toMatchObject({
      state: 'cancelled',
    });
    const after = (await erin('GET', '/api/resources')).body as unknown as Resources;
    expect(after.groups.find((g) => g.policyId === ids['policy'])?.accessLevels[0]).toMatchObject({ approved: false });
  });

  it('one denial ends a request; only the requester may cancel; the audit has each step', async () => {
    const requester = await lab.as('alice');
    const carol = await lab.as('carol');
    const request = (await requester('POST', '/api/access-requests', ask())).body as unknown as AccessRequest;
    expect((await (await lab.as('erin'))('POST', `/api/access-requests/${request.id}/cancel`, {})).status).toBe(404);
    const denied = await carol('POST', `/api/access-requests/${request.id}/reviews`, {
      decision: 'deny',
      comment: 'Not tonight',
    });
    expect(denied.body).toMatchObject({ state: 'denied', reviews: [{ comment: 'Not tonight' }] });
    expect((await requester('POST', `/api/access-requests/${request.id}/cancel`, {})).body).toMatchObject({
      code: 'CONFLICT',
    });
    const mine = (await requester('GET', '/api/access-requests')).body['requests'] as AccessRequest[];
    expect(mine.map((r) => [r.id, r.state])).toEqual([[request.id, 'denied']]);
    const audit = (await (await lab.as('carol'))('GET', '/api/audit?search=access_request')).body;
    expect(JSON.stringify(audit)).toContain('access_request.deny');
  });

  it("a reviewer may revoke an approved request's grant, and nobody else but managers: the request reads revoked", async () => {
    const erin = await lab.as('erin');
    const carol = await lab.as('carol');
    const request = (await erin('POST', '/api/access-requests', ask())).body as unknown as AccessRequest;
    const approved = (await carol('POST', `/api/access-requests/${request.id}/reviews`, { decision: 'approve' }))
      .body as unknown as AccessRequest;
    expect(approved.grantId).toBeTruthy();
    expect((await erin('POST', `/api/grants/${approved.grantId}/revoke`, {})).body).toMatchObject({
      code: 'FORBIDDEN_ROLE',
    });
    expect((await carol('POST', `/api/grants/${approved.grantId}/revoke`, {})).status).toBe(200);
    const mine = (await erin('GET', '/api/access-requests')).body['requests'] as AccessRequest[];
    expect(mine.find((r) => r.id === request.id)?.state).toBe('revoked');
    // A manual grant is the managers' alone.
    const bob = await lab.as('bob');
    const manual = await bob('POST', '/api/grants', {
      personId: ids['erin'],
      policyId: ids['policy'],
      accessLevelId: null,
    });
    expect((await carol('POST', `/api/grants/${String(manual.body['id'])}/revoke`, {})).body).toMatchObject({
      code: 'FORBIDDEN_ROLE',
    });
  });
});
