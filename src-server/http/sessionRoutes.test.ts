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
const gatewayKey = crypto.randomBytes(32);
let server: RunningServer;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-tickets-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
  await store.close();
  server = await startServer({ dataDir, gatewayKey, log: createLogger({ name: 's', sink: () => undefined }) });
}, 60_000);
afterAll(async () => server?.close());

async function as(username: string) {
  const result = await signInHeadless(server.url, username, password);
  if ('refused' in result) throw new Error(result.refused);
  const token = result.tokens.access_token;
  const call = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const resources = (await call('GET', '/api/resources')).body as {
    groups: Array<{ policyId: string; policyName: string; computers: Array<{ computerId: string; name: string }> }>;
  };
  const target = (name: string) => {
    for (const g of resources.groups)
      for (const c of g.computers) if (c.name === name) return { policyId: g.policyId, computerId: c.computerId };
    throw new Error(`${username} does not reach ${name}`);
  };
  return { call, target };
}

describe('Connect: terms and tickets', () => {
  it('shows the policy terms with recording and live monitoring, then issues a single-use ticket only for Agree', async () => {
    const erin = await as('erin');
    const web = erin.target('web-01');
    expect((await erin.call('POST', '/api/sessions/terms', web)).body).toEqual({
      policyName: 'Linux servers',
      computerName: 'web-01',
      protocol: 'ssh',
      terms: 'This session is recorded and may be watched live by an access manager.',
      recorded: true,
      liveMonitoring: true,
      disableCopy: false,
      disablePaste: false,
      credentialKind: 'shared',
      accessLevel: 'Operator',
      approval: null,
      policyRevision: 1,
    });
    expect((await erin.call('POST', '/api/sessions/ticket', { ...web, acceptTerms: false })).status).toBe(400);
    const issued = await erin.call('POST', '/api/sessions/ticket', { ...web, acceptTerms: true });
    expect(issued.status).toBe(201);
    const now = Math.floor(Date.now() / 1000);
    const opened = openTicket(gatewayKey, issued.body['ticket'], now);
    expect(opened).toMatchObject({
      ok: true,
      claims: { kind: 'connect', policyId: web.policyId, computerId: web.computerId },
    });
    if (opened.ok) expect(opened.claims.exp - opened.claims.iat).toBe(60);
    expect(openTicket(gatewayKey, issued.body['ticket'], now + 61)).toEqual({ ok: false, code: 'TICKET_EXPIRED' });
    expect(JSON.stringify(issued.body)).not.toContain('Shared-Secret');
  });

  it('says why a default Connect cannot start: no shared credential, a policy that needs a choice, RDP off, not allowed', async () => {
    const erin = await as('erin');
    const rows = async (who: Awaited<ReturnType<typeof as>>) =>
      Object.fromEntries(
        (
          (await who.call('GET', '/api/resources')).body as {
            groups: Array<{ computers: Array<{ name: string; connectProblem: string | null }> }>;
          }
        ).groups.flatMap((g) => g.computers.map((c) => [c.name, c.connectProblem])),
      );
    expect(await rows(erin)).toEqual({ 'db-01': null, 'legacy-01': 'NO_SHARED_CREDENTIAL', 'web-01': null });
    expect((await erin.call('POST', '/api/sessions/terms', erin.target('legacy-01'))).body).toMatchObject({
      code: 'NO_SHARED_CREDENTIAL',
    });
    const alice = await as('alice');
    const win = alice.target('win-01');
    expect((await alice.call('POST', '/api/sessions/ticket', { ...win, acceptTerms: true })).body).toMatchObject({
      code: 'CONNECT_NEEDS_CHOICE',
    });
    expect((await erin.call('POST', '/api/sessions/terms', win)).body).toMatchObject({ code: 'RESOURCE_NOT_ALLOWED' });
    expect((await erin.call('POST', '/api/sessions/ticket', { ...win, acceptTerms: true })).status).toBe(403);
    expect((await rows(alice))['win-01']).toBe('CONNECT_NEEDS_CHOICE');
    await alice.call('PUT', '/api/admin/settings', { rdpProxyEnabled: false });
    expect((await rows(alice))['win-01']).toBe('RDP_PROXY_DISABLED');
    expect((await alice.call('POST', '/api/sessions/terms', win)).body).toMatchObject({ code: 'RDP_PROXY_DISABLED' });
    await alice.call('PUT', '/api/admin/settings', { rdpProxyEnabled: true });
  });

  it('writes Decline and Agree to the audit log with a timestamp', async () => {
    const erin = await as('erin');
    const db = erin.target('db-01');
    expect((await erin.call('POST', '/api/sessions/decline', db)).status).toBe(200);
    expect((await erin.call('POST', '/api/sessions/ticket', { ...db, acceptTerms: true })).status).toBe(201);
    const carol = await as('carol');
    const audit = (await carol.call('GET', '/api/audit')).body as unknown as {
      entries: Array<{ at: string; actor: string; action: string; target: string }>;
    };
    const mine = audit.entries
      .filter((e) => e.actor === 'erin' && e.target === 'db-01 (Linux servers)')
      .map((e) => e.action);
    expect(mine).toEqual(['terms.accept', 'terms.decline']);
    for (const e of audit.entries) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
  });
});
