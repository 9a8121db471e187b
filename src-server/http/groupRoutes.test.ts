import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
beforeAll(async () => {
  lab = await startSeededServer('openpsm-group-routes-');
}, 60_000);
afterAll(() => lab?.stop());

const as = (username: string) => lab.as(username);

async function groupNamed(name: string) {
  const alice = await as('alice');
  const { groups } = (await alice('GET', `/api/admin/groups?search=${encodeURIComponent(name)}`)).body as {
    groups: Array<{ id: string; name: string; revision: number; memberCount: number }>;
  };
  return groups.find((g) => g.name === name);
}

async function personId(username: string): Promise<string> {
  const { persons } = (await (await as('alice'))('GET', '/api/admin/persons')).body as {
    persons: Array<{ id: string; username: string }>;
  };
  return persons.find((p) => p.username === username)?.id ?? '';
}

describe('groups administration', () => {
  it('creates, renames with the revision, and refuses a stale edit with what the group is now', async () => {
    const alice = await as('alice');
    const created = await alice('POST', '/api/admin/groups', { name: 'Night shift' });
    expect(created.status).toBe(201);
    const id = String(created.body['id']);
    expect((await alice('PATCH', `/api/admin/groups/${id}`, { revision: 1, name: 'Night crew' })).body).toEqual({
      revision: 2,
    });
    const stale = await alice('PATCH', `/api/admin/groups/${id}`, { revision: 1, name: 'Late crew' });
    expect(stale.status).toBe(409);
    expect(stale.body['code']).toBe('STALE_REVISION');
    expect(stale.body['fields']).toContainEqual({ path: 'name', message: 'is now "Night crew"' });
    expect((await groupNamed('Night crew'))?.revision).toBe(2);
    const audit = (await alice('GET', '/api/audit')).body as {
      entries: Array<{ action: string; changes: unknown[] }>;
    };
    expect(audit.entries.find((e) => e.action === 'group.update')?.changes).toContainEqual({
      field: 'name',
      before: 'Night shift',
      after: 'Night crew',
    });
  });

  it('refuses a duplicate name, too long a name (naming the field), and non-administrators', async () => {
    const alice = await as('alice');
    expect((await alice('POST', '/api/admin/groups', { name: 'Linux admins' })).status).toBe(409);
    const long = await alice('POST', '/api/admin/groups', { name: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body['fields'])).toContain('name');
    expect((await (await as('bob'))('GET', '/api/admin/groups')).status).toBe(403);
  });

  it('refuses to delete a group in use, naming its policies and access levels; deletes an unused one', async () => {
    const alice = await as('alice');
    const linux = await groupNamed('Linux admins');
    const refused = await alice('DELETE', `/api/admin/groups/${linux?.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body['message']).toContain('policies: Linux servers; access levels: Operator');
    const spare = String((await alice('POST', '/api/admin/groups', { name: 'Spare' })).body['id']);
    expect((await alice('DELETE', `/api/admin/groups/${spare}`)).status).toBe(200);
    expect(await groupNamed('Spare')).toBeUndefined();
  });

  it('adds and removes members by hand on the group revision, each audited with the members before and after', async () => {
    const alice = await as('alice');
    const id = String((await alice('POST', '/api/admin/groups', { name: 'Pickers' })).body['id']);
    const erin = await personId('erin');
    const added = await alice('POST', `/api/admin/groups/${id}/members`, { personId: erin, revision: 1 });
    expect(added.body).toEqual({ revision: 2 });
    const detail = (await alice('GET', `/api/admin/groups/${id}`)).body as { members: Array<{ username: string }> };
    expect(detail.members.map((m) => m.username)).toEqual(['erin']);
    expect((await alice('DELETE', `/api/admin/groups/${id}/members/${erin}?revision=2`)).body).toEqual({
      revision: 3,
    });
    expect((await alice('DELETE', `/api/admin/groups/${id}/members/${erin}?revision=3`)).status).toBe(404);
    expect((await alice('DELETE', `/api/admin/groups/${id}/members/${erin}`)).status).toBe(400);
    const audit = (await alice('GET', '/api/audit')).body as {
      entries: Array<{ action: string; target: string; changes: unknown[] }>;
    };
    expect(audit.entries.find((e) => e.action === 'group.member_add' && e.target === 'Pickers: erin')?.changes).toEqual(
      [{ field: 'members', before: [], after: ['erin'] }],
    );
    expect(audit.entries.find((e) => e.action === 'group.member_remove')?.changes).toEqual([
      { field: 'members', before: ['erin'], after: [] },
    ]);
  });

  it('refuses a member add or removal on a stale revision with the members as they are now', async () => {
    const alice = await as('alice');
    const id = String((await alice('POST', '/api/admin/groups', { name: 'Two windows' })).body['id']);
    const [erin, bob] = [await personId('erin'), await personId('bob')];
    expect((await alice('POST', `/api/admin/groups/${id}/members`, { personId: erin, revision: 1 })).status).toBe(200);
    const staleAdd = await alice('POST', `/api/admin/groups/${id}/members`, { personId: bob, revision: 1 });
    expect(staleAdd.status).toBe(409);
    expect(staleAdd.body).toMatchObject({ code: 'STALE_REVISION' });
    expect(staleAdd.body['fields']).toContainEqual({ path: 'members', message: 'is now ["erin"]' });
    expect(staleAdd.body['fields']).toContainEqual({ path: 'revision', message: 'is now 2' });
    const staleRemove = await alice('DELETE', `/api/admin/groups/${id}/members/${erin}?revision=1`);
    expect(staleRemove.status).toBe(409);
    expect(staleRemove.body['code']).toBe('STALE_REVISION');
    const detail = (await alice('GET', `/api/admin/groups/${id}`)).body as { members: Array<{ username: string }> };
    expect(detail.members.map((m) => m.username)).toEqual(['erin']);
    const audit = (await alice('GET', '/api/audit')).body as { entries: Array<{ target: string }> };
    expect(audit.entries.filter((e) => e.target.startsWith('Two windows:')).map((e) => e.target)).toEqual([
      'Two windows: erin',
    ]);
  });

  it('keeps a rule group to the people whose department matches, recomputed when a person changes', async () => {
    const alice = await as('alice');
    const erin = await personId('erin');
    const rule = { field: 'department', value: 'Operations' };
    const id = String((await alice('POST', '/api/admin/groups', { name: 'Operations', rule })).body['id']);
    expect((await groupNamed('Operations'))?.memberCount).toBe(0);
    await alice('PATCH', `/api/admin/persons/${erin}`, { department: 'operations ' });
    expect((await groupNamed('Operations'))?.memberCount).toBe(1);
    const bob = await personId('bob');
    const byHand = await alice('POST', `/api/admin/groups/${id}/members`, { personId: bob, revision: 1 });
    expect(byHand.status).toBe(400);
    await alice('PATCH', `/api/admin/persons/${erin}`, { department: 'Finance' });
    expect((await groupNamed('Operations'))?.memberCount).toBe(0);
    const audit = (await alice('GET', '/api/audit')).body as {
      entries: Array<{ actor: string; action: string; changes: unknown[] }>;
    };
    expect(audit.entries.filter((e) => e.actor === '(rule Operations)').map((e) => e.changes)).toEqual([
      [{ field: 'members', before: ['erin'], after: [] }],
      [{ field: 'members', before: [], after: ['erin'] }],
    ]);
  });
});
