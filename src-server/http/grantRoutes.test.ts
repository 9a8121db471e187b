import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantChoices } from '@shared/common/api/controlPlane/grants';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
const ids: Record<string, string> = {};

/** Erin reaches `grant-lab` under "Grant lab", whose one level, Root, needs a grant. */
beforeAll(async () => {
  lab = await startSeededServer('openpsm-grant-routes-');
  const alice = await lab.as('alice');
  const bob = await lab.as('bob');
  const computer = await alice('POST', '/api/admin/computers', {
    name: 'grant-lab',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
  });
  await alice('POST', '/api/admin/credentials', {
    computerId: computer.body['id'],
    username: 'ops',
    secret: 'Grant-Route-Secret-1',
  });
  const people = (await bob('GET', '/api/grants/choices?search=e')).body as GrantChoices;
  for (const p of people.persons) ids[p.username] = p.id;
  const ops = await alice('POST', '/api/admin/groups', { name: 'Grant operators', members: [ids['erin'], ids['bob']] });
  const policy = await alice('POST', '/api/admin/policies', {
    name: 'Grant lab',
    persons: [ids['erin'], ids['bob']],
    computers: [computer.body['id']],
    credentialKinds: ['shared'],
    accessLevels: [{ name: 'Root', preApproval: true, groups: [ops.body['id']] }],
  });
  ids['policy'] = String(policy.body['id']);
  ids['computer'] = String(computer.body['id']);
  const choices = (await bob('GET', '/api/grants/choices')).body as GrantChoices;
  ids['root'] = choices.policies.find((p) => p.id === ids['policy'])?.levels[0]?.id ?? '';
}, 60_000);
afterAll(() => lab?.stop());

const terms = () => ({ policyId: ids['policy'], computerId: ids['computer'] });
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('grants', () => {
  it('grants erin Root for a window: Connect works inside it and is refused with GRANT_EXPIRED after; listed as expired', async () => {
    const bob = await lab.as('bob');
    const erin = await lab.as('erin');
    expect(await erin('POST', '/api/sessions/terms', terms())).toMatchObject({
      status: 403,
      body: { code: 'ACCESS_LEVEL_NOT_APPROVED' },
    });
    const made = await bob('POST', '/api/grants', {
      personId: ids['erin'],
      policyId: ids['policy'],
      accessLevelId: ids['root'],
      endsAt: later(1500),
    });
    expect(made).toMatchObject({
      status: 201,
      body: { state: 'active', source: 'manual', grantedBy: 'bob', accessLevelName: 'Root', username: 'erin' },
    });
    expect(await erin('POST', '/api/sessions/terms', terms())).toMatchObject({
      status: 200,
      body: { accessLevel: 'Root' },
    });
    await sleep(1700);
    expect(await erin('POST', '/api/sessions/terms', terms())).toMatchObject({
      status: 403,
      body: { code: 'GRANT_EXPIRED', message: expect.stringContaining('Root has ended') },
    });
    const { body } = await erin('GET', '/api/resources');
    expect(JSON.stringify(body)).toContain('"connectProblem":"GRANT_EXPIRED"');
    const expired = (await bob('GET', `/api/grants?state=expired&personId=${ids['erin']}`)).body;
    expect(expired).toMatchObject({ defaultHours: 8, grants: [{ id: made.body['id'], state: 'expired' }] });
  });

  it('gives a grant without an end the default 8 hours, revokes it once, and audits both', async () => {
    const alice = await lab.as('alice');
    const made = await alice('POST', '/api/grants', { personId: ids['erin'], policyId: ids['policy'] });
    expect(made.status).toBe(201);
    const window = Date.parse(String(made.body['endsAt'])) - Date.parse(String(made.body['startsAt']));
    expect(window).toBe(8 * 3600_000);
    expect(made.body).toMatchObject({ accessLevelId: null, policyName: 'Grant lab' });
    const revoked = await alice('POST', `/api/grants/${String(made.body['id'])}/revoke`, {});
    expect(revoked).toMatchObject({ status: 200, body: { grant: { state: 'revoked', revokedBy: 'alice' } } });
    expect((await alice('POST', `/api/grants/${String(made.body['id'])}/revoke`, {})).body['code']).toBe('CONFLICT');
    expect((await alice('POST', `/api/grants/00000000-0000-4000-8000-000000000000/revoke`, {})).status).toBe(404);
    const audit = (await alice('GET', '/api/audit')).body as { entries: Array<{ action: string; target: string }> };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ action: 'grant.create', target: 'Grant lab (every level) for erin' }),
    );
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ action: 'grant.revoke', target: 'Grant lab (every level) for erin' }),
    );
  });

  it('refuses granting oneself (SELF_APPROVAL, audited), bad input by field, and people without the role', async () => {
    const bob = await lab.as('bob');
    const base = { personId: ids['erin'], policyId: ids['policy'], accessLevelId: ids['root'] };
    expect(await bob('POST', '/api/grants', { ...base, personId: ids['bob'] })).toMatchObject({
      status: 403,
      body: { code: 'SELF_APPROVAL' },
    });
    const fieldsOf = async (body: unknown) => {
      const answer = await bob('POST', '/api/grants', body);
      expect(answer.status).toBe(400);
      return answer.body['fields'];
    };
    expect(await fieldsOf({ ...base, startsAt: later(3600_000), endsAt: later(60_000) })).toEqual([
      { path: 'endsAt', message: 'must be after the start' },
    ]);
    expect(await fieldsOf({ ...base, endsAt: later(-60_000) })).toEqual([
      { path: 'endsAt', message: 'must be in the future' },
    ]);
    expect(await fieldsOf({ ...base, endsAt: later(91 * 24 * 3600_000) })).toEqual([
      { path: 'endsAt', message: expect.stringContaining('at most 2160 hours') },
    ]);
    expect(await fieldsOf({ ...base, endsAt: 'tomorrow', personId: 'x' })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'endsAt' }),
        expect.objectContaining({ path: 'personId', message: 'choose a person' }),
      ]),
    );
    expect(await fieldsOf({ ...base, personId: '00000000-0000-4000-8000-000000000000' })).toEqual([
      { path: 'personId', message: 'is not a person' },
    ]);
    expect(await fieldsOf({ ...base, accessLevelId: '00000000-0000-4000-8000-000000000000' })).toEqual([
      { path: 'accessLevelId', message: 'is not an access level' },
    ]);
    const carol = await lab.as('carol');
    expect((await carol('GET', '/api/grants')).status).toBe(403);
    expect((await carol('POST', '/api/grants', base)).status).toBe(403);
    const audit = (await (await lab.as('alice'))('GET', '/api/audit')).body as {
      entries: Array<{ actor: string; action: string }>;
    };
    expect(audit.entries).toContainEqual(expect.objectContaining({ actor: 'bob', action: 'grant.self_refused' }));
  });

  it('keeps the old pre-approval route: it gives a grant of the level for the default window', async () => {
    const alice = await lab.as('alice');
    expect(
      (await alice('POST', `/api/admin/access-levels/${ids['root']}/approvals`, { personId: ids['bob'] })).status,
    ).toBe(201);
    const { grants } = (await alice('GET', `/api/grants?state=active&personId=${ids['bob']}`)).body as {
      grants: Array<{ accessLevelName: string; grantedBy: string }>;
    };
    expect(grants).toEqual([expect.objectContaining({ accessLevelName: 'Root', grantedBy: 'alice' })]);
    expect(await (await lab.as('bob'))('POST', '/api/sessions/terms', terms())).toMatchObject({ status: 200 });
  });
});
