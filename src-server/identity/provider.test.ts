import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followSignIn, signInHeadless } from '../../e2e/support/signIn';
import { createLogger } from '@shared/node/logger';
import { seedDemo } from '../demo';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';

const password = 'demo-Password-1234';
let server: RunningServer;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-provider-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
  await store.close();
  server = await startServer({ dataDir, log: createLogger({ name: 'server', sink: () => undefined }) });
}, 60_000);
afterAll(async () => server?.close());

async function signedIn(username: string, jar: Map<string, string>) {
  const result = await signInHeadless(server.url, username, password, jar);
  if ('refused' in result) throw new Error(result.refused);
  return result;
}

describe('each desktop sign-in is its own', () => {
  it('refuses an authorization request of the desktop client without prompt=login: no code, even with a remembered browser session', async () => {
    const jar = new Map<string, string>();
    const { config } = await signedIn('erin', jar);
    const redirectUri = 'http://127.0.0.1:9/callback';
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 'x',
    });
    const result = await followSignIn(url.href, 'erin', password, redirectUri, jar);
    expect('location' in result && new URL(result.location).searchParams.get('error')).toBe('invalid_request');
    expect('location' in result && new URL(result.location).searchParams.has('code')).toBe(false);
  });

  it('one app instance signing out leaves another sign-in of the same person through the same browser working', async () => {
    const jar = new Map<string, string>();
    const first = await signedIn('erin', jar);
    const second = await signedIn('erin', jar);
    await oidc.tokenRevocation(first.config, first.tokens.refresh_token ?? '', { token_type_hint: 'refresh_token' });
    await expect(oidc.refreshTokenGrant(first.config, first.tokens.refresh_token ?? '')).rejects.toThrow();
    const refreshed = await oidc.refreshTokenGrant(second.config, second.tokens.refresh_token ?? '');
    expect(refreshed.access_token).toEqual(expect.any(String));
  });
});
