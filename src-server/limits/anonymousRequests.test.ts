import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { startServer, type RunningServer } from '../index';
import type { LimitSettings } from './limitSettings';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(
  limits: Partial<LimitSettings>,
  interactionTtlSeconds = 3,
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-anon-')),
) {
  server = await startServer({
    dataDir,
    timers: { interactionTtlSeconds },
    limits,
    log: createLogger({ name: 's', sink: () => undefined }),
  });
  const sqlite = new SqliteDatabase(path.join(dataDir, 'openpsm.db'), { readonly: true });
  const rows = () => {
    const now = new Date().toISOString();
    const count = (where: string) =>
      (sqlite.prepare(`SELECT count(*) AS n FROM oidc_payloads ${where}`).get(now) as { n: number }).n;
    return { total: count('WHERE ? IS NOT NULL'), expired: count('WHERE expires_at < ?') };
  };
  return { url: server.url, dataDir, rows, close: () => sqlite.close() };
}

/** An anonymous authorization request, as anyone on the network can send. */
const authorize = (url: string) => {
  const query = new URLSearchParams({
    client_id: 'openpsm-desktop',
    redirect_uri: 'http://127.0.0.1:9/callback',
    response_type: 'code',
    scope: 'openid',
    prompt: 'login',
    code_challenge: crypto.randomBytes(32).toString('base64url'),
    code_challenge_method: 'S256',
  });
  return fetch(`${url}/auth?${query}`, { redirect: 'manual' }).then(async (res) => {
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  });
};

async function flood(url: string, count: number, parallel = 16) {
  const statuses = new Map<number, number>();
  let retryAfter: string | null = null;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const answer = await authorize(url);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      retryAfter ??= answer.retryAfter;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { statuses, retryAfter };
}

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
};

describe('anonymous sign-in requests and the database', () => {
  it('with the request limit off, 10,000 anonymous /auth requests followed by the sweep leave only unexpired rows', async () => {
    const served = await serve({ authRequestsPerMinute: 0, sweepIntervalSeconds: 1 });
    try {
      const { statuses } = await flood(served.url, 10_000);
      expect(statuses.get(303)).toBe(10_000);
      // Every row of the flood expires after 3 s; the sweep runs each second and removes them all.
      await until(() => served.rows().total === 0, 10_000);
      expect(served.rows().total).toBe(0);
      // It removes only what expired: five fresh rows stay through the next sweep.
      for (let i = 0; i < 5; i += 1) await authorize(served.url);
      await new Promise((r) => setTimeout(r, 1500));
      expect(served.rows()).toEqual({ total: 5, expired: 0 });
    } finally {
      served.close();
    }
  }, 240_000);

  it('with the request limit on, the 429 comes with Retry-After, also for the login form, and the row count stays bounded', async () => {
    const served = await serve({ authRequestsPerMinute: 60, authRequestBurst: 20 });
    try {
      const started = Date.now();
      const { statuses, retryAfter } = await flood(served.url, 300);
      const seconds = Math.ceil((Date.now() - started) / 1000);
      expect(statuses.get(429) ?? 0).toBeGreaterThan(200);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(served.rows().total).toBeLessThanOrEqual(20 + seconds + 1);
      const login = await fetch(`${served.url}/interaction/abc/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=a&password=b',
      });
      expect([login.status, Number(login.headers.get('retry-after')) > 0, await login.text()]).toEqual([
        429,
        true,
        expect.stringContaining('Try again in'),
      ]);
    } finally {
      served.close();
    }
  }, 60_000);

  it('sweeps the rows that expired while the server was down when it starts', async () => {
    const first = await serve({ sweepIntervalSeconds: 3600 }, 1);
    for (let i = 0; i < 3; i += 1) await authorize(first.url);
    expect(first.rows().total).toBe(3);
    first.close();
    await server?.close();
    await new Promise((r) => setTimeout(r, 1200));
    const again = await serve({ sweepIntervalSeconds: 3600 }, 1, first.dataDir);
    try {
      await until(() => again.rows().total === 0, 3000);
      expect(again.rows().total).toBe(0);
    } finally {
      again.close();
    }
  });
});
