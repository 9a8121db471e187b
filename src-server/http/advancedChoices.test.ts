import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicket } from '@shared/node/tickets/gatewayTicket';
import { createLogger } from '@shared/node/logger';
import { signInHeadless } from '../../e2e/support/signIn';
import { seedDemo } from '../demo';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';

const password = 'demo-Password-1234';
const personal = { username: 'erin', secret: 'Personal-Secret-Never-Stored-7', kind: 'password' as const };
const gatewayKey = crypto.randomBytes(32);
let server: RunningServer;
let dataDir: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-advanced-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
  const erin = (await store.persons.findByUsername('erin'))?.id as string;
  ids['lab'] = await store.catalog.createComputer({
    name: 'lab',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    jitEnabled: false,
    recording: true,
    liveMonitoring: true,
  });
  ids['jit'] = await store.catalog.createComputer({
    name: 'jit-no-provisioner',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    jitEnabled: true,
    recording: true,
    liveMonitoring: true,
  });
  ids['policy'] = await store.catalog.createPolicy({
    name: 'Choices',
    persons: [erin],
    groups: [],
    computers: [ids['lab'], ids['jit']],
    credentialKinds: ['personal', 'jit'],
    accessLevels: [],
    mfaRequired: false,
    terms: '',
    maxDurationMinutes: 60,
  });
  await store.close();
  server = await startServer({ dataDir, gatewayKey, log: createLogger({ name: 's', sink: () => undefined }) });
}, 60_000);
afterAll(async () => server?.close());

async function erin() {
  const result = await signInHeadless(server.url, 'erin', password);
  if ('refused' in result) throw new Error(result.refused);
  const token = result.tokens.access_token;
  return async (pathname: string, body: unknown) => {
    const res = await fetch(new URL(pathname, server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

const choices = (credentialKind: string) => ({
  credentialKind,
  accessLevelId: null,
  mfaCode: null,
  authorization: null,
});

describe('Advanced Mode choices on the server', () => {
  it('seals a personal credential into the ticket only, and keeps it nowhere in the database', async () => {
    const call = await erin();
    const target = { policyId: ids['policy'], computerId: ids['lab'] };
    const terms = await call('/api/sessions/terms', { ...target, advanced: choices('personal') });
    expect(terms.body).toMatchObject({ credentialKind: 'personal', approval: expect.any(String) as string });
    expect((await call('/api/sessions/ticket', { ...target, acceptTerms: true, personal })).body).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const issued = await call('/api/sessions/ticket', {
      ...target,
      acceptTerms: true,
      approval: terms.body['approval'],
      personal,
    });
    expect(issued.status).toBe(201);
    const opened = openTicket(gatewayKey, issued.body['ticket'], Math.floor(Date.now() / 1000));
    expect(opened.ok && opened.claims.credential).toEqual({ kind: 'personal', personal });
    expect(JSON.stringify(issued.body)).not.toContain(personal.secret);
    for (const file of fs.readdirSync(dataDir).filter((f) => f.startsWith('openpsm.db')))
      expect(fs.readFileSync(path.join(dataDir, file)).includes(personal.secret)).toBe(false);
    // The approval is single use, and bound to its computer.
    expect(
      (await call('/api/sessions/ticket', { ...target, acceptTerms: true, approval: terms.body['approval'], personal }))
        .body,
    ).toMatchObject({ code: 'TICKET_REPLAYED' });
    const again = await call('/api/sessions/terms', { ...target, advanced: choices('personal') });
    expect(
      (
        await call('/api/sessions/ticket', {
          ...target,
          computerId: ids['jit'],
          acceptTerms: true,
          approval: again.body['approval'],
          personal,
        })
      ).body,
    ).toMatchObject({ code: 'TICKET_INVALID' });
    expect(
      (await call('/api/sessions/ticket', { ...target, acceptTerms: true, approval: again.body['approval'] })).body,
    ).toMatchObject({ code: 'NO_PERSONAL_CREDENTIAL' });
  });

  it('refuses with the code and status of each case: kind not allowed, JIT not enabled, JIT without a provisioning account', async () => {
    const call = await erin();
    const lab = { policyId: ids['policy'], computerId: ids['lab'] };
    expect(await call('/api/sessions/terms', { ...lab, advanced: choices('shared') })).toMatchObject({
      status: 409,
      body: { code: 'CREDENTIAL_KIND_NOT_ALLOWED' },
    });
    expect(await call('/api/sessions/terms', { ...lab, advanced: choices('jit') })).toMatchObject({
      status: 409,
      body: { code: 'JIT_NOT_ENABLED' },
    });
    expect(
      await call('/api/sessions/terms', { policyId: ids['policy'], computerId: ids['jit'], advanced: choices('jit') }),
    ).toMatchObject({
      status: 502,
      body: { code: 'JIT_PROVISIONING_FAILED', message: expect.stringContaining('no provisioning account') as string },
    });
    expect(
      await call('/api/sessions/terms', {
        ...lab,
        advanced: { ...choices('personal'), accessLevelId: crypto.randomUUID() },
      }),
    ).toMatchObject({ status: 403, body: { code: 'ACCESS_LEVEL_NOT_ASSIGNED' } });
  });
});
