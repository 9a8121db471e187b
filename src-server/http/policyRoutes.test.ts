import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
beforeAll(async () => {
  lab = await startSeededServer('openpsm-policy-routes-');
}, 60_000);
afterAll(() => lab?.stop());

const as = (username: string) => lab.as(username);

async function ids() {
  const alice = await as('alice');
  const persons = (await alice('GET', '/api/admin/persons')).body['persons'] as Array<{ id: string; username: string }>;
  const computers = (await alice('GET', '/api/admin/computers?search=web-01')).body['computers'] as Array<{
    id: string;
  }>;
  return {
    alice,
    dave: persons.find((p) => p.username === 'carol')?.id ?? '',
    web: computers[0]?.id ?? '',
  };
}

type Entry = { action: string; target: string; changes: Array<{ field: string; before: unknown; after: unknown }> };

describe('access request policies administration', () => {
  it('refuses an edit that leaves fields out, naming them, instead of resetting them', async () => {
    const { alice, dave, web } = await ids();
    const made = await alice('POST', '/api/admin/policies', {
      name: 'Partial edit',
      persons: [dave],
      computers: [web],
      credentialKinds: ['shared'],
      recording: false,
      terms: 'Kept terms',
    });
    const id = String(made.body['id']);
    const partial = await alice('PATCH', `/api/admin/policies/${id}`, {
      revision: 1,
      name: 'Partial edit',
      credentialKinds: ['shared'],
    });
    expect(partial.status).toBe(400);
    const fields = partial.body['fields'] as Array<{ path: string; message: string }>;
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'recording', message: 'is required' },
        { path: 'persons', message: 'is required' },
      ]),
    );
    expect((await alice('GET', `/api/admin/policies/${id}`)).body).toMatchObject({
      revision: 1,
      recording: false,
      persons: [dave],
      terms: 'Kept terms',
    });
  });

  it('creates, lists, reads, edits on the revision (audited before/after) and deletes; only administrators', async () => {
    const { alice, dave, web } = await ids();
    const made = await alice('POST', '/api/admin/policies', {
      name: 'Route policy',
      persons: [dave],
      computers: [web],
      tags: ['linux'],
      credentialKinds: ['shared'],
      accessLevels: [{ name: 'read-only', groups: [], targetAccount: 'svc-ro' }],
      terms: 'v1 terms',
    });
    expect(made.status).toBe(201);
    const id = String(made.body['id']);
    const listed = (await alice('GET', '/api/admin/policies')).body['policies'] as Array<Record<string, unknown>>;
    expect(listed.find((p) => p['id'] === id)).toMatchObject({
      persons: 1,
      computers: 1,
      tags: ['linux'],
      revision: 1,
    });
    const read = (await alice('GET', `/api/admin/policies/${id}`)).body;
    const level = (read['accessLevels'] as Array<{ id: string }>)[0];
    const edited = await alice('PATCH', `/api/admin/policies/${id}`, {
      ...read,
      recording: false,
      accessLevels: [{ ...level, name: 'viewer' }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ revision: 2, recording: false });
    expect((edited.body['accessLevels'] as Array<{ id: string }>)[0]?.id).toBe(level?.id);
    const stale = await alice('PATCH', `/api/admin/policies/${id}`, { ...read, name: 'Late' });
    expect(stale.status).toBe(409);
    expect(stale.body['code']).toBe('STALE_REVISION');
    const entries = (await alice('GET', '/api/audit')).body['entries'] as Entry[];
    const update = entries.find((e) => e.action === 'policy.update' && e.target === 'Route policy');
    expect(update?.changes).toEqual(
      expect.arrayContaining([
        { field: 'revision', before: 1, after: 2 },
        { field: 'recording', before: true, after: false },
        { field: 'accessLevels', before: 'read-only as svc-ro', after: 'viewer as svc-ro' },
      ]),
    );
    const dave2 = await as('carol');
    expect((await dave2('GET', '/api/admin/policies')).status).toBe(403);
    expect((await dave2('DELETE', `/api/admin/policies/${id}`)).status).toBe(403);
    expect((await alice('DELETE', `/api/admin/policies/${id}`)).status).toBe(200);
    expect((await alice('GET', `/api/admin/policies/${id}`)).status).toBe(404);
    expect((await alice('DELETE', `/api/admin/policies/${id}`)).status).toBe(404);
    const patched = await alice('PATCH', `/api/admin/policies/${id}`, { ...edited.body, name: 'Revived' });
    expect(patched.status).toBe(404);
    expect(patched.body['code']).toBe('NOT_FOUND');
    const listedAfter = (await alice('GET', '/api/admin/policies')).body['policies'] as Array<{ id: string }>;
    expect(listedAfter.some((p) => p.id === id)).toBe(false);
    const again = await alice('POST', '/api/admin/policies', {
      name: 'Route policy',
      persons: [dave],
      computers: [web],
      credentialKinds: ['shared'],
    });
    expect(again.status).toBe(201);
    expect((await alice('DELETE', `/api/admin/policies/${String(again.body['id'])}`)).status).toBe(200);
  });

  it('names each bad field: no name, no credential kind, an unknown person, a level named twice; a taken name', async () => {
    const { alice, web } = await ids();
    const bad = await alice('POST', '/api/admin/policies', { name: ' ', credentialKinds: [], maxDurationMinutes: 0 });
    expect(bad.status).toBe(400);
    const paths = (bad.body['fields'] as Array<{ path: string }>).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'credentialKinds', 'maxDurationMinutes']));
    const unknown = await alice('POST', '/api/admin/policies', {
      name: 'Unknowns',
      persons: ['00000000-0000-4000-8000-000000000000'],
      computers: [web],
      credentialKinds: ['shared'],
      accessLevels: [{ name: 'a' }, { name: 'A' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body['fields']).toEqual([
      { path: 'persons.0', message: 'is not a person' },
      { path: 'accessLevels.1.name', message: 'is the name of another level' },
    ]);
    const taken = await alice('POST', '/api/admin/policies', { name: 'Linux servers', credentialKinds: ['shared'] });
    expect(taken.status).toBe(409);
    expect(taken.body['fields']).toEqual([{ path: 'name', message: 'is the name of another policy' }]);
  });

  it('says who can reach a computer: the policies and the people through groups, with their credential kinds', async () => {
    const { alice, web } = await ids();
    const reach = await alice('GET', `/api/admin/computers/${web}/reach`);
    expect(reach.status).toBe(200);
    const policies = reach.body['policies'] as Array<{ name: string; via: string[] }>;
    expect(policies.map((p) => p.name)).toContain('Linux servers');
    const people = reach.body['people'] as Array<{ username: string; via: string[]; credentialKinds: string[] }>;
    expect(people.find((p) => p.username === 'erin')?.via.join(' ')).toMatch(/Linux servers: group/);
    expect((await alice('GET', '/api/admin/computers/00000000-0000-4000-8000-000000000000/reach')).status).toBe(404);
  });

  it('issues a ticket under the revision whose terms were read, with that text; an edit since refuses it', async () => {
    const { alice, dave, web } = await ids();
    const made = await alice('POST', '/api/admin/policies', {
      name: 'Terms by revision',
      persons: [dave],
      computers: [web],
      credentialKinds: ['shared'],
      terms: 'First terms',
    });
    const id = String(made.body['id']);
    const daveCall = await as('carol');
    const target = { policyId: id, computerId: web };
    const terms = await daveCall('POST', '/api/sessions/terms', target);
    expect(terms.body).toMatchObject({ terms: 'First terms', policyRevision: 1 });
    const read = (await alice('GET', `/api/admin/policies/${id}`)).body;
    await alice('PATCH', `/api/admin/policies/${id}`, { ...read, terms: 'Second terms' });
    const late = await daveCall('POST', '/api/sessions/ticket', { ...target, acceptTerms: true, policyRevision: 1 });
    expect(late.status).toBe(409);
    expect(late.body['code']).toBe('POLICY_CHANGED');
    const fresh = await daveCall('POST', '/api/sessions/ticket', { ...target, acceptTerms: true, policyRevision: 2 });
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ terms: 'Second terms', policyRevision: 2 });
  });

  it('refuses a level whose target account the computer has no shared credential for, with TARGET_ACCOUNT_MISSING', async () => {
    const { alice, dave, web } = await ids();
    const group = await alice('POST', '/api/admin/groups', { name: 'Root people', members: [dave] });
    await alice('POST', '/api/admin/policies', {
      name: 'Root only',
      persons: [dave],
      computers: [web],
      credentialKinds: ['shared'],
      accessLevels: [{ name: 'admin', groups: [String(group.body['id'])], targetAccount: 'no-such-account' }],
    });
    const daveCall = await as('carol');
    const resources = (await daveCall('GET', '/api/resources')).body['groups'] as Array<{
      policyId: string;
      policyName: string;
    }>;
    const policyId = resources.find((g) => g.policyName === 'Root only')?.policyId;
    const refused = await daveCall('POST', '/api/sessions/terms', { policyId, computerId: web });
    expect(refused.status).toBe(409);
    expect(refused.body['code']).toBe('TARGET_ACCOUNT_MISSING');
    expect(String(refused.body['message'])).toContain('no-such-account');
  });
});
