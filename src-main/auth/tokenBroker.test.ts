import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthState } from '@shared/common/api/auth';
import { createLogger } from '@shared/node/logger';
import { openStore, resolveServerKey, seedDemo, startServer, type RunningServer } from '@server/index';
import { followSignIn } from '../../e2e/support/signIn';
import { MemorySecretStore } from '../secrets/secretStore';
import { TokenBroker } from './tokenBroker';

const password = 'broker-Password-1234';
let server: RunningServer;
const brokers: TokenBroker[] = [];

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-broker-'));
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'broker-shared-secret');
  await store.close();
  server = await startServer({
    dataDir,
    log: createLogger({ name: 'server', sink: () => undefined }),
    timers: { accessTokenTtlSeconds: 3 },
  });
}, 60_000);
afterAll(async () => server?.close());
afterEach(() => brokers.splice(0).forEach((b) => b.close()));

function broker(secrets = new MemorySecretStore()) {
  const made = new TokenBroker({
    secrets,
    timers: { authRefreshSkewMs: 1500, signInTimeoutMs: 5000 },
    log: createLogger({ name: 'main', sink: () => undefined }),
  });
  brokers.push(made);
  const states: AuthState[] = [];
  const expired: string[] = [];
  made.onChange((s) => states.push(s));
  made.onExpired((m) => expired.push(m));
  return { broker: made, secrets, states, expired };
}

const until = async (check: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function signIn(b: TokenBroker, username: string) {
  const url = await b.beginSignIn();
  const result = await followSignIn(url, username, password);
  await until(() => b.state().status !== 'signing-in');
  return result;
}

describe('TokenBroker against the built-in provider', () => {
  it('signs in with PKCE through a loopback redirect, keeps the refresh token in the secret store, and knows the person', async () => {
    const { broker: b, secrets } = broker();
    await b.useIssuer(server.url);
    const url = new URL(await b.beginSignIn());
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const result = await followSignIn(url.href, 'erin', password);
    expect(result).toMatchObject({ page: expect.stringContaining('Signed in to OpenPSM') });
    await until(() => b.state().status === 'signed-in');
    expect(b.state().person).toMatchObject({ username: 'erin', displayName: 'Erin Engineer' });
    expect(secrets.get(`oidc-refresh-token:${server.url}`)).toBeTruthy();
  });

  it('asks the login page to fill in a username it is given (after the first setup), leaving only the password to type', async () => {
    const { broker: b } = broker();
    await b.useIssuer(server.url);
    const url = new URL(await b.beginSignIn('erin'));
    expect(url.searchParams.get('login_hint')).toBe('erin');
    const started = await fetch(url, { redirect: 'manual' });
    const cookie = started.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const login = await fetch(new URL(started.headers.get('location') as string, url), { headers: { cookie } });
    const html = await login.text();
    expect(html).toContain('name="username" value="erin" autocomplete="username" required>');
    expect(html).toContain('name="password" type="password" autocomplete="current-password" required autofocus>');
  });

  it('reports a wrong password on the login page and stays signed out', async () => {
    const { broker: b } = broker();
    await b.useIssuer(server.url);
    const url = await b.beginSignIn();
    expect(await followSignIn(url, 'erin', 'not-the-password')).toEqual({ refused: 'Wrong username or password.' });
    expect(b.state().status).toBe('signing-in');
    await b.signOut();
    expect(b.state().status).toBe('signed-out');
  });

  it('refreshes before the access token runs out, so calls keep working past its lifetime', async () => {
    const { broker: b } = broker();
    await b.useIssuer(server.url);
    await signIn(b, 'erin');
    const first = await b.accessToken();
    await new Promise((r) => setTimeout(r, 3500));
    const later = await b.accessToken();
    expect(later).not.toBe(first);
    const res = await fetch(new URL('/api/me', server.url), { headers: { authorization: `Bearer ${later}` } });
    expect(res.status).toBe(200);
  });

  it('ends the sign-in with a clear message when the server revokes it', async () => {
    const { broker: b, expired, secrets } = broker();
    await b.useIssuer(server.url);
    await signIn(b, 'erin');
    const { broker: admin } = broker();
    await admin.useIssuer(server.url);
    await signIn(admin, 'alice');
    const me = b.state().person?.id as string;
    const revoked = await fetch(new URL(`/api/admin/persons/${me}/revoke`, server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${await admin.accessToken()}` },
    });
    expect(revoked.status).toBe(200);
    expect(await b.refreshAfterRejection()).toBe(false);
    expect(b.state()).toMatchObject({ status: 'signed-out', message: expect.stringContaining('ended on the server') });
    expect(expired).toHaveLength(1);
    expect(secrets.get(`oidc-refresh-token:${server.url}`)).toBeNull();
    await expect(b.accessToken()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it('restores a kept sign-in at the next start, and signs out for good', async () => {
    const kept = new MemorySecretStore();
    const first = broker(kept);
    await first.broker.useIssuer(server.url);
    await signIn(first.broker, 'erin');
    first.broker.close();
    const second = broker(kept);
    await second.broker.useIssuer(server.url);
    expect(second.broker.state()).toMatchObject({ status: 'signed-in', person: { username: 'erin' } });
    await second.broker.signOut();
    expect(kept.get(`oidc-refresh-token:${server.url}`)).toBeNull();
    const third = broker(kept);
    await third.broker.useIssuer(server.url);
    expect(third.broker.state().status).toBe('signed-out');
  });

  it('says NO_BACKEND without a control plane and SERVER_UNREACHABLE when it does not answer', async () => {
    const { broker: b } = broker();
    await expect(b.beginSignIn()).rejects.toMatchObject({ code: 'NO_BACKEND' });
    await b.useIssuer('http://127.0.0.1:9');
    await expect(b.beginSignIn()).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
  });
});
