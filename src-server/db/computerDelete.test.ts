import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newComputerSchema, type NewComputer } from '@shared/common/api/controlPlane/computerFields';
import { serverKeyFrom } from '../secrets/serverKey';
import { openStore, type Store } from './openStore';
import { RecordingRepository } from './recordings';
import { SessionRegistry } from './sessionRegistry';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('computerdelete');

const computer = (fields: Partial<NewComputer> & { name: string }): NewComputer =>
  newComputerSchema.parse({ protocol: 'ssh', host: `${fields.name}.lab`, port: 22, ...fields });

/**
 * A computer with everything a deletion touches: tags, a policy naming it, a shared credential
 * with two versions, a JIT provisioning account, a session, its recording and a JIT account.
 */
async function usedComputer(store: Store) {
  const person = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
  const id = await store.computers.create(computer({ name: 'db', tags: ['prod'], jitEnabled: true }));
  const policy = await store.catalog.createPolicy({
    name: 'Ops',
    persons: [person.id],
    groups: [],
    computers: [id],
    credentialKinds: ['shared'],
    accessLevels: [],
    mfaRequired: false,
    terms: '',
    maxDurationMinutes: 60,
  });
  const credential = await store.credentials.create({ computerId: id, username: 'root', secret: `S-${id}` });
  await store.credentials.rotate(credential.id, credential.revision, { secret: `S2-${id}` });
  await store.jit.setProvisioner(id, {
    port: 22,
    username: 'prov',
    secret: `P-${id}`,
    secretKind: 'password',
    hostKeySha256: `SHA256:${'A'.repeat(43)}`,
  });
  const sessionId = crypto.randomUUID();
  await new SessionRegistry(store.db).start({
    ...{ id: sessionId, personId: person.id, computerId: id, policyId: policy, accessLevelId: null },
    ...{ guacdId: '$x', recordingName: sessionId, shared: { credentialId: credential.id, version: 2 } },
  });
  await new RecordingRepository(store.db).add({ sessionId, fileName: sessionId, personId: person.id, computerId: id });
  await store.jit.planned('psm-left-1', id, sessionId);
  return { id, person: person.id, policy, sessionId };
}

const rowsOf = (store: Store, table: 'sessions' | 'jit_accounts' | 'policy_computers' | 'computer_tags', id: string) =>
  store.db.selectFrom(table).selectAll().where('computer_id', '=', id).execute();

describe.each(targets)('deleting a computer on $name', (target) => {
  const withStore = async (work: (store: Store) => Promise<void>) => {
    const store = await openStore(target.options(), key);
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

  it('keeps its sessions, recordings and JIT accounts (and the provisioning account until they are removed); removes its secrets, links and the computer from every live view', async () => {
    await withStore(async (store) => {
      const { id, person, policy, sessionId } = await usedComputer(store);
      const before = await store.computers.get(id);
      expect(await store.computers.remove(id, new Date('2026-12-02T03:00:00Z'))).toBe(true);
      expect(await store.computers.remove(id)).toBe(false);

      // Gone from every live view.
      expect(await store.computers.get(id)).toBeNull();
      expect(await store.computers.update(before!, { revision: before!.revision, host: 'x.lab' })).toBe(false);
      expect((await store.computers.list({ limit: 50, offset: 0 })).total).toBe(0);
      expect(await store.catalog.computerExists(id)).toBe(false);
      expect(await store.catalog.hostOf(id)).toBeNull();
      expect(await store.catalog.resourcesFor(person, true)).toEqual([]);
      expect(await store.catalog.connectTarget(person, policy, id)).toBeNull();

      // Its secrets and links are gone.
      expect(await store.credentials.list(id)).toEqual([]);
      expect(await store.db.selectFrom('shared_credential_versions').selectAll().execute()).toEqual([]);
      // …but the provisioning account, while a JIT account is still on the computer: it is needed to remove it.
      expect(await store.jit.provisioner(id)).not.toBeNull();
      expect(await store.catalog.hostOf(id, true)).not.toBeNull();
      expect(await rowsOf(store, 'policy_computers', id)).toEqual([]);
      expect(await rowsOf(store, 'computer_tags', id)).toEqual([]);

      // Its history stays, naming the computer as it was.
      const renamed = `db (deleted 2026-12-02 ${id.slice(0, 8)})`;
      expect((await rowsOf(store, 'sessions', id)).map((s) => s.id)).toEqual([sessionId]);
      expect((await new RecordingRepository(store.db).search({})).map((r) => r.computerName)).toEqual([renamed]);
      expect((await rowsOf(store, 'jit_accounts', id)).map((a) => a.username)).toEqual(['psm-left-1']);
      expect(await store.jit.leftovers()).toEqual([{ username: 'psm-left-1', computerId: id, lastError: null }]);
      // Once the last JIT account is removed, the provisioning account (and its secret) goes too.
      await store.jit.removed('psm-left-1');
      expect(await store.jit.provisioner(id)).toBeNull();
    });
  });

  it('frees the name for a new computer, even a name as long as the column', async () => {
    await withStore(async (store) => {
      const first = await store.computers.create(computer({ name: 'db' }));
      expect(await store.computers.remove(first)).toBe(true);
      const second = await store.computers.create(computer({ name: 'db' }));
      expect((await store.computers.list({ limit: 50, offset: 0 })).computers.map((c) => [c.id, c.name])).toEqual([
        [second, 'db'],
      ]);
      expect(await store.computers.remove(second)).toBe(true);
      const long = 'l'.repeat(200);
      for (let i = 0; i < 2; i++)
        expect(await store.computers.remove(await store.computers.create(computer({ name: long })))).toBe(true);
      const names = await store.db.selectFrom('computers').select('name').where('deleted_at', 'is not', null).execute();
      expect(names).toHaveLength(4);
      for (const { name } of names) expect(name.length).toBeLessThanOrEqual(200);
    });
  });
});
