import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { policiesApi } from '@shared/common/api/controlPlane/policies';
import type { OpenPsmError } from '@shared/common/errors';
import { openStore, type Store } from '../db/openStore';
import { LiveSessions, type LiveEntry } from '../gateway/liveSessions';
import { serverKeyFrom } from '../secrets/serverKey';
import { policyRoutes } from './policyRoutes';

/** A running session of erin's under a grant; `ended` collects how it was ended. */
const running = (sessionId: string, grantId: string, ended: OpenPsmError[]) =>
  ({
    sessionId,
    username: 'erin',
    computerName: 'db-1',
    policyName: 'Ops',
    grantId,
    end: (reason: OpenPsmError) => ended.push(reason),
  }) as unknown as LiveEntry;

async function lab(store: Store) {
  const erin = await store.persons.create({ username: 'erin', displayName: 'Erin', passwordHash: 'h', roles: [] });
  const policy = await store.catalog.createPolicy({
    name: 'Ops',
    persons: [erin.id],
    groups: [],
    computers: [],
    credentialKinds: ['shared'],
    accessLevels: [
      { name: 'Root', preApproval: true, groups: [] },
      { name: 'Audit', preApproval: true, groups: [] },
    ],
    mfaRequired: false,
    terms: '',
    maxDurationMinutes: 60,
  });
  const levels = (await store.policies.get(policy))?.accessLevels ?? [];
  const grant = (level: string) =>
    store.grants.create({
      personId: erin.id,
      policyId: policy,
      accessLevelId: levels.find((l) => l.name === level)?.id ?? null,
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3600_000),
      source: 'manual',
      grantedBy: 'bob',
    });
  return { policy, root: await grant('Root'), audit: await grant('Audit') };
}

describe('a policy edit or delete that takes a grant away', () => {
  it('ends the sessions under it with GRANT_REVOKED, and no other', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-policy-grants-'));
    const store = await openStore({ dataDir }, serverKeyFrom(crypto.randomBytes(32)));
    try {
      const { policy, root, audit } = await lab(store);
      const live = new LiveSessions();
      const underRoot: OpenPsmError[] = [];
      const underAudit: OpenPsmError[] = [];
      live.add(running('s1', root.id, underRoot));
      live.add(running('s2', audit.id, underAudit));
      const routes = policyRoutes({ db: store.db, policies: store.policies, state: store.state, live });
      const call = (method: string, body: unknown) =>
        routes
          .find((r) => r.method === method && r.path === '/api/admin/policies/:id')
          ?.handler({
            params: { id: policy },
            body,
            query: {},
            caller: { personId: crypto.randomUUID(), username: 'alice', roles: ['administrator'] },
            address: '127.0.0.1',
          });

      // The edit removes Root: the session under Root's grant ends, Audit's runs on.
      const read = await store.policies.get(policy);
      const edit = policiesApi.update.body.parse({
        ...read,
        accessLevels: read?.accessLevels.filter((l) => l.name !== 'Root'),
      });
      await call('PATCH', edit);
      expect(underRoot.map((e) => [e.code, e.message])).toEqual([
        ['GRANT_REVOKED', 'alice removed the access level of this session from Ops, so it has ended.'],
      ]);
      expect(underAudit).toEqual([]);

      // Deleting the policy revokes the rest, and ends what ran under them.
      await call('DELETE', {});
      expect(underAudit.map((e) => e.code)).toEqual(['GRANT_REVOKED']);
      expect(underAudit[0]?.message).toContain('alice deleted the policy Ops');
      expect(underRoot).toHaveLength(1);
    } finally {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
