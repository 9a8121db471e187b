import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { openLogin } from '../../e2e/support/loginDriver';
import { signInHeadless } from '../../e2e/support/signIn';
import { seedDemo } from '../demo';
import { stepAt, totpCode } from '../secrets/totp';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';
import { AttemptLimiter } from './attemptLimiter';
import { limitSettingsWith, type LimitSettings } from './limitSettings';
import { unlockAccount } from './unlock';

const password = 'demo-Password-1234';
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const running: RunningServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

/** A seeded server (erin enrolled in TOTP; bob and alice not), or a restart of one on its data folder. */
async function serve(limits: Partial<LimitSettings> = {}, dataDir?: string) {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-limits-'));
  if (!dataDir) {
    const store = await openStore({ dataDir: dir }, resolveServerKey({ dataDir: dir }).key);
    await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
    await store.mfa.enrol((await store.persons.findByUsername('erin'))?.id ?? '', secret, stepAt(Date.now()) - 10);
    await store.close();
  }
  // The per-address request limit is item 6's, tested on its own: off here.
  const server = await startServer({
    dataDir: dir,
    limits: { authRequestsPerMinute: 0, ...limits },
    log: createLogger({ name: 's', sink: () => undefined }),
  });
  running.push(server);
  return { server, dataDir: dir };
}
const behindProxy = { trustedProxies: ['127.0.0.1'] };
const from = (address: string) => ({ 'x-forwarded-for': address });
const wrongCode = () =>
  ['000000', '111111', '222222'].find(
    (c) => ![-1, 0, 1].some((d) => totpCode(secret, stepAt(Date.now()) + d) === c),
  ) as string;
async function auditOf(server: RunningServer) {
  const admin = await signInHeadless(server.url, 'alice', password);
  if ('refused' in admin) throw new Error(admin.refused);
  const res = await fetch(`${server.url}/api/audit`, {
    headers: { authorization: `Bearer ${admin.tokens.access_token}` },
  });
  return ((await res.json()) as { entries: Array<{ actor: string; action: string; target: string }> }).entries.map(
    (e) => `${e.actor} ${e.action} ${e.target}`,
  );
}

describe('password sign-in under the guessing limiter', () => {
  it('refuses the right password with 429 and Retry-After after 30 wrong ones, says when to try again, and audits signin.throttled', async () => {
    const { server } = await serve();
    const login = await openLogin(server.url);
    const answers = [];
    for (let i = 0; i < 30; i += 1) answers.push((await login.password('erin', `wrong-${i}`)).status);
    expect(answers.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(new Set(answers.slice(4))).toEqual(new Set([429]));
    const right = await login.password('erin', password);
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    expect(Number(right.retryAfter)).toBeLessThanOrEqual(30);
    expect(right.alert).toMatch(/^Too many wrong passwords for this account\. Try again in \d+ seconds\.$/);
    expect(await auditOf(server)).toContainEqual(
      expect.stringMatching(/^erin signin\.throttled 127\.0\.0\.1: password refused for 30 s$/),
    );
  });

  it('keeps the backoff across a restart of the server on the same database', async () => {
    const first = await serve();
    const login = await openLogin(first.server.url);
    for (let i = 0; i < 5; i += 1) await login.password('erin', `wrong-${i}`);
    await first.server.close();
    running.splice(0);
    const again = await serve({}, first.dataDir);
    const right = await (await openLogin(again.server.url)).password('erin', password);
    expect([right.status, Number(right.retryAfter) > 0]).toEqual([429, true]);
  });

  it('behind a trusted proxy, counts per account and forwarded address: another address still signs in', async () => {
    const { server } = await serve(behindProxy);
    const attacker = await openLogin(server.url, from('198.51.100.1'));
    for (let i = 0; i < 5; i += 1) await attacker.password('bob', `wrong-${i}`);
    expect((await attacker.password('bob', password)).status).toBe(429);
    expect((await (await openLogin(server.url, from('198.51.100.2'))).password('bob', password)).status).toBe(303);
    // The hop a client writes left of the proxy's proves nothing.
    expect(
      (await (await openLogin(server.url, from('198.51.100.2, 198.51.100.1'))).password('bob', password)).status,
    ).toBe(429);
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: the socket address counts', async () => {
    const { server } = await serve();
    const attacker = await openLogin(server.url, from('198.51.100.1'));
    for (let i = 0; i < 5; i += 1) await attacker.password('erin', `wrong-${i}`);
    expect((await (await openLogin(server.url, from('198.51.100.2'))).password('erin', password)).status).toBe(429);
  });

  it('the looser account-wide count stops guesses spread over addresses, yet nobody elsewhere locks the administrator out at their own address', async () => {
    const { server } = await serve({ ...behindProxy, accountAttemptsBeforeBackoff: 10 });
    expect((await (await openLogin(server.url, from('192.0.2.10'))).password('alice', password)).status).toBe(303);
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const attacker = await openLogin(server.url, from(address));
      for (let i = 0; i < 4; i += 1) await attacker.password('alice', `wrong-${i}`);
    }
    expect((await (await openLogin(server.url, from('198.51.100.9'))).password('alice', password)).status).toBe(429);
    expect((await (await openLogin(server.url, from('192.0.2.10'))).password('alice', password)).status).toBe(303);
  });
});

describe('the sign-in TOTP step under the guessing limiter', () => {
  it('counts wrong codes across sign-ins: a fresh interaction does not start the count again', async () => {
    const { server } = await serve();
    const codeStatuses = [];
    for (let round = 0; round < 2; round += 1) {
      const login = await openLogin(server.url);
      expect((await login.password('erin', password)).status).toBe(200);
      for (let i = 0; i < 3; i += 1) codeStatuses.push((await login.totp(wrongCode())).status);
    }
    expect(codeStatuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(codeStatuses[4]).toBe(429);
    const login = await openLogin(server.url);
    await login.password('erin', password);
    const right = await login.totp(totpCode(secret, stepAt(Date.now())));
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBeGreaterThan(0);
    expect(right.alert).toMatch(/Too many wrong codes for this account\. Try again in \d+ seconds\./);
    expect(await auditOf(server)).toContainEqual(
      expect.stringMatching(/^erin mfa\.throttled 127\.0\.0\.1: mfa refused for 30 s$/),
    );
  });
  it('says when to try again on the page that ends a sign-in at its fifth wrong code', async () => {
    const { server } = await serve();
    const login = await openLogin(server.url);
    expect((await login.password('erin', password)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await login.totp(wrongCode())).status).toBe(401);
    const fifth = await login.totp(wrongCode());
    expect(fifth.status).toBe(429);
    expect(Number(fifth.retryAfter)).toBeGreaterThan(0);
    expect(fifth.alert).toMatch(
      /^Close this tab and start the sign-in again from OpenPSM\. Too many wrong codes for this account\. Try again in \d+ seconds\.$/,
    );
  });
});

describe('clearing throttles', () => {
  it('an administrator lists throttles with the configured limits and clears one, or all of an account; each clear is audited', async () => {
    const { server } = await serve(behindProxy);
    const attacker = await openLogin(server.url, from('198.51.100.1'));
    for (let i = 0; i < 5; i += 1) await attacker.password('bob', `wrong-${i}`);
    const admin = await signInHeadless(server.url, 'alice', password);
    if ('refused' in admin) throw new Error(admin.refused);
    const api = (pathname: string, init: RequestInit = {}) =>
      fetch(`${server.url}${pathname}`, {
        ...init,
        headers: { authorization: `Bearer ${admin.tokens.access_token}`, 'content-type': 'application/json' },
      });
    const { throttles, limits } = (await (await api('/api/admin/throttles')).json()) as {
      throttles: Array<{ id: string; kind: string; account: string; address: string | null }>;
      limits: Record<string, number>;
    };
    expect(limits).toMatchObject({ attemptsBeforeThrottle: 5, firstWaitSeconds: 30, authRequestsPerMinute: 0 });
    expect(throttles).toEqual([
      expect.objectContaining({ kind: 'password', account: 'bob', address: '198.51.100.1', failures: 5 }),
    ]);
    expect((await api(`/api/admin/throttles/${throttles[0]?.id ?? ''}`, { method: 'DELETE' })).status).toBe(200);
    expect(await (await api(`/api/admin/throttles/${crypto.randomUUID()}`, { method: 'DELETE' })).json()).toMatchObject(
      {
        code: 'NOT_FOUND',
        message: 'There is no throttle with that id.',
      },
    );
    expect((await attacker.password('bob', password)).status).toBe(303);
    const again = await openLogin(server.url, from('198.51.100.1'));
    for (let i = 0; i < 5; i += 1) await again.password('bob', `wrong-${i}`);
    expect(
      await (
        await api('/api/admin/throttles/clear', { method: 'POST', body: JSON.stringify({ username: 'Bob' }) })
      ).json(),
    ).toEqual({ cleared: 1 });
    expect((await api('/api/admin/throttles')).status).toBe(200);
    expect((await again.password('bob', password)).status).toBe(303);
    const audit = await auditOf(server);
    expect(audit).toContain('alice throttle.clear bob 198.51.100.1');
    expect(audit).toContain('alice throttle.clear Bob (all)');
  });

  it('`npm run server -- unlock <username>` clears an account from the server shell (the server running alongside), audited', async () => {
    const { server, dataDir } = await serve();
    const login = await openLogin(server.url);
    for (let i = 0; i < 5; i += 1) await login.password('bob', `wrong-${i}`);
    const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
    try {
      const limiter = new AttemptLimiter(store.db, store.dialect, limitSettingsWith());
      expect(await unlockAccount({ limiter, state: store.state }, 'bob')).toBe(
        'Cleared 1 throttle of bob; it may sign in again now.\n',
      );
      await expect(unlockAccount({ limiter, state: store.state }, ' ')).rejects.toThrow(/unlock <username>/);
    } finally {
      await store.close();
    }
    expect((await login.password('bob', password)).status).toBe(303);
    expect(await auditOf(server)).toContain('(server shell) throttle.clear bob (all)');
  });
});
