import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { signInHeadless } from '../../e2e/support/signIn';
import { seedDemo } from '../demo';
import { stepAt, totpCode } from '../secrets/totp';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';

const password = 'demo-Password-1234';
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let server: RunningServer;
let dataDir: string;
const target: Record<string, string> = {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-mfa-limits-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
  const erin = (await store.persons.findByUsername('erin'))?.id as string;
  target['computerId'] = await store.catalog.createComputer({
    name: 'lab-mfa',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    jitEnabled: false,
    recording: true,
    liveMonitoring: true,
  });
  target['policyId'] = await store.catalog.createPolicy({
    name: 'MFA lab',
    persons: [erin],
    groups: [],
    computers: [target['computerId']],
    credentialKinds: ['personal'],
    accessLevels: [],
    mfaRequired: true,
    terms: '',
    maxDurationMinutes: 60,
  });
  await store.close();
  server = await startServer({
    dataDir,
    limits: { authRequestsPerMinute: 0 },
    log: createLogger({ name: 's', sink: () => undefined }),
  });
}, 60_000);
afterAll(async () => server?.close());

async function tokenOf(username: string) {
  const result = await signInHeadless(server.url, username, password);
  if ('refused' in result) throw new Error(result.refused);
  return result.tokens.access_token;
}

describe("Advanced Mode's MFA code under the guessing limiter", () => {
  it('answers 429 TOO_MANY_ATTEMPTS with Retry-After and when to try again after 5 wrong codes, then refuses the right code too; audits mfa.throttled', async () => {
    // Signed in first, then enrolled (the headless sign-in has no TOTP step).
    const token = await tokenOf('erin');
    const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
    await store.mfa.enrol((await store.persons.findByUsername('erin'))?.id as string, secret, stepAt(Date.now()) - 10);
    await store.close();
    const terms = async (mfaCode: string) => {
      const res = await fetch(`${server.url}/api/sessions/terms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...target,
          advanced: { credentialKind: 'personal', accessLevelId: null, mfaCode, authorization: null },
        }),
      });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as { code: string; message: string; retryAfterSeconds?: number },
      };
    };
    const wrong = ['000000', '111111', '222222'].find(
      (c) => ![-1, 0, 1].some((d) => totpCode(secret, stepAt(Date.now()) + d) === c),
    ) as string;
    const answers = [];
    for (let i = 0; i < 20; i += 1) answers.push(await terms(wrong));
    expect(answers.slice(0, 4).map((a) => a.body.code)).toEqual([
      'MFA_INVALID',
      'MFA_INVALID',
      'MFA_INVALID',
      'MFA_INVALID',
    ]);
    expect(new Set(answers.slice(4).map((a) => `${a.status} ${a.body.code}`))).toEqual(
      new Set(['429 TOO_MANY_ATTEMPTS']),
    );
    const right = await terms(totpCode(secret, stepAt(Date.now())));
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      message: expect.stringMatching(/^Too many wrong codes for this account\. Try again in \d+ seconds\.$/) as string,
    });
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    expect(right.body.retryAfterSeconds).toBe(Number(right.retryAfter));

    const admin = await tokenOf('alice');
    const audit = (
      (await (await fetch(`${server.url}/api/audit`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
        entries: Array<{ actor: string; action: string; target: string }>;
      }
    ).entries;
    expect(audit.filter((e) => e.action === 'mfa.throttled').map((e) => `${e.actor} ${e.target}`)).toEqual([
      'erin 127.0.0.1: mfa refused for 30 s',
    ]);
    // Wrong codes that were checked are audited as before; refused ones were never checked.
    expect(audit.filter((e) => e.action === 'session.mfa_failed')).toHaveLength(5);
  });
});
