import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import { writeSelfSigned } from '../../e2e/support/selfSigned';
import { ldapBase, startSlapd, type ThrowawaySlapd } from '../../e2e/support/slapd';
import { escapeFilterValue, ldapAuthenticate } from './ldap';

let slapd: ThrowawaySlapd;
const people = [
  { uid: 'lena', cn: 'Lena Ldap', password: 'lena-Ldap-Pass-1', departmentNumber: 'Operations', l: 'Berlin' },
  { uid: 'otto', cn: 'Otto Other', password: 'otto-Ldap-Pass-1', ou: 'Finance' },
];
beforeAll(async () => {
  slapd = await startSlapd({
    people,
    groups: [
      { cn: 'psm-admins', members: ['lena'] },
      { cn: 'auditors', members: ['lena', 'otto'] },
    ],
    allowUnauthenticatedBind: true,
    tls: true,
  });
}, 30_000);
afterAll(async () => slapd?.stop());

const config = (): LdapConfig => ({
  enabled: true,
  url: slapd.url,
  security: 'plain',
  caPem: null,
  baseDn: ldapBase,
  userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
  bindDn: null,
  groupRoles: [
    { groupDn: `cn=psm-admins,ou=groups,${ldapBase}`, role: 'administrator' },
    { groupDn: `CN=Auditors,ou=groups,${ldapBase}`, role: 'auditor' },
  ],
  timeoutMs: 2000,
});

describe('LDAP bind sign-in against slapd', () => {
  it('binds as the found entry, maps its groups to roles and names its directory groups', async () => {
    const lena = await ldapAuthenticate(config(), null, 'lena', 'lena-Ldap-Pass-1');
    expect(lena).toMatchObject({
      ok: true,
      dn: `uid=lena,ou=people,${ldapBase}`,
      uid: 'lena',
      displayName: 'Lena Ldap',
      roles: ['administrator', 'auditor'],
      department: 'Operations',
      location: 'Berlin',
    });
    expect(lena.ok && [...lena.groupDns].sort()).toEqual([
      `cn=auditors,ou=groups,${ldapBase}`,
      `cn=psm-admins,ou=groups,${ldapBase}`,
    ]);
    expect(await ldapAuthenticate(config(), null, 'otto', 'otto-Ldap-Pass-1')).toMatchObject({
      ok: true,
      roles: ['auditor'],
      department: 'Finance',
      location: null,
    });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    expect(await ldapAuthenticate(config(), null, 'lena', 'otto-Ldap-Pass-1')).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
    expect(await ldapAuthenticate(config(), null, 'nobody', 'lena-Ldap-Pass-1')).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
  });

  it('refuses an empty password before any bind, although this slapd accepts unauthenticated binds', async () => {
    const direct = new Client({ url: slapd.url });
    await expect(direct.bind(`uid=lena,ou=people,${ldapBase}`, '')).resolves.toBeUndefined();
    await direct.unbind();
    expect(await ldapAuthenticate(config(), null, 'lena', '')).toMatchObject({ ok: false, reason: 'empty-password' });
  });

  it('escapes filter values (RFC 4515): `*)(uid=*` finds nobody', async () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0')).toBe('a\\5cb\\00');
    expect(await ldapAuthenticate(config(), null, '*)(uid=*', 'lena-Ldap-Pass-1')).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
    expect(await ldapAuthenticate(config(), null, '*', 'lena-Ldap-Pass-1')).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
  });

  it('speaks StartTLS and LDAPS with the pinned CA, and refuses a directory whose certificate another CA signed', async () => {
    const ca = slapd.caPem as string;
    expect(
      await ldapAuthenticate({ ...config(), security: 'starttls', caPem: ca }, null, 'lena', 'lena-Ldap-Pass-1'),
    ).toMatchObject({ ok: true });
    expect(
      await ldapAuthenticate(
        { ...config(), url: slapd.ldapsUrl as string, security: 'ldaps', caPem: ca },
        null,
        'lena',
        'lena-Ldap-Pass-1',
      ),
    ).toMatchObject({ ok: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-ca-'));
    const pems = writeSelfSigned(dir);
    const otherCa = fs.readFileSync(pems.cert, 'utf8');
    expect(
      await ldapAuthenticate({ ...config(), security: 'starttls', caPem: otherCa }, null, 'lena', 'lena-Ldap-Pass-1'),
    ).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(
      await ldapAuthenticate(
        { ...config(), url: slapd.ldapsUrl as string, security: 'ldaps', caPem: otherCa },
        null,
        'lena',
        'lena-Ldap-Pass-1',
      ),
    ).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('names an unreachable directory, within its timeout', async () => {
    const started = Date.now();
    const result = await ldapAuthenticate(
      { ...config(), url: 'ldap://127.0.0.1:9', timeoutMs: 1000 },
      null,
      'lena',
      'x-password-1',
    );
    expect(result).toMatchObject({
      ok: false,
      reason: 'unreachable',
      message: expect.stringContaining('ldap://127.0.0.1:9'),
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
