import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { createAppCore } from './appCore';
import { timerDefaults } from './config/timers';
import { MemorySecretStore } from './secrets/secretStore';
import { defaultSettings } from './settings/settingsFile';
import { labTargets } from '../e2e/fixtures/guacd-double/config';
import { startDouble } from '../e2e/fixtures/guacd-double/server';
import { followSignIn, signInHeadless } from '../e2e/support/signIn';

it('the desktop shell opens the sign-in page in the system browser, and tells the renderer so', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-core-'));
  const opened: string[] = [];
  const core = createAppCore({
    dataDir,
    shell: 'desktop',

    timers: { ...timerDefaults },
    log: createLogger({ name: 'test', sink: () => undefined }),
    secrets: new MemorySecretStore(),
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  });
  try {
    await core.ready;
    const call = (method: string, params: unknown) => core.dispatcher.dispatch(method, params);
    await call('auth.setUp', { username: 'solo', displayName: 'Sam Solo', password: 'desktop-Password-1' });
    const reply = (await call('auth.signIn', {})) as {
      ok: true;
      result: { authorizationUrl: string; opened: boolean };
    };
    expect(reply.result.opened).toBe(true);
    expect(opened).toEqual([reply.result.authorizationUrl]);
    expect(new URL(reply.result.authorizationUrl).searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/callback$/,
    );
  } finally {
    await core.close();
  }
});

it('embedded mode: Connect goes through the built-in control plane’s gateway to the guacd in Settings', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-core-'));
  const doubleLog = path.join(dataDir, 'double.jsonl');
  const double = await startDouble({ port: 0, log: doubleLog, targets: labTargets });
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      ...defaultSettings,
      direct: { ...defaultSettings.direct, guacd: { host: '127.0.0.1', port: double.port, tlsCa: null } },
    }),
  );
  const core = createAppCore({
    dataDir,
    shell: 'browser-host',
    timers: { ...timerDefaults },
    log: createLogger({ name: 'test', sink: () => undefined }),
    secrets: new MemorySecretStore(),
  });
  const call = async (method: string, params: unknown) => {
    const reply = (await core.dispatcher.dispatch(method, params)) as {
      ok: boolean;
      result?: unknown;
      error?: unknown;
    };
    if (!reply.ok) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result as Record<string, unknown>;
  };
  try {
    await core.ready;
    const password = 'desktop-Password-1';
    await call('auth.setUp', { username: 'solo', displayName: 'Sam Solo', password });
    const { authorizationUrl } = (await call('auth.signIn', {})) as { authorizationUrl: string };
    await followSignIn(authorizationUrl, 'solo', password);
    await expect.poll(async () => (await call('auth.getState', {}))['status'], { timeout: 5000 }).toBe('signed-in');
    const serverUrl = ((await call('app.getInfo', {}))['backend'] as { serverUrl: string }).serverUrl;
    const admin = await signInHeadless(serverUrl, 'solo', password);
    if ('refused' in admin) throw new Error(admin.refused);
    const api = async (pathname: string, body: unknown) =>
      (await (
        await fetch(new URL(pathname, serverUrl), {
          method: 'POST',
          headers: { authorization: `Bearer ${admin.tokens.access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as Record<string, string>;
    const me = (await call('auth.getState', {}))['person'] as { id: string };
    const computer = await api('/api/admin/computers', {
      name: 'lab-ssh',
      protocol: 'ssh',
      host: '127.0.0.1',
      port: 2222,
    });
    await api('/api/admin/credentials', { computerId: computer['id'], username: 'psmtest', secret: 'psmtest-Pass1' });
    const policy = await api('/api/admin/policies', {
      name: 'Lab',
      persons: [me.id],
      computers: [computer['id']],
      credentialKinds: ['shared'],
    });
    const target = { policyId: policy['id'], computerId: computer['id'] };
    expect(await call('resources.terms', target)).toMatchObject({ computerName: 'lab-ssh', recorded: true });
    const opened = await call('sessions.connect', { ...target, width: 800, height: 600, dpi: 96, timezone: 'UTC' });
    expect(opened).toMatchObject({ name: 'lab-ssh', protocol: 'ssh', readOnly: false });
    expect(JSON.stringify(opened)).not.toContain('psmtest-Pass1');
    const connects = fs
      .readFileSync(doubleLog, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"connect"'));
    expect(connects.some((l) => l.includes('psmtest-Pass1'))).toBe(true);
    await call('sessions.close', { sessionId: opened['sessionId'] });
  } finally {
    await core.close();
    await double.close();
  }
});
