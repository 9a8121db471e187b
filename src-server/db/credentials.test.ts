import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDatabase } from './database';
import { migrateUpTo } from './migrations';
import { openStore, type Store } from './openStore';
import { serverKeyFrom } from '../secrets/serverKey';
import { SessionRegistry } from './sessionRegistry';
import { storeTargets } from './storeTargets.testkit';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('cred');

/** A computer reached through one policy by one person, for sessions to name. */
async function lab(store: Store) {
  const person = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
  const computer = await store.catalog.createComputer({
    name: 'db',
    protocol: 'ssh',
    host: 'db.lab',
    port: 22,
    jitEnabled: false,
    recording: false,
    liveMonitoring: false,
  });
  const policy = await store.catalog.createPolicy({
    name: 'Ops',
    persons: [person.id],
    groups: [],
    computers: [computer],
    credentialKinds: ['shared'],
    accessLevels: [],
    mfaRequired: false,
    terms: '',
    maxDurationMinutes: 60,
  });
  const sessions = new SessionRegistry(store.db);
  const session = (shared: { credentialId: string; version: number }) =>
    sessions.start({
      id: crypto.randomUUID(),
      personId: person.id,
      computerId: computer,
      policyId: policy,
      accessLevelId: null,
      guacdId: '$x',
      recordingName: null,
      shared,
    });
  return { computer, session };
}

describe.each(targets)('shared credential versions on $name', ({ options }) => {
  const open = () => openStore(options(), key);

  it('migrates a credential stored before versions to its version 1, still readable', async () => {
    const where = options();
    const old = openDatabase({ url: where.databaseUrl, sqlitePath: path.join(where.dataDir, 'openpsm.db') });
    await migrateUpTo(old.db, old.dialect, '019_recording_typescript_sizes');
    const credentialId = crypto.randomUUID();
    const computerId = crypto.randomUUID();
    await old.db
      .insertInto('computers')
      .values({ id: computerId, name: 'old', protocol: 'ssh', host: 'old.lab', port: 22 } as never)
      .execute();
    await old.db
      .insertInto('shared_credentials')
      .values({
        id: credentialId,
        computer_id: computerId,
        username: 'root',
        secret_ciphertext: key.seal(`shared-credential:${credentialId}`, 'Old-Secret-1'),
        created_at: '2026-01-01T00:00:00.000Z',
      } as never)
      .execute();
    await old.close();
    const store = await openStore(where, key);
    try {
      expect(await store.credentials.current(computerId)).toMatchObject({
        id: credentialId,
        version: 1,
        secret: 'Old-Secret-1',
      });
      expect((await store.credentials.list(computerId))[0]).toMatchObject({
        kind: 'password',
        revision: 1,
        currentVersion: 1,
      });
    } finally {
      await store.close();
    }
  });

  it('rotates to a new current version the gateway uses, counting sessions per version', async () => {
    const store = await open();
    try {
      const { computer, session } = await lab(store);
      const made = await store.credentials.create({ computerId: computer, username: 'root', secret: 'First-Secret-1' });
      expect(made).toMatchObject({ kind: 'password', revision: 1, currentVersion: 1, lastRotated: null });
      await session({ credentialId: made.id, version: 1 });
      await session({ credentialId: made.id, version: 1 });
      const rotated = await store.credentials.rotate(made.id, 1, { secret: 'Second-Secret-2' });
      expect(rotated).toMatchObject({ revision: 2, currentVersion: 2 });
      expect(rotated?.lastRotated).toEqual(expect.any(String));
      expect(await store.credentials.current(computer)).toMatchObject({
        id: made.id,
        version: 2,
        secret: 'Second-Secret-2',
      });
      await session({ credentialId: made.id, version: 2 });
      const [listed] = await store.credentials.list(computer);
      expect(listed?.versions.map((v) => [v.version, v.sessions])).toEqual([
        [1, 2],
        [2, 1],
      ]);
      expect(JSON.stringify(await store.credentials.list())).not.toContain('Secret-');
    } finally {
      await store.close();
    }
  });

  it('refuses a rotation on a stale revision, and forgets a deleted credential', async () => {
    const store = await open();
    try {
      const { computer } = await lab(store);
      const made = await store.credentials.create({ computerId: computer, username: 'root', secret: 'First-Secret-1' });
      expect(await store.credentials.rotate(made.id, 1, { secret: 'B' })).not.toBeNull();
      expect(await store.credentials.rotate(made.id, 1, { secret: 'C' })).toBeNull();
      expect((await store.credentials.current(computer))?.secret).toBe('B');
      expect(await store.credentials.remove(made.id)).toBe(true);
      expect(await store.credentials.current(computer)).toBeUndefined();
      expect(await store.credentials.listFor(computer)).toEqual([]);
      expect(await store.credentials.remove(made.id)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('keeps a private key and its passphrase sealed, and uses the credential whose secret was set last', async () => {
    const store = await open();
    try {
      const { computer } = await lab(store);
      const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nKeyBody-Zq9\n-----END OPENSSH PRIVATE KEY-----';
      const older = await store.credentials.create({ computerId: computer, username: 'a', secret: 'Pass-A' });
      const keyed = await store.credentials.create({
        computerId: computer,
        username: 'k',
        kind: 'key',
        secret: pem,
        passphrase: 'Phrase-K',
      });
      expect(await store.credentials.current(computer)).toMatchObject({
        id: keyed.id,
        kind: 'key',
        passphrase: 'Phrase-K',
      });
      const rows = JSON.stringify(await store.db.selectFrom('shared_credential_versions').selectAll().execute());
      expect(rows).not.toContain('Phrase-K');
      expect(rows).not.toContain('KeyBody-Zq9');
      await new Promise((r) => setTimeout(r, 5));
      await store.credentials.rotate(older.id, 1, { secret: 'Pass-A2' });
      expect(await store.credentials.current(computer)).toMatchObject({ id: older.id, version: 2, secret: 'Pass-A2' });
    } finally {
      await store.close();
    }
  });
});
