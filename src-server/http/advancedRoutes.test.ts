import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInHeadless } from '../../e2e/support/signIn';
import { createLogger } from '@shared/node/logger';
import { seedDemo } from '../demo';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';

const password = 'demo-Password-1234';
let server: RunningServer;
const ids: Record<string, string> = {};

/** Bob (an access manager) may reach `lab` under a policy whose one level, Root, needs pre-approval. */
beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-approvals-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
  ids['bob'] = (await store.persons.findByUsername('bob'))?.id as string;
  ids['erin'] = (await store.persons.findByUsername('erin'))?.id as string;
  const operators = await store.persons.createGroup('Lab operators', [ids['bob'], ids['erin']]);
  ids['lab'] = await store.catalog.createComputer({
    name: 'lab',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    jitEnabled: false,
    recording: true,
    liveMonitoring: true,
  });
  await store.credentials.create({
    computerId: ids['lab'],
    username: 'psmtest',
    secret: 'Shared-Secret-Never-Returned-42',
  });
  ids['policy'] = await store.catalog.createPolicy({
    name: 'Root lab',
    persons: [ids['bob'], ids['erin']],
    groups: [],
    computers: [ids['lab']],
    credentialKinds: ['shared'],
    accessLevels: [{ name: 'Root', preApproval: true, groups: [operators] }],
    mfaRequired: false,
    terms: '',
    maxDurationMinutes: 60,
  });
  ids['root'] = (await store.catalog.levelsFor(ids['bob'], ids['policy']))[0]?.id as string;
  // A self-approval stored before the refusal existed: it must not count either.
  await store.grants.create({
    personId: ids['erin'],
    policyId: ids['policy'],
    accessLevelId: ids['root'],
    startsAt: new Date(),
    endsAt: new Date(Date.now() + 3600_000),
    source: 'manual',
    grantedBy: 'erin',
  });
  await store.close();
  server = await startServer({ dataDir, log: createLogger({ name: 's', sink: () => undefined }) });
}, 60_000);
afterAll(async () => server?.close());

async function as(username: string) {
  const result = await signInHeadless(server.url, username, password);
  if ('refused' in result) throw new Error(result.refused);
  const token = result.tokens.access_token;
  return async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

const rootChoices = () => ({
  policyId: ids['policy'],
  computerId: ids['lab'],
  advanced: { credentialKind: 'shared', accessLevelId: ids['root'], mfaCode: null, authorization: null },
});

describe('pre-approval of an access level', () => {
  it('refuses an access manager approving themselves (SELF_APPROVAL, audited), and their ticket request at that level is still refused', async () => {
    const bob = await as('bob');
    expect(
      await bob('POST', `/api/admin/access-levels/${ids['root']}/approvals`, { personId: ids['bob'] }),
    ).toMatchObject({ status: 403, body: { code: 'SELF_APPROVAL' } });
    expect(await bob('POST', '/api/sessions/terms', rootChoices())).toMatchObject({
      status: 403,
      body: { code: 'ACCESS_LEVEL_NOT_APPROVED' },
    });
    expect(
      await bob('POST', '/api/sessions/ticket', { policyId: ids['policy'], computerId: ids['lab'], acceptTerms: true }),
    ).toMatchObject({ body: { code: 'ACCESS_LEVEL_NOT_APPROVED' } });
    const audit = (await (await as('carol'))('GET', '/api/audit')).body as {
      entries: Array<{ actor: string; action: string; target: string }>;
    };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ actor: 'bob', action: 'grant.self_refused', target: ids['root'] }),
    );
  });

  it("counts another person's approval, and never one a person gave themselves", async () => {
    const erin = await as('erin');
    expect(await erin('POST', '/api/sessions/terms', rootChoices())).toMatchObject({
      status: 403,
      body: { code: 'ACCESS_LEVEL_NOT_APPROVED' },
    });
    expect(
      (await (await as('alice'))('POST', `/api/admin/access-levels/${ids['root']}/approvals`, { personId: ids['bob'] }))
        .status,
    ).toBe(201);
    expect(await (await as('bob'))('POST', '/api/sessions/terms', rootChoices())).toMatchObject({
      status: 200,
      body: { accessLevel: 'Root' },
    });
  });
});
