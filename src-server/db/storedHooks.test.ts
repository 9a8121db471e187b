import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import { serverKeyFrom } from '../secrets/serverKey';
import { openStore, type Store } from './openStore';
import { RecordingRepository } from './recordings';
import { SessionRegistry } from './sessionRegistry';
import { storeTargets } from './storeTargets.testkit';
import { hookOf, webhookSecretPurpose } from './storedHooks';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('plugins');
const secret = crypto.randomBytes(16).toString('hex');
const policyInput = {
  name: 'Ops',
  persons: [],
  groups: [],
  computers: [],
  credentialKinds: ['shared' as const],
  accessLevels: [],
  mfaRequired: false,
  terms: '',
  maxDurationMinutes: 60,
};

/** Every text the database holds for the policy: its row and its revision snapshots. */
async function storedTexts(store: Store, id: string) {
  const row = await store.db.selectFrom('access_request_policies').selectAll().where('id', '=', id).execute();
  const revisions = await store.db.selectFrom('policy_revisions').selectAll().where('policy_id', '=', id).execute();
  return JSON.stringify([row, revisions]);
}

describe.each(targets)('authorization plugins on $name', (target) => {
  it('keep a webhook secret sealed in the policy and its snapshots, never read back, and kept by an edit without one', async () => {
    const store = await openStore(target.options(), key);
    try {
      const webhook = { plugin: 'webhook' as const, url: 'https://hooks.lab/authorize', secret };
      const id = await store.policies.create({ ...policyInput, authorization: webhook }, 'admin');
      expect((await store.policies.get(id))?.authorization).toEqual({ ...webhook, secret: null });
      expect(await storedTexts(store, id)).not.toContain(secret);
      const sealed = (s: Store) =>
        s.db.selectFrom('access_request_policies').select('authorization_hook').where('id', '=', id).executeTakeFirst();
      const first = hookOf((await sealed(store))?.authorization_hook ?? null);
      expect(first?.plugin === 'webhook' && key.open(webhookSecretPurpose, first.secretSealed)).toBe(secret);

      const moved = { ...webhook, url: 'https://hooks.lab/v2', secret: null };
      expect(await store.policies.update(id, 1, { ...policyInput, authorization: moved }, 'admin')).toBe(true);
      const kept = hookOf((await sealed(store))?.authorization_hook ?? null);
      expect(kept).toEqual({
        plugin: 'webhook',
        url: 'https://hooks.lab/v2',
        secretSealed: first?.plugin === 'webhook' && first.secretSealed,
      });

      const none = { ...policyInput, name: 'New', authorization: { ...webhook, secret: null } };
      const refused = await store.policies.create(none, 'admin').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OpenPsmError);
      expect(refused).toMatchObject({
        code: 'BAD_REQUEST',
        params: { fields: [{ path: 'authorization.secret', message: 'is required' }] },
      });
    } finally {
      await store.close();
    }
  });

  it('read a Prompt stored before plugins had names, and find recordings by what a plugin left on the session', async () => {
    const store = await openStore(target.options(), key);
    try {
      const legacy = { asks: 'ticket-id' as const, prompt: 'Change number?', pattern: null };
      const id = await store.catalog.createPolicy({ ...policyInput, authorization: legacy });
      expect((await store.policies.get(id))?.authorization).toEqual({ plugin: 'prompt', ...legacy });

      const person = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
      const computer = await store.catalog.createComputer({
        ...{ name: 'db', protocol: 'ssh', host: 'db.lab', port: 22 },
        ...{ jitEnabled: false, recording: true, liveMonitoring: false },
      });
      const authorization = {
        plugin: 'webhook' as const,
        ticketId: 'INC-4711',
        gatewayUser: 'ann@corp',
        gatewayGroups: ['dba'],
        metadata: { change: 'CHG-99' },
      };
      const sessionId = crypto.randomUUID();
      await new SessionRegistry(store.db).start({
        ...{ id: sessionId, personId: person.id, computerId: computer, policyId: id, accessLevelId: null },
        ...{ guacdId: '$g', recordingName: sessionId, authorization },
      });
      const recordings = new RecordingRepository(store.db);
      await recordings.add({ sessionId, fileName: sessionId, personId: person.id, computerId: computer });
      for (const ticket of ['inc-4711', 'CHG-99', 'ann@corp'])
        expect((await recordings.search({ ticket })).map((r) => r.authorization)).toEqual([authorization]);
      // Only values are searched: not the verdict's keys or its JSON.
      for (const ticket of ['INC-1234', 'ticketId', 'webhook', 'change', 'null'])
        expect(await recordings.search({ ticket })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
