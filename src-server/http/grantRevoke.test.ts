import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenPsmError } from '@shared/common/errors';
import { openStore } from '../db/openStore';
import { LiveSessions, type LiveEntry } from '../gateway/liveSessions';
import { serverKeyFrom } from '../secrets/serverKey';
import { grantRoutes } from './grantRoutes';

/** A running session of erin's; `ended` collects how it was ended. */
const running = (sessionId: string, grantId: string | null, ended: OpenPsmError[]): LiveEntry => ({
  sessionId,
  username: 'erin',
  displayName: 'Erin',
  computerName: 'db-1',
  policyName: 'Ops',
  protocol: 'ssh',
  startedAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3600_000).toISOString(),
  accessLevel: 'Root',
  policyRevision: 1,
  recorded: false,
  liveMonitoring: false,
  personId: 'p',
  policyId: 'q',
  computerId: 'c',
  guacdId: '$g',
  announceWatchers: false,
  grantId,
  end: (reason) => ended.push(reason),
});

describe('revoking a grant', () => {
  it('ends the sessions running under it with GRANT_REVOKED (saying who and what), and no other', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-grant-revoke-'));
    const store = await openStore({ dataDir }, serverKeyFrom(crypto.randomBytes(32)));
    try {
      const erin = await store.persons.create({ username: 'erin', displayName: 'Erin', passwordHash: 'h', roles: [] });
      const policy = await store.catalog.createPolicy({
        name: 'Ops',
        persons: [erin.id],
        groups: [],
        computers: [],
        credentialKinds: ['shared'],
        accessLevels: [{ name: 'Root', preApproval: true, groups: [] }],
        mfaRequired: false,
        terms: '',
        maxDurationMinutes: 60,
      });
      const grant = await store.grants.create({
        personId: erin.id,
        policyId: policy,
        accessLevelId: null,
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 3600_000),
        source: 'manual',
        grantedBy: 'bob',
      });
      const live = new LiveSessions();
      const ended: OpenPsmError[] = [];
      const untouched: OpenPsmError[] = [];
      live.add(running('s1', grant.id, ended));
      live.add(running('s2', null, untouched));
      const routes = grantRoutes({ ...store, live, grantDefaultHours: 8, grantMaxHours: 24 });
      const revoke = routes.find((r) => r.path === '/api/grants/:id/revoke');
      const answer = await revoke?.handler({
        params: { id: grant.id },
        body: {},
        query: {},
        caller: { personId: crypto.randomUUID(), username: 'bob', roles: ['access_manager'] },
        address: '127.0.0.1',
      });
      expect(answer).toMatchObject({ endedSessions: 1, grant: { state: 'revoked' } });
      expect(ended.map((e) => [e.code, e.message])).toEqual([
        ['GRANT_REVOKED', 'bob revoked your grant (Ops (every level)), so this session has ended.'],
      ]);
      expect(untouched).toEqual([]);
      expect((await store.state.log.page({}, 5)).entries[0]).toMatchObject({
        action: 'grant.revoke',
        changes: expect.arrayContaining([{ field: 'endedSessions', before: null, after: 1 }]),
      });
    } finally {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
