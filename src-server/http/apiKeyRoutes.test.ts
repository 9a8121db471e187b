import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeysApi } from '@shared/common/api/controlPlane/apiKeys';
import { personsApi } from '@shared/common/api/controlPlane/persons';
import { systemApi } from '@shared/common/api/controlPlane/system';
import { createLogger } from '@shared/node/logger';
import { createApiKey, readApiKeyArgs } from '../apiKeyCommand';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';

let server: RunningServer;
let key: string;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-keys-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  const printed = await createApiKey(store, readApiKeyArgs(['create', '--name', 'ci', '--role', 'administrator']));
  key = /opsm_\S+/.exec(printed)?.[0] ?? '';
  await store.close();
  server = await startServer({ dataDir, log: createLogger({ name: 'server', level: 'error', sink: () => undefined }) });
}, 60_000);
afterAll(async () => server?.close());

const api = (pathname: string, init: RequestInit = {}, bearer = key) =>
  fetch(new URL(pathname, server.url), {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
  });

describe('an API key on the control plane', () => {
  it('is refused with API_KEY_NOT_ALLOWED on every route /openapi.json marks closed to keys, and passes on the others', async () => {
    const doc = (await (await fetch(new URL('/openapi.json', server.url))).json()) as {
      paths: Record<string, Record<string, { 'x-openpsm-api-key'?: boolean }>>;
    };
    const closed: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        if (op['x-openpsm-api-key'] === undefined) continue;
        const pathname = template.replace(/\{[^}]+\}/g, crypto.randomUUID());
        const init = { method: method.toUpperCase(), body: method === 'get' ? null : '{}' };
        const answer = (await (await api(pathname, init)).json()) as { code?: string };
        if (op['x-openpsm-api-key']) expect([template, answer.code]).not.toEqual([template, 'API_KEY_NOT_ALLOWED']);
        else expect([template, method, answer.code]).toEqual([template, method, 'API_KEY_NOT_ALLOWED']);
        if (!op['x-openpsm-api-key']) closed.push(template);
      }
    expect(closed).toEqual(expect.arrayContaining(['/api/sessions/ticket', '/api/vault/params', '/api/me']));
  });

  it('creates a service account without a password (a person still needs one) and keys for it; each is audited', async () => {
    const made = await api(personsApi.create.path, {
      method: 'POST',
      body: JSON.stringify({ username: 'report-bot', displayName: 'Reports', roles: ['auditor'], kind: 'service' }),
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const person = await api(personsApi.create.path, {
      method: 'POST',
      body: JSON.stringify({ username: 'nopass', displayName: 'No password', roles: [] }),
    });
    expect(await person.json()).toMatchObject({ code: 'BAD_REQUEST', fields: [{ path: 'password' }] });
    const created = await api(apiKeysApi.create.path, {
      method: 'POST',
      body: JSON.stringify({
        personId: id,
        name: 'reports',
        roles: ['auditor'],
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      }),
    });
    const { key: reportKey } = (await created.json()) as { key: string };
    expect((await api(systemApi.audit.path, {}, reportKey)).status).toBe(200);
    expect(await (await api(apiKeysApi.list.path, {}, reportKey)).json()).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    const audit = (await (await api(systemApi.audit.path)).json()) as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['person.create_service', 'api_key.create']),
    );
  });
});
