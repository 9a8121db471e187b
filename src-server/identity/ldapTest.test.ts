import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import { writeSelfSigned } from '../../e2e/support/selfSigned';
import { ldapBase, startSlapd, type ThrowawaySlapd } from '../../e2e/support/slapd';
import { testLdap } from './ldapTest';

let slapd: ThrowawaySlapd;
const svcDn = `uid=svc,ou=people,${ldapBase}`;
beforeAll(async () => {
  slapd = await startSlapd({
    people: [
      { uid: 'jdoe', cn: 'John Doe', password: 'jdoe-Ldap-Pass-1' },
      { uid: 'svc', cn: 'Search Service', password: 'svc-Ldap-Pass-1' },
    ],
    groups: [
      { cn: 'psm-admins', members: ['jdoe'] },
      { cn: 'staff', members: ['jdoe'] },
    ],
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
  bindDn: svcDn,
  groupRoles: [{ groupDn: `cn=psm-admins,ou=groups,${ldapBase}`, role: 'administrator' }],
  timeoutMs: 2000,
});

const failed = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'none', message: '' }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );

describe('the LDAP settings test against slapd', () => {
  it('binds as the service account, finds the user and names its groups and roles', async () => {
    const found = await testLdap(config(), 'svc-Ldap-Pass-1', 'jdoe');
    expect(found).toMatchObject({
      ok: true,
      found: 1,
      dn: `uid=jdoe,ou=people,${ldapBase}`,
      roles: ['administrator'],
      passwordChecked: false,
    });
    expect([...found.groups].sort()).toEqual(['psm-admins', 'staff']);
    expect(found.summary).toMatch(/^found 1 entry for jdoe; groups: (psm-admins, staff|staff, psm-admins)$/);
    const withPassword = await testLdap(config(), 'svc-Ldap-Pass-1', 'jdoe', 'jdoe-Ldap-Pass-1');
    expect(withPassword.summary).toContain('password accepted');
    expect(await testLdap(config(), 'svc-Ldap-Pass-1', 'nobody')).toMatchObject({ found: 0, dn: null });
  });

  it('names the step that failed: service bind, user bind, connect, TLS', async () => {
    const serviceBind = await failed(testLdap(config(), 'not-the-password', 'jdoe'));
    expect(serviceBind.code).toBe('LDAP_TEST_FAILED');
    expect(serviceBind.message).toContain(`LDAP test failed at service bind as ${svcDn}`);
    expect(serviceBind.message).toContain('Invalid Credentials (LDAP result 49)');
    expect(serviceBind.message).not.toContain('not-the-password');

    const userBind = await failed(testLdap(config(), 'svc-Ldap-Pass-1', 'jdoe', 'wrong-Password-1'));
    expect(userBind.message).toContain('LDAP test failed at user bind');

    const connect = await failed(testLdap({ ...config(), url: 'ldap://127.0.0.1:9' }, null, 'jdoe'));
    expect(connect.message).toContain('LDAP test failed at connect (ldap://127.0.0.1:9)');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-ca-'));
    const otherCa = fs.readFileSync(writeSelfSigned(dir).cert, 'utf8');
    const tls = await failed(
      testLdap({ ...config(), security: 'starttls', caPem: otherCa }, 'svc-Ldap-Pass-1', 'jdoe'),
    );
    expect(tls.message).toContain('LDAP test failed at TLS');
    const ldaps = { ...config(), url: slapd.ldapsUrl as string, security: 'ldaps' as const, caPem: otherCa };
    expect((await failed(testLdap(ldaps, 'svc-Ldap-Pass-1', 'jdoe'))).message).toContain('LDAP test failed at TLS');
    const pinned = { ...ldaps, caPem: slapd.caPem as string };
    expect(await testLdap(pinned, 'svc-Ldap-Pass-1', 'jdoe')).toMatchObject({ found: 1 });
  });

  it('names a search that the directory refuses', async () => {
    const bad = await failed(testLdap({ ...config(), baseDn: 'dc=elsewhere,dc=test' }, 'svc-Ldap-Pass-1', 'jdoe'));
    expect(bad.message).toContain('LDAP test failed at search');
  });
});
