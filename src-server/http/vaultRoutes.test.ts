import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { signInHeadless } from '../../e2e/support/signIn';
import { seedDemo } from '../demo';
import { openStore, resolveServerKey, startServer, type RunningServer } from '../index';
import { vaultBodyLimit } from './vaultRoutes';

const password = 'demo-Password-1234';
const lockoutSeconds = 2;
let server: RunningServer;
let dataDir: string;
let pepperFile: string;
const logLines: string[] = [];
let erinKey = '';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-vault-'));
  pepperFile = path.join(dataDir, 'pepper');
  fs.writeFileSync(pepperFile, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, password, 'Shared-Secret-Never-Returned-42');
  await store.close();
  server = await startServer({
    dataDir,
    vaultPepperFile: pepperFile,
    timers: { vaultLockoutSeconds: lockoutSeconds },
    log: createLogger({ name: 's', level: 'debug', sink: (l) => logLines.push(l) }),
  });
}, 60_000);
afterAll(async () => server?.close());

async function tokenFor(username: string): Promise<string> {
  const result = await signInHeadless(server.url, username, password);
  if ('refused' in result) throw new Error(result.refused);
  return result.tokens.access_token;
}

const b64 = (n: number) => crypto.randomBytes(n).toString('base64url');
const header = (vaultId = crypto.randomUUID()) => ({
  format: 1,
  vaultId,
  kdf: { algorithm: 'argon2id', memoryKiB: 8192, iterations: 1, parallelism: 1, salt: b64(16) },
  wrappedKey: { nonce: b64(12), ciphertext: b64(48) },
});
const item = () => ({ id: crypto.randomUUID(), nonce: b64(12), ciphertext: b64(80) });

function caller(token: string) {
  return async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
}

describe('the vault API', () => {
  it('creates a vault once, hands it out only for the right proof, and says 401 INVALID_MASTER_PASSWORD without a token challenge', async () => {
    const call = caller(await tokenFor('erin'));
    expect((await call('GET', '/api/vault/params')).body).toEqual({ exists: false });
    expect((await call('POST', '/api/vault/unlock', { authKey: b64(32) })).body).toMatchObject({
      code: 'VAULT_NOT_CREATED',
    });
    const authKey = b64(32);
    erinKey = authKey;
    const first = header();
    const created = await call('POST', '/api/vault', { header: first, items: [item()], authKey });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ revision: 1, header: first });
    expect((await call('POST', '/api/vault', { header: header(), items: [], authKey })).body).toMatchObject({
      code: 'VAULT_EXISTS',
    });
    expect((await call('GET', '/api/vault/params')).body).toEqual({ exists: true, kdf: first.kdf, revision: 1 });

    const wrong = await call('POST', '/api/vault/unlock', { authKey: b64(32) });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'INVALID_MASTER_PASSWORD' });
    expect(wrong.headers.get('www-authenticate')).toBeNull();
    const right = await call('POST', '/api/vault/unlock', { authKey });
    expect(right.status).toBe(200);
    expect(right.body['items']).toHaveLength(1);
  });

  it('writes only on top of the current revision; a stale write is 409 VAULT_CONFLICT', async () => {
    const call = caller(await tokenFor('bob'));
    const authKey = b64(32);
    await call('POST', '/api/vault', { header: header(), items: [], authKey });
    const one = item();
    expect((await call('PUT', '/api/vault', { authKey, baseRevision: 1, items: [one] })).body).toMatchObject({
      revision: 2,
      items: [one],
    });
    const stale = await call('PUT', '/api/vault', { authKey, baseRevision: 1, items: [] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VAULT_CONFLICT' });
    expect((await call('POST', '/api/vault/unlock', { authKey })).body).toMatchObject({ revision: 2, items: [one] });
    expect((await call('PUT', '/api/vault', { authKey: b64(32), baseRevision: 2, items: [] })).status).toBe(401);
  });

  it('changes the password by swapping header and proof in one write; a header of another vault is refused', async () => {
    const call = caller(await tokenFor('carol'));
    const oldKey = b64(32);
    const first = header();
    await call('POST', '/api/vault', { header: first, items: [], authKey: oldKey });
    expect(
      (
        await call('PUT', '/api/vault', {
          authKey: oldKey,
          baseRevision: 1,
          items: [],
          header: header(),
          newAuthKey: b64(32),
        })
      ).body,
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      (await call('PUT', '/api/vault', { authKey: oldKey, baseRevision: 1, items: [], header: first })).status,
    ).toBe(400);
    const newKey = b64(32);
    const second = header(first.vaultId);
    expect(
      (
        await call('PUT', '/api/vault', {
          authKey: oldKey,
          baseRevision: 1,
          items: [],
          header: second,
          newAuthKey: newKey,
        })
      ).body,
    ).toMatchObject({ revision: 2, header: second });
    expect((await call('POST', '/api/vault/unlock', { authKey: oldKey })).status).toBe(401);
    expect((await call('POST', '/api/vault/unlock', { authKey: newKey })).status).toBe(200);
  });

  it('refuses tries for a while after repeated wrong proofs, even the right one, then lets the right one in', async () => {
    const call = caller(await tokenFor('alice'));
    const authKey = b64(32);
    await call('POST', '/api/vault', { header: header(), items: [], authKey });
    for (let i = 0; i < 4; i += 1)
      expect((await call('POST', '/api/vault/unlock', { authKey: b64(32) })).status).toBe(401);
    const fifth = await call('POST', '/api/vault/unlock', { authKey: b64(32) });
    expect(fifth.status).toBe(429);
    expect(fifth.body).toMatchObject({ code: 'VAULT_UNLOCK_LIMITED', retryAfterSeconds: lockoutSeconds });
    expect(fifth.headers.get('retry-after')).toBe(String(lockoutSeconds));
    expect((await call('POST', '/api/vault/unlock', { authKey })).status).toBe(429);
    await new Promise((r) => setTimeout(r, lockoutSeconds * 1000 + 100));
    expect((await call('POST', '/api/vault/unlock', { authKey })).status).toBe(200);
    // Success resets the count: one wrong proof is a plain 401 again.
    expect((await call('POST', '/api/vault/unlock', { authKey: b64(32) })).status).toBe(401);
    const audit = logLines.join('\n');
    expect(audit).not.toContain(authKey);
  });

  it('reads a full vault but refuses a body past the limit with 413, without a crash', async () => {
    const call = caller(await tokenFor('erin'));
    const big = Array.from({ length: 500 }, () => ({
      id: crypto.randomUUID(),
      nonce: b64(12),
      ciphertext: 'A'.repeat(22_000),
    }));
    const full = await call('PUT', '/api/vault', { authKey: b64(32), baseRevision: 1, items: big });
    // Read and parsed whole: refused for the proof (or a missing vault when run alone), not for its size.
    expect(['INVALID_MASTER_PASSWORD', 'VAULT_NOT_CREATED']).toContain(full.body['code']);
    const res = await fetch(new URL('/api/vault', server.url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${await tokenFor('erin')}`, 'content-type': 'application/json' },
      body: 'x'.repeat(vaultBodyLimit + 1),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST', message: 'The request is larger than 16384 KiB.' });
    expect((await fetch(new URL('/health', server.url))).status).toBe(200);
  });

  it('stores only HMAC-SHA256(pepper, proof): never the proof, and the pepper stays in its file', async () => {
    const db = new Database(path.join(dataDir, 'openpsm.db'), { readonly: true });
    const row = db
      .prepare("SELECT auth_hash FROM vaults JOIN persons ON persons.id = vaults.person_id WHERE username = 'erin'")
      .get() as { auth_hash: string };
    db.close();
    const pepper = fs.readFileSync(pepperFile, 'utf8').trim();
    expect(row.auth_hash).toBe(
      crypto.createHmac('sha256', Buffer.from(pepper)).update(Buffer.from(erinKey, 'base64url')).digest('hex'),
    );
    const dbBytes = fs.readFileSync(path.join(dataDir, 'openpsm.db'));
    for (const needle of [pepper, erinKey, Buffer.from(erinKey, 'base64url').toString('hex')])
      expect(dbBytes.includes(Buffer.from(needle))).toBe(false);
    expect(dbBytes.includes(Buffer.from(erinKey, 'base64url'))).toBe(false);
  });
});
