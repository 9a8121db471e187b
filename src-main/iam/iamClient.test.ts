import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute, idParams, noParams } from '@shared/common/api/controlPlane/route';
import { IamClient } from './iamClient';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
let server: http.Server | null = null;
const seen: Array<{ method: string; url: string; auth: string }> = [];

async function serve(replies: Reply[]): Promise<string> {
  seen.length = 0;
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization ?? '' });
    const reply = replies.shift() ?? { status: 500 };
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

function client(base: string, refreshAnswer = true) {
  let token = 'token-one';
  const refreshes: number[] = [];
  const iam = new IamClient({
    baseUrl: () => base,
    retryDelayMs: 1,
    tokens: {
      accessToken: () => Promise.resolve(token),
      refreshAfterRejection: () => {
        refreshes.push(1);
        token = 'token-two';
        return Promise.resolve(refreshAnswer);
      },
    },
  });
  return { iam, refreshes };
}

const okSchema = z.object({ ok: z.literal(true) });
const entry = {
  summary: 'a test route',
  params: noParams,
  response: okSchema,
  roles: 'signed-in' as const,
  errors: [],
};
const getX = defineRoute({ ...entry, method: 'GET', path: '/api/x', body: null });
const postX = defineRoute({ ...entry, method: 'POST', path: '/api/x', body: z.object({}) });
const unlockX = defineRoute({
  ...entry,
  method: 'POST',
  path: '/api/vault/unlock',
  body: z.object({ authKey: z.string() }),
});
const invalidToken = {
  status: 401,
  body: { code: 'TOKEN_INVALID', message: 'Sign in again.' },
  headers: { 'www-authenticate': 'Bearer realm="openpsm", error="invalid_token"' },
};

describe('IamClient', () => {
  it('retries a GET after 503 and returns the parsed answer', async () => {
    const { iam } = client(await serve([{ status: 503 }, { status: 503 }, { status: 200, body: { ok: true } }]));
    expect(await iam.call(getX)).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it('never retries a POST', async () => {
    const { iam } = client(
      await serve([
        { status: 503, body: { code: 'INTERNAL', message: 'busy' } },
        { status: 200, body: { ok: true } },
      ]),
    );
    await expect(iam.call(postX, { body: {} })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(seen).toHaveLength(1);
  });

  it('refreshes once on 401 invalid_token and repeats the call with the new token', async () => {
    const { iam, refreshes } = client(await serve([invalidToken, { status: 200, body: { ok: true } }]));
    expect(await iam.call(getX)).toEqual({ ok: true });
    expect(refreshes).toHaveLength(1);
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-one', 'Bearer token-two']);
  });

  it('ends with SIGN_IN_REVOKED when the refresh is refused, and refreshes only once per call', async () => {
    const refused = client(await serve([invalidToken]), false);
    await expect(refused.iam.call(getX)).rejects.toMatchObject({ code: 'SIGN_IN_REVOKED' });
    await new Promise<void>((r) => server?.close(() => r()));
    const twice = client(await serve([invalidToken, invalidToken]));
    await expect(twice.iam.call(getX)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect(twice.refreshes).toHaveLength(1);
  });

  it('passes any other 401 to the caller unchanged, without refreshing', async () => {
    const { iam, refreshes } = client(
      await serve([
        {
          status: 401,
          body: { code: 'AUTH_REQUIRED', message: 'Sign in to continue.' },
          headers: { 'www-authenticate': 'Bearer realm="openpsm"' },
        },
      ]),
    );
    await expect(iam.call(getX)).rejects.toMatchObject({ code: 'AUTH_REQUIRED', message: 'Sign in to continue.' });
    expect(refreshes).toHaveLength(0);
  });

  it('passes 401 INVALID_MASTER_PASSWORD to the caller without refreshing the sign-in, and a 429 with when to retry', async () => {
    const { iam, refreshes } = client(
      await serve([
        { status: 401, body: { code: 'INVALID_MASTER_PASSWORD', message: 'The master password is wrong. Try again.' } },
        {
          status: 429,
          body: { code: 'VAULT_UNLOCK_LIMITED', message: 'Try again in 60 seconds.', retryAfterSeconds: 60 },
          headers: { 'retry-after': '60' },
        },
      ]),
    );
    await expect(iam.call(unlockX, { body: { authKey: 'x' } })).rejects.toMatchObject({
      code: 'INVALID_MASTER_PASSWORD',
    });
    await expect(iam.call(unlockX, { body: { authKey: 'x' } })).rejects.toMatchObject({
      code: 'VAULT_UNLOCK_LIMITED',
      params: { retryAfterSeconds: 60 },
    });
    expect(refreshes).toHaveLength(0);
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-one', 'Bearer token-one']);
  });

  it('tries a GET once when the caller asks for no retries (the vault falls back to its copy at once)', async () => {
    const { iam } = client(await serve([{ status: 503 }, { status: 200, body: { ok: true } }]));
    await expect(iam.call(getX, {}, { retries: 0 })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(seen).toHaveLength(1);
  });

  it('refuses an answer that does not match the contract, and names a bad field of a 400', async () => {
    const bad = client(
      await serve([
        { status: 200, body: { ok: 'yes' } },
        { status: 400, body: { code: 'BAD_REQUEST', message: 'Bad', fields: [{ path: 'port', message: 'too big' }] } },
      ]),
    );
    await expect(bad.iam.call(getX)).rejects.toMatchObject({ code: 'INVALID_RESULT' });
    await expect(bad.iam.call(postX, { body: {} })).rejects.toMatchObject({ code: 'BAD_REQUEST', path: 'port' });
  });

  it('says SERVER_UNREACHABLE when nothing listens, after retrying the GET', async () => {
    const base = await serve([]);
    await new Promise<void>((r) => server?.close(() => r()));
    server = null;
    const { iam } = client(base);
    await expect(iam.call(getX)).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
  });

  it('calls a table entry at its path, with its parameters filled in and its body sent', async () => {
    const { iam } = client(await serve([{ status: 200, body: { ok: true } }]));
    const patch = defineRoute({
      ...entry,
      method: 'PATCH',
      path: '/api/things/:id',
      params: idParams,
      body: z.object({ name: z.string() }),
    });
    expect(
      await iam.call(patch, { params: { id: '0f0e0d0c-0b0a-4908-8706-050403020100' }, body: { name: 'n' } }),
    ).toEqual({ ok: true });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['PATCH /api/things/0f0e0d0c-0b0a-4908-8706-050403020100']);
  });
});
