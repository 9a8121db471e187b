import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapBase, startSlapd, type ThrowawaySlapd } from '../../e2e/support/slapd';
import { startUpstreamIssuer, upstreamClient } from '../../e2e/support/upstreamIssuer';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
let slapd: ThrowawaySlapd;
beforeAll(async () => {
  slapd = await startSlapd({
    people: [
      { uid: 'jdoe', cn: 'John Doe', password: 'jdoe-Ldap-Pass-1' },
      { uid: 'svc', cn: 'Search Service', password: 'svc-Ldap-Pass-1' },
    ],
    groups: [{ cn: 'psm-admins', members: ['jdoe'] }],
  });
  lab = await startSeededServer('openpsm-sign-in-modules-');
}, 60_000);
afterAll(async () => (await lab?.stop(), await slapd?.stop()));

const config = () => ({
  enabled: true,
  url: slapd.url,
  security: 'plain',
  caPem: null,
  baseDn: ldapBase,
  userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
  bindDn: `uid=svc,ou=people,${ldapBase}`,
  groupRoles: [{ groupDn: `cn=psm-admins,ou=groups,${ldapBase}`, role: 'administrator' }],
  timeoutMs: 2000,
});

type Entry = { action: string; target: string; changes: unknown[] };
async function auditEntries(): Promise<Entry[]> {
  return ((await (await lab.as('alice'))('GET', '/api/audit')).body as { entries: Entry[] }).entries;
}

describe('the sign-in modules: Test before saving, and each saved field audited', () => {
  it('tests typed LDAP settings without storing them, audited as a test run; only administrators', async () => {
    const alice = await lab.as('alice');
    const body = { config: config(), bindPassword: 'svc-Ldap-Pass-1', username: 'jdoe' };
    const found = await alice('POST', '/api/admin/sign-in/ldap/test', body);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ ok: true, found: 1, summary: 'found 1 entry for jdoe; groups: psm-admins' });
    expect((await alice('GET', '/api/admin/sign-in/ldap')).body).toMatchObject({
      config: null,
      hasBindPassword: false,
    });
    const wrong = await alice('POST', '/api/admin/sign-in/ldap/test', { ...body, bindPassword: 'not-it-1' });
    expect(wrong.status).toBe(502);
    expect(wrong.body).toMatchObject({ code: 'LDAP_TEST_FAILED' });
    expect(String(wrong.body['message'])).toContain('LDAP test failed at service bind');
    const tests = (await auditEntries()).filter((e) => e.action === 'sign_in.ldap.test');
    expect(tests.map((e) => e.target)).toContainEqual(
      `${slapd.url} for jdoe: found 1 entry for jdoe; groups: psm-admins`,
    );
    expect(JSON.stringify(tests)).not.toContain('svc-Ldap-Pass-1');
    expect(JSON.stringify(tests)).not.toContain('not-it-1');
    const carol = await lab.as('carol');
    expect((await carol('POST', '/api/admin/sign-in/ldap/test', body)).status).toBe(403);
    expect((await carol('POST', '/api/admin/sign-in/oidc/test', { config: {}, clientSecret: null })).status).toBe(403);
  });

  it('audits each changed field of a save, the password only as changed; a Test then uses the kept password', async () => {
    const alice = await lab.as('alice');
    await alice('PUT', '/api/admin/sign-in/ldap', { config: config(), bindPassword: 'svc-Ldap-Pass-1' });
    await alice('PUT', '/api/admin/sign-in/ldap', { config: { ...config(), timeoutMs: 3000 }, bindPassword: null });
    const updates = (await auditEntries()).filter((e) => e.action === 'sign_in.ldap.update');
    expect(updates[0]?.changes).toEqual([{ field: 'timeoutMs', before: 2000, after: 3000 }]);
    expect(updates[1]?.changes).toContainEqual({ field: 'bindPassword', secret: true });
    expect(updates[1]?.changes).toContainEqual({ field: 'url', before: null, after: slapd.url });
    expect(JSON.stringify(updates)).not.toContain('svc-Ldap-Pass-1');
    const kept = await alice('POST', '/api/admin/sign-in/ldap/test', {
      config: config(),
      bindPassword: null,
      username: 'jdoe',
    });
    expect(kept.body).toMatchObject({ ok: true, found: 1 });
  });

  it('tests typed federation settings without storing them or echoing the secret, audited as a test run', async () => {
    const upstream = await startUpstreamIssuer('http://127.0.0.1:1/federation/callback');
    try {
      const alice = await lab.as('alice');
      const config = {
        enabled: true,
        name: 'Corp SSO',
        issuerUrl: upstream.url,
        clientId: upstreamClient.id,
        searchClaim: 'email',
        groupsClaim: null,
        groupRoles: [],
        allowSelfSignedTls: false,
        timeoutMs: 2000,
      };
      const found = await alice('POST', '/api/admin/sign-in/oidc/test', {
        config,
        clientSecret: upstreamClient.secret,
      });
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ ok: true, issuer: upstream.url, jwksUri: `${upstream.url}/jwks` });
      expect(JSON.stringify(found.body)).not.toContain(upstreamClient.secret);
      expect((await alice('GET', '/api/admin/sign-in/oidc')).body).toMatchObject({ config: null });
      const tests = (await auditEntries()).filter((e) => e.action === 'sign_in.oidc.test');
      expect(tests[0]?.target).toBe(`${upstream.url}: ${String(found.body['summary'])}`);
      expect(JSON.stringify(tests)).not.toContain(upstreamClient.secret);
    } finally {
      await upstream.close();
    }
  });

  it('a module save naming an older revision is refused as stale and changes nothing; the current one saves and raises it; none still saves', async () => {
    const alice = await lab.as('alice');
    const federation = {
      enabled: false,
      name: 'Corp SSO',
      issuerUrl: 'https://sso.example.test',
      clientId: 'openpsm',
      searchClaim: 'email',
      groupsClaim: null,
      groupRoles: [],
      allowSelfSignedTls: false,
      timeoutMs: 2000,
    };
    const modules = [
      { path: '/api/admin/sign-in/ldap', body: { config: config(), bindPassword: 'svc-Ldap-Pass-1' }, field: 'baseDn' },
      { path: '/api/admin/sign-in/oidc', body: { config: federation, clientSecret: 'fed-Secret-1' }, field: 'name' },
    ];
    for (const { path, body, field } of modules) {
      await alice('PUT', path, body);
      const { revision } = (await alice('GET', path)).body as { revision: number };
      const first = await alice('PUT', path, { ...body, config: { ...body.config, timeoutMs: 4000 }, revision });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ config: { timeoutMs: 4000 }, revision: revision + 1 });
      const stale = await alice('PUT', path, { ...body, config: { ...body.config, [field]: 'o=stale' }, revision });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'STALE_REVISION' });
      expect(String(stale.body['message'])).toContain(`now revision ${revision + 1}`);
      const now = (await alice('GET', path)).body;
      expect(now).toMatchObject({
        config: { timeoutMs: 4000, [field]: body.config[field as keyof typeof body.config] },
      });
      expect(now['revision']).toBe(revision + 1);
      const unnamed = await alice('PUT', path, { ...body, config: { ...body.config, timeoutMs: 5000 } });
      expect(unnamed.body).toMatchObject({ config: { timeoutMs: 5000 }, revision: revision + 2 });
      expect(JSON.stringify(unnamed.body)).not.toMatch(/svc-Ldap-Pass-1|fed-Secret-1/);
    }
  });
});
