import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import { openStore, type Store } from '../db/openStore';
import { LiveSessions, type LiveEntry } from '../gateway/liveSessions';
import { serverKeyFrom } from '../secrets/serverKey';
import { computerRoutes } from './computerRoutes';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
beforeAll(async () => {
  lab = await startSeededServer('openpsm-computer-routes-');
}, 60_000);
afterAll(() => lab?.stop());

const hostKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2aWf8oXqjKk3Yk1GxSrQv5C8xX0oC8Jm3lK3mYqWbX';
type Detail = { id: string; revision: number; name: string; tags: string[]; sshHostKey: string | null };

describe('computers administration', () => {
  it('adds with tags and options, reads, edits on the revision, refuses a stale edit, lists and deletes; all audited', async () => {
    const alice = await lab.as('alice');
    const made = await alice('POST', '/api/admin/computers', {
      name: 'route-db',
      protocol: 'ssh',
      host: 'db.route.lab',
      port: 2222,
      tags: ['route', 'db'],
      sshHostKey: `[db.route.lab]:2222 ${hostKey}`,
    });
    expect(made.status).toBe(201);
    const created = made.body as unknown as Detail;
    expect(created).toMatchObject({ revision: 1, tags: ['db', 'route'], sshHostKey: hostKey });
    const read = await alice('GET', `/api/admin/computers/${created.id}`);
    expect(read.body).toMatchObject({ name: 'route-db', port: 2222, jitProvisioner: null, vncColorDepth: null });
    const edited = await alice('PATCH', `/api/admin/computers/${created.id}`, { revision: 1, port: 22, tags: ['db'] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ revision: 2, port: 22, tags: ['db'] });
    const stale = await alice('PATCH', `/api/admin/computers/${created.id}`, { revision: 1, host: 'x.lab' });
    expect(stale.status).toBe(409);
    expect(stale.body['code']).toBe('STALE_REVISION');
    const byTag = await alice('GET', '/api/admin/computers?tag=db&protocol=ssh&limit=10');
    expect(byTag.body).toMatchObject({ total: 1, offset: 0, computers: [{ name: 'route-db', tags: ['db'] }] });
    const taken = await alice('POST', '/api/admin/computers', {
      name: 'route-db',
      protocol: 'ssh',
      host: 'h',
      port: 22,
    });
    expect(taken.body['code']).toBe('CONFLICT');
    const removed = await alice('DELETE', `/api/admin/computers/${created.id}`);
    expect(removed.body).toEqual({ ok: true, endedSessions: 0 });
    expect((await alice('GET', `/api/admin/computers/${created.id}`)).status).toBe(404);
    expect((await alice('PATCH', `/api/admin/computers/${created.id}`, { revision: 2, port: 23 })).status).toBe(404);
    expect((await alice('DELETE', `/api/admin/computers/${created.id}`)).status).toBe(404);
    expect((await alice('GET', `/api/admin/computers/${created.id}/reach`)).status).toBe(404);
    const policy = { name: 'route-gone', computers: [created.id], credentialKinds: ['shared'], terms: '' };
    expect((await alice('POST', '/api/admin/policies', policy)).body['fields']).toEqual([
      { path: 'computers.0', message: 'is not a computer' },
    ]);
    const credential = { computerId: created.id, username: 'root', secret: `S-${crypto.randomUUID()}` };
    expect((await alice('POST', '/api/admin/credentials', credential)).body['fields']).toEqual([
      { path: 'computerId', message: 'is not a computer' },
    ]);
    const reused = await alice('POST', '/api/admin/computers', {
      name: 'route-db',
      protocol: 'ssh',
      host: 'h',
      port: 22,
    });
    expect(reused.status).toBe(201);
    const audit = await alice('GET', '/api/audit');
    const entries = audit.body['entries'] as Array<{ action: string; changes: unknown[] }>;
    expect(entries.find((e) => e.action === 'computer.update')?.changes).toEqual(
      expect.arrayContaining([
        { field: 'port', before: 2222, after: 22 },
        { field: 'tags', before: 'db, route', after: 'db' },
      ]),
    );
    expect(entries.some((e) => e.action === 'computer.delete')).toBe(true);
  });

  it('names each bad field, refuses options of another protocol, and is for administrators only', async () => {
    const alice = await lab.as('alice');
    const bad = await alice('POST', '/api/admin/computers', {
      name: '',
      protocol: 'ftp',
      host: 'h',
      port: 70000,
      tags: ['no spaces'],
      sshHostKey: 'SHA256:abc',
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body['fields'] as Array<{ path: string }>).map((f) => f.path);
    expect(paths).toEqual(['name', 'protocol', 'port', 'tags.0', 'sshHostKey']);
    const wrong = await alice('POST', '/api/admin/computers', {
      name: 'route-vnc',
      protocol: 'vnc',
      host: 'h',
      port: 5900,
      sshHostKey: hostKey,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body['fields']).toEqual([{ path: 'sshHostKey', message: 'is for SSH computers, not VNC' }]);
    const page = await alice('GET', '/api/admin/computers?limit=500');
    expect(page.status).toBe(400);
    const erin = await lab.as('erin');
    expect((await erin('GET', '/api/admin/computers')).status).toBe(403);
  });
});

describe('deleting a computer with live sessions', () => {
  let store: Store;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-computer-live-'));
  beforeAll(async () => {
    store = await openStore({ dataDir }, serverKeyFrom(crypto.randomBytes(32)));
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is refused with COMPUTER_IN_USE saying how many; endSessions ends them through terminate, then deletes', async () => {
    const live = new LiveSessions();
    const routes = computerRoutes({ computers: store.computers, state: store.state, live });
    const remove = routes.find((r) => r.method === 'DELETE');
    const id = await store.computers.create({
      name: 'busy',
      protocol: 'ssh',
      host: 'busy.lab',
      port: 22,
      tags: [],
      jitEnabled: false,
      recording: true,
      liveMonitoring: true,
    });
    const ended: string[] = [];
    for (const n of [1, 2])
      live.add({
        sessionId: `s${n}`,
        computerId: id,
        computerName: 'busy',
        policyName: 'Ops',
        username: `user${n}`,
        end: (reason: OpenPsmError, why: string) => {
          ended.push(`${why}: ${reason.message}`);
          live.remove(`s${n}`, reason);
        },
      } as unknown as LiveEntry);
    const caller = { personId: 'p', username: 'alice', roles: ['administrator' as const] };
    const call = (query: Record<string, string>) =>
      remove!.handler({ params: { id }, query, body: undefined, caller, address: '127.0.0.1' });
    const refused = await call({}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenPsmError);
    expect((refused as OpenPsmError).code).toBe('COMPUTER_IN_USE');
    expect((refused as OpenPsmError).message).toMatch(/busy has 2 live sessions.*End the sessions and delete it/);
    expect(await store.computers.get(id)).not.toBeNull();
    expect(await call({ endSessions: 'true' })).toEqual({ ok: true, endedSessions: 2 });
    expect(ended).toEqual([
      'TERMINATED: alice (administrator) ended this session to delete the computer busy.',
      'TERMINATED: alice (administrator) ended this session to delete the computer busy.',
    ]);
    expect(live.list().sessions).toEqual([]);
    expect(await store.computers.get(id)).toBeNull();
    const actions = (await store.state.auditEntries()).map((e) => e.action);
    expect(actions.filter((a) => a === 'terminate')).toHaveLength(2);
    expect(actions).toContain('computer.delete');
  });
});
