import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore } from '../index';
import { serverKeyFrom } from '../secrets/serverKey';
import { storeTargets } from './storeTargets.testkit';
import { changeMember, createGroupRecord, groupDetail, updateGroupRecord, findGroupRow } from './groups';

const key = serverKeyFrom(crypto.randomBytes(32));
const targets = storeTargets('groups');

describe.each(targets)('groups on $name', ({ options }) => {
  it('a directory group follows each sign-in: added when in the directory group, removed when not', async () => {
    const store = await openStore(options(), key);
    try {
      const lena = await store.persons.upsertExternal('ldap', 'uid=lena,ou=people', 'lena', 'Lena', []);
      const dn = 'cn=ops,ou=groups,dc=example';
      const id = await createGroupRecord(store.db, {
        name: 'Ops',
        members: [],
        directory: { source: 'ldap', value: dn },
        rule: null,
      });
      await store.persons.followDirectory(lena.id, 'ldap', ['CN=Ops,ou=groups,dc=example']);
      expect((await groupDetail(store.db, id))?.members.map((m) => m.username)).toEqual(['lena']);
      await store.persons.followDirectory(lena.id, 'oidc', []);
      expect((await groupDetail(store.db, id))?.memberCount).toBe(1);
      await store.persons.followDirectory(lena.id, 'ldap', []);
      expect((await groupDetail(store.db, id))?.memberCount).toBe(0);
      const entries = (await store.state.auditEntries()).filter((e) => e.action === 'group.members_by_directory');
      expect(entries.map((e) => [e.actor, e.target, e.changes])).toEqual([
        ['(LDAP directory)', 'Ops', [{ field: 'members', before: ['lena'], after: [] }]],
        ['(LDAP directory)', 'Ops', [{ field: 'members', before: [], after: ['lena'] }]],
      ]);
    } finally {
      await store.close();
    }
  });

  it('an LDAP sign-in sets the department it gives, and the rule groups follow it', async () => {
    const store = await openStore(options(), key);
    try {
      const rule = { field: 'department' as const, value: 'Operations' };
      const id = await createGroupRecord(store.db, { name: 'Ops people', members: [], directory: null, rule });
      const dn = 'uid=lena,ou=people';
      const lena = await store.persons.upsertExternal('ldap', dn, 'lena', 'Lena', [], { department: 'Operations' });
      await store.persons.applyRuleGroups(lena.id);
      expect((await groupDetail(store.db, id))?.members.map((m) => m.username)).toEqual(['lena']);
      await store.persons.upsertExternal('ldap', dn, 'lena', 'Lena', [], { department: null, location: 'Oslo' });
      await store.persons.applyRuleGroups(lena.id);
      expect((await store.persons.findById(lena.id))?.location).toBe('Oslo');
      expect((await groupDetail(store.db, id))?.memberCount).toBe(0);
      const entries = (await store.state.auditEntries()).filter((e) => e.actor === '(rule Ops people)');
      expect(entries.map((e) => e.changes)).toEqual([
        [{ field: 'members', before: ['lena'], after: [] }],
        [{ field: 'members', before: [], after: ['lena'] }],
      ]);
    } finally {
      await store.close();
    }
  });

  it('a member change on a stale revision writes nothing', async () => {
    const store = await openStore(options(), key);
    try {
      const ann = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: '!', roles: [] });
      const id = await createGroupRecord(store.db, { name: 'Hand', members: [], directory: null, rule: null });
      expect(await changeMember(store.db, id, 1, ann.id, true)).toBe(2);
      expect(await changeMember(store.db, id, 1, ann.id, false)).toBeNull();
      expect((await groupDetail(store.db, id))?.members.map((m) => m.username)).toEqual(['ann']);
      expect(await changeMember(store.db, id, 2, ann.id, false)).toBe(3);
      expect((await groupDetail(store.db, id))?.memberCount).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('an edit on a stale revision writes nothing; a changed rule refills the group', async () => {
    const store = await openStore(options(), key);
    try {
      const ann = await store.persons.create({ username: 'ann', displayName: 'Ann', passwordHash: '!', roles: [] });
      await store.persons.update(ann.id, { location: 'Berlin' });
      const rule = { field: 'location' as const, value: 'Paris' };
      const id = await createGroupRecord(store.db, { name: 'Paris', members: [], directory: null, rule });
      const row = await findGroupRow(store.db, id);
      if (!row) throw new Error('no group');
      expect(await updateGroupRecord(store.db, row, { revision: 1, rule: { ...rule, value: 'berlin' } })).toBe(2);
      expect((await groupDetail(store.db, id))?.members.map((m) => m.username)).toEqual(['ann']);
      const byRule = (await store.state.auditEntries()).find((e) => e.action === 'group.members_by_rule');
      expect(byRule).toMatchObject({
        actor: '(rule Paris)',
        target: 'Paris',
        changes: [{ field: 'members', before: [], after: ['ann'] }],
      });
      expect(await updateGroupRecord(store.db, row, { revision: 1, name: 'Late' })).toBeNull();
      expect((await groupDetail(store.db, id))?.name).toBe('Paris');
    } finally {
      await store.close();
    }
  });
});
