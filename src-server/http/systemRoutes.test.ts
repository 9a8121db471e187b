import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
beforeAll(async () => {
  lab = await startSeededServer('openpsm-system-routes-');
}, 60_000);
afterAll(() => lab?.stop());
const as = (username: string) => lab.as(username);

const newPerson = (username: string, secret: string) => ({
  username,
  displayName: username,
  roles: [],
  password: secret,
});

describe('sign-in rules in the server settings', () => {
  it('answers the password rules with their defaults, changes one rule alone, and audits each field before and after', async () => {
    const alice = await as('alice');
    expect((await alice('GET', '/api/admin/settings')).body).toEqual({
      rdpProxyEnabled: true,
      mfaRequiredForSignIn: false,
      passwordRules: { minLength: 12, minClasses: 3, refuseUsername: true },
      revision: 0,
    });
    const changed = await alice('PUT', '/api/admin/settings', {
      mfaRequiredForSignIn: true,
      passwordRules: { minLength: 16 },
    });
    expect(changed.body).toMatchObject({
      mfaRequiredForSignIn: true,
      passwordRules: { minLength: 16, minClasses: 3, refuseUsername: true },
    });
    const { entries } = (await alice('GET', '/api/audit?action=settings.update')).body as {
      entries: Array<{ target: string; changes: unknown[] }>;
    };
    expect(entries[0]).toMatchObject({
      target: 'mfaRequiredForSignIn passwordRules.minLength',
      changes: [
        { field: 'mfaRequiredForSignIn', before: false, after: true },
        { field: 'passwordRules.minLength', before: 12, after: 16 },
      ],
    });
    await alice('PUT', '/api/admin/settings', { mfaRequiredForSignIn: false, passwordRules: { minLength: 12 } });
  });

  it('a save naming an older revision is refused as stale; one that changes nothing keeps the revision', async () => {
    const alice = await as('alice');
    const { revision } = (await alice('GET', '/api/admin/settings')).body as { revision: number };
    const first = await alice('PUT', '/api/admin/settings', { revision, rdpProxyEnabled: false });
    expect(first.body).toMatchObject({ rdpProxyEnabled: false, revision: revision + 1 });
    const stale = await alice('PUT', '/api/admin/settings', { revision, rdpProxyEnabled: true });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_REVISION' });
    expect((await alice('GET', '/api/admin/settings')).body).toMatchObject({ rdpProxyEnabled: false });
    const same = await alice('PUT', '/api/admin/settings', { revision: revision + 1, rdpProxyEnabled: false });
    expect(same.body).toMatchObject({ revision: revision + 1 });
    await alice('PUT', '/api/admin/settings', { rdpProxyEnabled: true });
  });

  it('refuses out-of-range rules naming each field, and unknown fields, and changes nothing', async () => {
    const alice = await as('alice');
    const bad = await alice('PUT', '/api/admin/settings', {
      passwordRules: { minLength: 7, minClasses: 5, refuseUsername: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'BAD_REQUEST',
      fields: [
        { path: 'passwordRules.minLength', message: 'must be from 8 to 128' },
        { path: 'passwordRules.minClasses', message: 'must be from 1 to 4' },
        { path: 'passwordRules.refuseUsername' },
      ],
    });
    const huge = await alice('PUT', '/api/admin/settings', { passwordRules: { minLength: 129, minClasses: 1.5 } });
    expect(huge.body['fields']).toEqual([
      { path: 'passwordRules.minLength', message: 'must be from 8 to 128' },
      { path: 'passwordRules.minClasses', message: 'must be a whole number' },
    ]);
    expect((await alice('PUT', '/api/admin/settings', { limits: {} })).status).toBe(400);
    expect((await alice('GET', '/api/admin/settings')).body['passwordRules']).toEqual({
      minLength: 12,
      minClasses: 3,
      refuseUsername: true,
    });
  });

  it('refuses the settings and the throttles to anyone but an administrator', async () => {
    const bob = await as('bob');
    for (const [method, pathname, body] of [
      ['GET', '/api/admin/settings'],
      ['PUT', '/api/admin/settings', { passwordRules: { minLength: 8 } }],
      ['GET', '/api/admin/throttles'],
      ['POST', '/api/admin/throttles/clear', { username: 'erin' }],
      ['DELETE', `/api/admin/throttles/${crypto.randomUUID()}`],
    ] as const)
      expect((await bob(method, pathname, body)).body, `${method} ${pathname}`).toMatchObject({
        code: 'FORBIDDEN_ROLE',
      });
  });

  it('describes the settings and throttle routes in /openapi.json', async () => {
    const doc = (await (await fetch(new URL('/openapi.json', lab.server.url))).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/admin/throttles'] ?? {})).toContain('get');
    expect(Object.keys(doc.paths['/api/admin/throttles/{id}'] ?? {})).toContain('delete');
    expect(Object.keys(doc.paths['/api/admin/throttles/clear'] ?? {})).toContain('post');
    expect(JSON.stringify(doc.paths['/api/admin/settings']?.['put'])).toContain('minClasses');
    expect(Object.keys(doc.paths).filter((p) => p.includes('backoffs'))).toEqual([]);
  });

  it('lists the configured limits with the throttles, and checks the clear body', async () => {
    const alice = await as('alice');
    expect((await alice('GET', '/api/admin/throttles')).body).toEqual({
      throttles: [],
      limits: {
        attemptsBeforeThrottle: 5,
        accountAttemptsBeforeThrottle: 25,
        firstWaitSeconds: 30,
        maxWaitSeconds: 3600,
        attemptWindowSeconds: 3600,
        knownAddressDays: 30,
        authRequestsPerMinute: 600,
        authRequestBurst: 300,
      },
    });
    expect((await alice('POST', '/api/admin/throttles/clear', { username: ' ' })).body).toMatchObject({
      code: 'BAD_REQUEST',
      fields: [{ path: 'username', message: 'is required' }],
    });
  });

  it('holds a new person to the password rules in force, naming the rule on the password field', async () => {
    const alice = await as('alice');
    const weak = await alice('POST', '/api/admin/persons', newPerson('nina', 'nina-Password-1234'));
    expect(weak.body).toEqual({
      code: 'BAD_REQUEST',
      message: 'Password must not contain the username.',
      fields: [{ path: 'password', message: 'Password must not contain the username.' }],
    });
    await alice('PUT', '/api/admin/settings', { passwordRules: { minLength: 16 } });
    try {
      const short = await alice('POST', '/api/admin/persons', newPerson('olga', 'Fourteen-chars'));
      expect(short.body).toMatchObject({ message: 'Password must be at least 16 characters.' });
      expect((await alice('POST', '/api/admin/persons', newPerson('olga', 'Sixteen-chars-ok'))).status).toBe(201);
    } finally {
      await alice('PUT', '/api/admin/settings', { passwordRules: { minLength: 12 } });
    }
  });
});
