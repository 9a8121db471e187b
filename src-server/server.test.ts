import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlPlaneRoutes } from '@shared/common/api/controlPlane';
import { vaultApi } from '@shared/common/api/controlPlane/vault';
import { createLogger } from '@shared/node/logger';
import { seedDemo } from './demo';
import { openStore, resolveServerKey, startServer, type RunningServer } from './index';
import { signInHeadless } from '../e2e/support/signIn';

const password = 'demo-Password-1234';
const secret = 'Shared-Secret-Never-Returned-42';
const logLines: string[] = [];
let server: RunningServer;
let dataDir: string;

async function tokenFor(username: string): Promise<string> {
  const result = await signInHeadless(server.url, username, password);
  if ('refused' in result) throw new Error(result.refused);
  return result.tokens.access_token;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-server-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, secret);
  await store.close();
  server = await startServer({
    dataDir,
    log: createLogger({ name: 'server', level: 'debug', sink: (l) => logLines.push(l) }),
    timers: { accessTokenTtlSeconds: 2 },
  });
}, 60_000);
afterAll(async () => server?.close());

const api = (pathname: string, init: RequestInit & { token?: string } = {}) =>
  fetch(new URL(pathname, server.url), {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
  });

describe('public surface', () => {
  it('serves health, OIDC discovery and an OpenAPI document of every route, without a token', async () => {
    expect(await (await api('/health')).json()).toMatchObject({ status: 'ok' });
    const discovery = (await (await api('/.well-known/openid-configuration')).json()) as Record<string, unknown>;
    expect(discovery['issuer']).toBe(server.url);
    expect(discovery['code_challenge_methods_supported']).toEqual(['S256']);
    const doc = (await (await api('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/me', '/api/resources', '/api/admin/persons/{id}']),
    );
    expect(doc.paths['/api/admin/computers']?.['post']).toMatchObject({
      requestBody: expect.anything(),
      responses: expect.objectContaining({
        '400': expect.anything(),
        '401': expect.anything(),
        '403': expect.anything(),
      }),
    });
  });

  it('says there is no setup code once an administrator exists', async () => {
    expect(server.setupCode).toBeNull();
    const res = await api('/setup', {
      method: 'POST',
      body: JSON.stringify({
        code: 'AAAA-BBBB-CCCC',
        username: 'eve',
        displayName: 'Eve',
        password: 'long-enough-password',
      }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'SETUP_CLOSED' });
  });
});

describe('sign-in through the built-in provider', () => {
  it('refuses a wrong password and a disabled account, each with its own words', async () => {
    expect(await signInHeadless(server.url, 'erin', 'wrong-password-xx')).toEqual({
      refused: 'Wrong username or password.',
    });
    expect(await signInHeadless(server.url, 'nobody', password)).toEqual({ refused: 'Wrong username or password.' });
    expect(await signInHeadless(server.url, 'dave', password)).toEqual({
      refused: 'This account is disabled. Ask an administrator to enable it.',
    });
  });

  it('issues tokens that show who is signed in and exactly the computers their policies allow', async () => {
    const token = await tokenFor('erin');
    expect(await (await api('/api/me', { token })).json()).toMatchObject({
      username: 'erin',
      displayName: 'Erin Engineer',
      roles: [],
    });
    const resources = (await (await api('/api/resources', { token })).json()) as {
      groups: Array<{ policyName: string; computers: Array<{ name: string }> }>;
    };
    expect(resources.groups.map((g) => [g.policyName, g.computers.map((c) => c.name)])).toEqual([
      ['Linux servers', ['db-01', 'legacy-01', 'web-01']],
    ]);
  });

  it('refreshes, and a revoked sign-in can neither call the API nor refresh', async () => {
    const result = await signInHeadless(server.url, 'erin', password);
    if ('refused' in result) throw new Error(result.refused);
    const refreshed = await oidc.refreshTokenGrant(result.config, result.tokens.refresh_token as string);
    expect((await api('/api/me', { token: refreshed.access_token })).status).toBe(200);
    const admin = await tokenFor('alice');
    const me = (await (await api('/api/me', { token: refreshed.access_token })).json()) as { id: string };
    expect((await api(`/api/admin/persons/${me.id}/revoke`, { method: 'POST', token: admin })).status).toBe(200);
    const after = await api('/api/me', { token: refreshed.access_token });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await expect(oidc.refreshTokenGrant(result.config, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('lets an access token expire after its configured lifetime', async () => {
    const token = await tokenFor('erin');
    await new Promise((r) => setTimeout(r, 2500));
    const res = await api('/api/me', { token });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'TOKEN_INVALID' });
  });
});

describe('the API table', () => {
  it('answers every non-public route 401 without a token and 403 to a role that may not call it', async () => {
    const doc = (await (await api('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-openpsm-roles'?: string[]; security?: unknown[] }>>;
    };
    const carol = await tokenFor('carol'); // auditor
    const erin = await tokenFor('erin'); // no role
    let checked = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      const pathname = template.replace(/\{[^}]+\}/g, crypto.randomUUID());
      for (const [method, op] of Object.entries(methods)) {
        if (op.security) continue;
        const bare = await api(pathname, { method: method.toUpperCase(), body: method === 'get' ? undefined : '{}' });
        expect([template, method, bare.status]).toEqual([template, method, 401]);
        const roles = op['x-openpsm-roles'];
        if (roles) {
          const outsider = roles.includes('auditor') ? erin : carol;
          const res = await api(pathname, {
            method: method.toUpperCase(),
            token: outsider,
            body: method === 'get' ? undefined : '{}',
          });
          expect([template, method, res.status, ((await res.json()) as { code: string }).code]).toEqual([
            template,
            method,
            403,
            'FORBIDDEN_ROLE',
          ]);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('registers exactly the routes of the shared tables, and documents each with its error codes', async () => {
    const doc = (await (await api('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-openpsm-errors'?: string[] }>>;
    };
    const served = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${template.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    expect(served.sort()).toEqual(controlPlaneRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(doc.paths['/api/vault/unlock']?.['post']?.['x-openpsm-errors']).toEqual(vaultApi.unlock.errors);
  });

  it('answers bad input 400 naming each bad field', async () => {
    const admin = await tokenFor('alice');
    const res = await api('/api/admin/computers', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ name: '', protocol: 'ftp', host: 'ok.lab', port: 70000 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; fields: Array<{ path: string }> };
    expect(body.code).toBe('BAD_REQUEST');
    expect(body.fields.map((f) => f.path).sort()).toEqual(['name', 'port', 'protocol']);
    const notJson = await api('/api/admin/computers', { method: 'POST', token: admin, body: '{nope' });
    expect(await notJson.json()).toMatchObject({ code: 'BAD_REQUEST', fields: [{ path: '(body)' }] });
  });

  it('answers random bodies on every write route with a coded 4xx, never a 500 (fuzz)', async () => {
    const admin = await tokenFor('alice');
    const doc = (await (await api('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const writes = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'get')
        .map((m) => ({ method: m.toUpperCase(), path: template.replace(/\{[^}]+\}/g, crypto.randomUUID()) })),
    );
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const value = (depth: number): unknown => {
      const pick = Math.floor(random() * 8);
      if (depth > 2 || pick < 2)
        return [null, true, -1, 1e308, '', 'x'.repeat(300), '🙂', '10.0.0.1'][Math.floor(random() * 8)];
      if (pick < 4) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      return Object.fromEntries(
        [
          'name',
          'protocol',
          'host',
          'port',
          'username',
          'password',
          'roles',
          'computerId',
          'secret',
          'rdpProxyEnabled',
          'credentialKinds',
        ]
          .filter(() => random() < 0.4)
          .map((k) => [k, value(depth + 1)]),
      );
    };
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i += 1) {
      const target = writes[i % writes.length] as { method: string; path: string };
      const body = i % 10 === 0 ? '{"truncated": ' : JSON.stringify(value(0));
      const res = await api(target.path, { method: target.method, token: admin, body });
      const answer = (await res.json()) as { code?: string };
      statuses.add(res.status);
      expect([
        target.method,
        target.path,
        res.status < 500,
        typeof answer.code === 'string' || res.status < 300,
      ]).toEqual([target.method, target.path, true, true]);
    }
    expect(statuses.has(400)).toBe(true);
    expect((await api('/health')).status).toBe(200);
  });

  it('switches RDP rows off with the RDP proxy setting', async () => {
    const admin = await tokenFor('alice');
    const rdpRow = async () =>
      (
        (await (await api('/api/resources', { token: admin })).json()) as {
          groups: Array<{ computers: Array<{ name: string; blockedReason: string | null }> }>;
        }
      ).groups
        .flatMap((g) => g.computers)
        .find((c) => c.name === 'win-01');
    await api('/api/admin/settings', { method: 'PUT', token: admin, body: JSON.stringify({ rdpProxyEnabled: true }) });
    expect((await rdpRow())?.blockedReason).toBeNull();
    await api('/api/admin/settings', { method: 'PUT', token: admin, body: JSON.stringify({ rdpProxyEnabled: false }) });
    expect((await rdpRow())?.blockedReason).toBe('RDP_PROXY_DISABLED');
    await api('/api/admin/settings', { method: 'PUT', token: admin, body: JSON.stringify({ rdpProxyEnabled: true }) });
  });

  it('never returns a shared credential secret, and never logs one', async () => {
    const admin = await tokenFor('alice');
    const computer = (await (
      await api('/api/admin/computers', {
        method: 'POST',
        token: admin,
        body: JSON.stringify({ name: 'scan-01', protocol: 'ssh', host: 'scan.lab', port: 22 }),
      })
    ).json()) as { id: string };
    const stored = await api('/api/admin/credentials', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ computerId: computer.id, username: 'root', secret: 'Another-Secret-To-Scan-77' }),
    });
    expect(stored.status).toBe(201);
    const bodies = [await stored.text()];
    for (const pathname of [
      '/api/me',
      '/api/resources',
      '/api/admin/persons',
      '/api/admin/settings',
      '/api/audit',
      '/openapi.json',
    ])
      bodies.push(await (await api(pathname, { token: admin })).text());
    for (const text of [...bodies, ...logLines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('Another-Secret-To-Scan-77');
    }
    expect(fs.readFileSync(path.join(dataDir, 'openpsm.db')).includes(Buffer.from(secret))).toBe(false);
  });
});
