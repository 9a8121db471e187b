import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '../src-shared/node/logger';
import { createAppCore } from './appCore';
import { timerDefaults } from './config/timers';
import { openConfStore } from './host/confStore';
import { MemorySecretStore } from './secrets/secretStore';

it('the desktop shell opens the sign-in page in the system browser, and tells the renderer so', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-core-'));
  const opened: string[] = [];
  const core = createAppCore({
    dataDir,
    shell: 'desktop',
    openStore: openConfStore,
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
    const reply = (await call('auth.signIn', {})) as { ok: true; result: { authorizationUrl: string; opened: boolean } };
    expect(reply.result.opened).toBe(true);
    expect(opened).toEqual([reply.result.authorizationUrl]);
    expect(new URL(reply.result.authorizationUrl).searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  } finally {
    await core.close();
  }
});
