import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore } from '../index';
import { serverKeyFrom } from '../secrets/serverKey';
import { storeTargets } from './storeTargets.testkit';
import { stepAt, totpCode } from '../secrets/totp';
import { migrateToLatest } from './migrations';
import { databaseAdapter, revokeAccount } from './oidcAdapter';
import { TicketLedger } from './ticketLedger';
import { RecordingRepository } from './recordings';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('repo');

describe.each(targets)('repositories on $name', ({ options }) => {
  const open = () => openStore(options(), key);

  it('migrates an empty database, and a second run has nothing to do', async () => {
    const store = await open();
    try {
      expect(await migrateToLatest(store.db, store.dialect)).toEqual([]);
      expect(await store.persons.countAdministrators()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('redeems a gateway ticket once: a replay is refused, also after a restart; expired rows are dropped', async () => {
    const opts = options();
    const jti = crypto.randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const first = await openStore(opts, key);
    try {
      const ledger = new TicketLedger(first.db);
      expect(await ledger.redeem(jti, now + 60, now)).toBe(true);
      expect(await ledger.redeem(jti, now + 60, now)).toBe(false);
      expect(await ledger.redeem(crypto.randomUUID(), now + 1, now)).toBe(true);
    } finally {
      await first.close();
    }
    const restarted = await openStore(opts, key);
    try {
      const ledger = new TicketLedger(restarted.db);
      expect(await ledger.redeem(jti, now + 60, now + 10)).toBe(false);
      expect(await restarted.db.selectFrom('used_tickets').select('jti').execute()).toEqual([{ jti }]);
    } finally {
      await restarted.close();
    }
  });

  it('keeps persons with roles, refuses a second person with the same username, and disables', async () => {
    const store = await open();
    try {
      const ann = await store.persons.create({
        username: 'ann',
        displayName: 'Ann',
        passwordHash: 'h',
        roles: ['administrator', 'auditor'],
      });
      await expect(
        store.persons.create({ username: 'ann', displayName: 'Other', passwordHash: 'h', roles: [] }),
      ).rejects.toThrow();
      expect((await store.persons.findByUsername('ann'))?.roles).toEqual(['administrator', 'auditor']);
      expect(await store.persons.countAdministrators()).toBe(1);
      await store.persons.update(ann.id, { disabled: true, roles: ['auditor'] });
      expect(await store.persons.findById(ann.id)).toMatchObject({ disabled: true, roles: ['auditor'] });
      expect(await store.persons.update(crypto.randomUUID(), { disabled: true })).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('lists exactly the computers a person reaches through their groups or by name, grouped by policy', async () => {
    const store = await open();
    try {
      const ann = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
      const ben = await store.persons.create({ username: 'ben', displayName: 'Ben', passwordHash: 'h', roles: [] });
      const ops = await store.persons.createGroup('ops', [ann.id]);
      const add = (name: string, protocol: 'ssh' | 'rdp') =>
        store.catalog.createComputer({
          name,
          protocol,
          host: `${name}.lab`,
          port: protocol === 'ssh' ? 22 : 3389,
          jitEnabled: false,
          recording: true,
          liveMonitoring: false,
        });
      const [a, b, c] = [await add('a', 'ssh'), await add('b', 'rdp'), await add('c', 'ssh')];
      const base = { accessLevels: [], mfaRequired: false, terms: '', maxDurationMinutes: 60 };
      await store.catalog.createPolicy({
        ...base,
        name: 'Ops',
        persons: [],
        groups: [ops],
        computers: [a, b],
        credentialKinds: ['shared'],
      });
      await store.catalog.createPolicy({
        ...base,
        name: 'Ben only',
        persons: [ben.id],
        groups: [],
        computers: [c],
        credentialKinds: ['personal', 'jit'],
        mfaRequired: true,
      });
      const forAnn = await store.catalog.resourcesFor(ann.id, true);
      expect(forAnn.map((g) => [g.policyName, g.computers.map((x) => x.name)])).toEqual([['Ops', ['a', 'b']]]);
      expect(forAnn[0]?.computers.every((x) => x.blockedReason === null)).toBe(true);
      const proxyOff = await store.catalog.resourcesFor(ann.id, false);
      expect(proxyOff[0]?.computers.map((x) => x.blockedReason)).toEqual([null, 'RDP_PROXY_DISABLED']);
      expect(await store.catalog.resourcesFor(ben.id, true)).toEqual([
        expect.objectContaining({ policyName: 'Ben only', credentialKinds: ['personal', 'jit'], mfaRequired: true }),
      ]);
    } finally {
      await store.close();
    }
  });

  it('stores shared credentials sealed: the row holds no secret, listing shows none, the gateway can read its current version', async () => {
    const store = await open();
    try {
      const computer = await store.catalog.createComputer({
        name: 'db',
        protocol: 'ssh',
        host: 'db.lab',
        port: 22,
        jitEnabled: false,
        recording: true,
        liveMonitoring: true,
      });
      const secret = 'Sh4red-Secret-For-Repo-Test';
      const made = await store.credentials.create({ computerId: computer, username: 'root', secret });
      const rows = await store.db.selectFrom('shared_credentials').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect(JSON.stringify(await store.credentials.listFor(computer))).not.toContain(secret);
      expect(await store.credentials.current(computer)).toMatchObject({ id: made.id, secret, version: 1 });
      expect(
        JSON.stringify(await store.db.selectFrom('shared_credential_versions').selectAll().execute()),
      ).not.toContain(secret);
    } finally {
      await store.close();
    }
  });

  it('keeps server settings and the audit log, newest first', async () => {
    const store = await open();
    try {
      expect(await store.state.getSetting('rdpProxyEnabled', true)).toBe(true);
      await store.state.setSetting('rdpProxyEnabled', false);
      await store.state.setSetting('rdpProxyEnabled', false);
      expect(await store.state.getSetting('rdpProxyEnabled', true)).toBe(false);
      await store.state.audit('ann', 'one', 'x');
      await store.state.audit('ann', 'two', 'y');
      expect((await store.state.auditEntries()).map((e) => e.action)).toEqual(['two', 'one']);
    } finally {
      await store.close();
    }
  });

  it("stores the identity provider's records: find, consume, expiry, revoke by grant and by person", async () => {
    const store = await open();
    try {
      const Adapter = databaseAdapter(store.db);
      const tokens = new Adapter('RefreshToken');
      const grants = new Adapter('Grant');
      await grants.upsert('g1', { accountId: 'p1' }, 60);
      await tokens.upsert('t1', { grantId: 'g1', accountId: 'p1', uid: 'u1' }, 60);
      await tokens.upsert('t2', { grantId: 'g2', accountId: 'p2' }, 60);
      await tokens.upsert('old', { grantId: 'g2' }, -1);
      expect(await tokens.find('t1')).toMatchObject({ grantId: 'g1' });
      expect(await tokens.findByUid('u1')).toMatchObject({ accountId: 'p1' });
      expect(await tokens.find('old')).toBeUndefined();
      await tokens.consume('t2');
      expect((await tokens.find('t2'))?.consumed).toBeGreaterThan(0);
      await tokens.revokeByGrantId('g2');
      expect(await tokens.find('t2')).toBeUndefined();
      expect(await revokeAccount(store.db, 'p1')).toBe(2);
      expect(await tokens.find('t1')).toBeUndefined();
      expect(await grants.find('g1')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('keeps a TOTP enrolment sealed, refuses a replayed step, and spends each recovery code once', async () => {
    const store = await open();
    try {
      const ann = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: 'h', roles: [] });
      const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      const now = 1_800_000_000_000;
      const step = stepAt(now);
      expect(await store.mfa.isEnrolled(ann.id)).toBe(false);
      const codes = await store.mfa.enrol(ann.id, secret, step - 1);
      expect(codes).toHaveLength(10);
      expect(JSON.stringify(await store.db.selectFrom('mfa_totp').selectAll().execute())).not.toContain(secret);
      expect(await store.mfa.verify(ann.id, totpCode(secret, step - 1), now, 1)).toBe('replayed');
      expect(await store.mfa.verify(ann.id, totpCode(secret, step), now, 1)).toBe('ok');
      expect(await store.mfa.verify(ann.id, totpCode(secret, step), now, 1)).toBe('replayed');
      const wrong = ['000000', '111111', '222222'].find(
        (c) => ![step - 1, step, step + 1].some((s) => totpCode(secret, s) === c),
      ) as string;
      expect(await store.mfa.verify(ann.id, wrong, now, 1)).toBe('wrong');
      expect(await store.mfa.verify(ann.id, (codes[0] as string).toUpperCase(), now, 1)).toBe('ok');
      expect(await store.mfa.verify(ann.id, codes[0] as string, now, 1)).toBe('replayed');
      expect(await store.mfa.verify(ann.id, 'aaaaa-bbbbb', now, 1)).toBe('wrong');
      expect(await store.mfa.remainingRecoveryCodes(ann.id)).toBe(9);
      await store.mfa.reset(ann.id);
      expect(await store.mfa.isEnrolled(ann.id)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('finds recordings by person, computer, day and typed text (with % and _ taken literally), newest first', async () => {
    const store = await open();
    try {
      const recordings = new RecordingRepository(store.db);
      const erin = (
        await store.persons.create({ username: 'erin', displayName: 'Erin Engineer', passwordHash: 'x', roles: [] })
      ).id;
      const frank = (
        await store.persons.create({ username: 'frank', displayName: 'Frank Field', passwordHash: 'x', roles: [] })
      ).id;
      const web = await store.catalog.createComputer({
        name: 'web-01',
        protocol: 'ssh',
        host: 'h',
        port: 22,
        jitEnabled: false,
        recording: true,
        liveMonitoring: true,
      });
      const db = await store.catalog.createComputer({
        name: 'db-01',
        protocol: 'rdp',
        host: 'h',
        port: 3389,
        jitEnabled: false,
        recording: true,
        liveMonitoring: true,
      });
      const add = async (personId: string, computerId: string, startedAt: string, keys: string[]) => {
        const sessionId = crypto.randomUUID();
        const id = await recordings.add({ sessionId, fileName: sessionId, personId, computerId, startedAt });
        await recordings.indexed(id, {
          sha256: 'a'.repeat(64),
          bytes: 10,
          durationMs: 5000,
          marks: [{ atMs: 0, offset: 10, keyframe: true }],
          keys: keys.map((text, i) => ({ atMs: 1000 * (i + 1), text })),
          shown: keys.map((text, i) => ({ atMs: 1000 * (i + 1) + 5, text: `shown ${text}` })),
        });
        return id;
      };
      const a = await add(erin, web, '2026-11-20T10:00:00.000Z', ['sudo systemctl restart nginx', 'ls 100%']);
      const b = await add(frank, db, '2026-11-22T09:00:00.000Z', ['select * from users']);
      const c = await add(erin, db, '2026-11-24T23:59:00.000Z', ['ls 1000']);
      const ids = async (filter: Parameters<RecordingRepository['search']>[0]) =>
        (await recordings.search(filter)).map((r) => r.id);
      expect(await ids({})).toEqual([c, b, a]);
      expect(await ids({ person: 'ERIN' })).toEqual([c, a]);
      expect(await ids({ person: 'field' })).toEqual([b]);
      expect(await ids({ computer: 'db' })).toEqual([c, b]);
      expect(await ids({ from: '2026-11-21', to: '2026-11-24' })).toEqual([c, b]);
      expect(await ids({ text: 'NGINX' })).toEqual([a]);
      expect(await ids({ text: '100%' })).toEqual([a]);
      expect(await ids({ text: 'ls 1_0' })).toEqual([]);
      const [found] = await recordings.search({ text: 'restart' });
      expect(found).toMatchObject({
        ...{ username: 'erin', computerName: 'web-01', protocol: 'ssh', status: 'uploading', durationMs: 5000 },
        bytes: 10,
        matches: [{ atMs: 1000, text: 'sudo systemctl restart nginx' }],
        shown: [{ atMs: 1005, text: 'shown sudo systemctl restart nginx' }],
      });
      expect(await ids({ text: 'shown select' })).toEqual([b]);
      expect((await recordings.playerIndex(a))?.keys).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
