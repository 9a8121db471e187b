import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
beforeAll(async () => {
  lab = await startSeededServer('openpsm-credential-routes-');
}, 60_000);
afterAll(() => lab?.stop());

const as = (username: string) => lab.as(username);

type Listed = { id: string; username: string; revision: number; currentVersion: number; versions: unknown[] };

async function computerId(name: string): Promise<string> {
  const { computers } = (await (await as('alice'))('GET', `/api/admin/computers?search=${name}`)).body as {
    computers: Array<{ id: string; name: string }>;
  };
  return computers.find((c) => c.name === name)?.id ?? '';
}

describe('shared credentials administration', () => {
  it('adds, rotates on the revision, and deletes; the audit says "secret: changed" and never the secret', async () => {
    const alice = await as('alice');
    const computer = await computerId('web-01');
    expect(computer).not.toBe('');
    const made = await alice('POST', '/api/admin/credentials', {
      computerId: computer,
      username: 'ops',
      secret: 'Route-Secret-One-1',
    });
    expect(made.status).toBe(201);
    const id = String(made.body['id']);
    const rotated = await alice('POST', `/api/admin/credentials/${id}/versions`, {
      revision: 1,
      secret: 'Route-Secret-Two-2',
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ currentVersion: 2, revision: 2 });
    const stale = await alice('POST', `/api/admin/credentials/${id}/versions`, { revision: 1, secret: 'Route-3' });
    expect(stale.status).toBe(409);
    expect(stale.body['code']).toBe('STALE_REVISION');
    const listed = await alice('GET', `/api/admin/credentials?computerId=${computer}`);
    const mine = (listed.body['credentials'] as Listed[]).find((c) => c.id === id);
    expect(mine?.versions).toHaveLength(2);
    expect((await alice('DELETE', `/api/admin/credentials/${id}`)).status).toBe(200);
    expect((await alice('DELETE', `/api/admin/credentials/${id}`)).status).toBe(404);
    const audit = await alice('GET', '/api/audit');
    const entries = audit.body['entries'] as Array<{ action: string; target: string; changes: unknown[] }>;
    const rotation = entries.find((e) => e.action === 'credential.rotate');
    expect(rotation?.target).toBe('ops on web-01');
    expect(rotation?.changes).toContainEqual({ field: 'secret', secret: true });
    expect(entries.some((e) => e.action === 'credential.delete')).toBe(true);
    expect(JSON.stringify([listed.body, made.body, rotated.body, audit.body])).not.toContain('Route-Secret');
  });

  it('names each bad field: a username too long, an empty secret, a key that is not a key; only administrators', async () => {
    const alice = await as('alice');
    const computer = await computerId('web-01');
    const bad = await alice('POST', '/api/admin/credentials', {
      computerId: computer,
      username: 'x'.repeat(257),
      secret: '',
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body['fields'] as Array<{ path: string }>).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'secret']));
    const notKey = await alice('POST', '/api/admin/credentials', {
      computerId: computer,
      username: 'k',
      kind: 'key',
      secret: 'Unit-Key-Text-3',
    });
    expect(notKey.body['fields']).toContainEqual({ path: 'secret', message: expect.stringContaining('private key') });
    expect((await (await as('bob'))('GET', '/api/admin/credentials')).status).toBe(403);
  });
});
