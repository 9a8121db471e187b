import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallArgs, RouteSpec } from '@shared/common/api/controlPlane/route';
import type { Me } from '@shared/common/api/controlPlane/persons';
import { OpenPsmError } from '@shared/common/errors';
import { createLogger } from '@shared/node/logger';
import { openStore, resolveServerKey, seedDemo, startServer, type RunningServer } from '@server/index';
import { signInHeadless } from '../../e2e/support/signIn';
import { IamClient } from '../iam/iamClient';
import { MemorySecretStore, type SecretStore } from '../secrets/secretStore';
import { realSteps, type FileSteps } from '../files/durableFile';
import type { SystemLockReason } from './systemEvents';
import { VaultCacheStore } from './vaultCache';
import { VaultService, type MainClipboard, type VaultApi } from './vaultService';

const demoPassword = 'demo-Password-1234';
const master = 'unit-Master-Password-77';
const cheap = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
let server: RunningServer;
let serverDir: string;
const logLines: string[] = [];
const services: VaultService[] = [];

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-vault-svc-'));
  serverDir = dataDir;
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await seedDemo(store, demoPassword, 'Shared-Secret-Never-Returned-42');
  await store.close();
  server = await startServer({
    dataDir,
    limits: { authRequestsPerMinute: 100000 },
    log: createLogger({ name: 's', sink: () => undefined }),
  });
}, 60_000);
afterAll(async () => server?.close());
afterEach(() => {
  vi.useRealTimers();
  for (const s of services.splice(0)) s.close();
});

/** A keychain that answers, for "Remember on this device". */
class KeychainDouble extends MemorySecretStore {
  override readonly kind = 'os-keychain' as unknown as 'memory';
}

/** One app on one device, signed in as `username` to the real control plane; `offline` makes every call fail as if the server were down. */
async function device(
  username: string,
  options: {
    dir?: string;
    secrets?: SecretStore;
    kdf?: typeof cheap;
    idleLockSeconds?: number;
    clipboard?: MainClipboard;
    steps?: FileSteps;
  } = {},
) {
  const result = await signInHeadless(server.url, username, demoPassword);
  if ('refused' in result) throw new Error(result.refused);
  const token = result.tokens.access_token;
  const me = (await (
    await fetch(new URL('/api/me', server.url), { headers: { authorization: `Bearer ${token}` } })
  ).json()) as Me;
  const iam = new IamClient({
    baseUrl: () => server.url,
    retryDelayMs: 1,
    tokens: { accessToken: () => Promise.resolve(token), refreshAfterRejection: () => Promise.resolve(false) },
  });
  const net = { offline: false, calls: [] as string[] };
  const api: VaultApi = {
    call: <S extends RouteSpec>(route: S, ...args: CallArgs<S>) => (
      net.calls.push(`${route.method} ${route.path}`),
      net.offline ? Promise.reject(new OpenPsmError('SERVER_UNREACHABLE')) : iam.call(route, ...args)
    ),
  };
  let lockListener: ((reason: SystemLockReason) => void) | null = null;
  const settings = { idleLockSeconds: options.idleLockSeconds ?? 900, clipboardClearSeconds: 30 };
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-vault-dev-'));
  const identity = { person: me as Me | null, serverUrl: server.url as string | null };
  const service = new VaultService({
    api,
    identity: () => identity,
    serverAnswers: () => Promise.resolve(!net.offline),
    cache: new VaultCacheStore(dir, createLogger({ name: 't', sink: (l) => logLines.push(l) }), options.steps),
    secrets: options.secrets ?? new MemorySecretStore(),
    systemEvents: {
      onLockRequested: (l) => {
        lockListener = l;
        return () => (lockListener = null);
      },
    },
    settings: () => settings,
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
    timers: { vaultUnlockBackoffMs: 1000, vaultSyncRetryMs: 50 },
    kdfCost: options.kdf ?? cheap,
    log: createLogger({ name: 't', sink: (l) => logLines.push(l) }),
  });
  services.push(service);
  await service.refresh();
  return {
    service,
    net,
    dir,
    me,
    identity,
    settings,
    systemLock: (reason: SystemLockReason) => lockListener?.(reason),
    cacheFile: () => path.join(dir, `${me.id}.json`),
  };
}

const credential = (name: string, secret = 'unit-Credential-Secret-1') => ({
  name,
  username: 'root',
  kind: 'password' as const,
  secret,
  computers: [],
});
const keysOf = (service: VaultService) =>
  (
    service as unknown as {
      session: { opened: { vaultKey: Buffer; keys: { encKey: Buffer; authKey: Buffer } } | null };
    }
  ).session.opened;

describe('the vault service', () => {
  it('creates a vault, keeps only ciphertext on disk and tells the renderer no secret; lock wipes the keys', async () => {
    const dev = await device('erin');
    expect(dev.service.state()).toMatchObject({ status: 'none', offline: false });
    await dev.service.create(master, false);
    const saved = await dev.service.save(credential('db-01 root'));
    expect(saved).not.toHaveProperty('secret');
    expect(dev.service.list()).toEqual([saved]);
    expect(dev.service.reveal(saved.id)).toBe('unit-Credential-Secret-1');
    await expect.poll(() => dev.service.state().pendingChanges).toBe(0);
    const onDisk = fs.readFileSync(dev.cacheFile(), 'utf8');
    expect(JSON.parse(onDisk)).toMatchObject({ schemaVersion: 1 });
    for (const text of [onDisk, JSON.stringify(dev.service.state()), logLines.join('\n')]) {
      expect(text).not.toContain(master);
      expect(text).not.toContain('unit-Credential-Secret-1');
    }
    const keys = keysOf(dev.service);
    const held = keys ? [keys.vaultKey, keys.keys.encKey, keys.keys.authKey] : [];
    expect(held.every((b) => b.some((x) => x !== 0))).toBe(true);
    dev.service.lock();
    expect(held.every((b) => b.every((x) => x === 0))).toBe(true);
    expect(keysOf(dev.service)).toBeNull();
    expect(() => dev.service.list()).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
  });

  it('answers a wrong password INVALID_MASTER_PASSWORD and asks again, waiting longer after each repeat', async () => {
    const dev = await device('erin');
    let now = Date.now();
    (dev.service as unknown as { deps: { now: () => number } }).deps.now = () => now;
    await expect(dev.service.unlock('wrong-password-one', false)).rejects.toMatchObject({
      code: 'INVALID_MASTER_PASSWORD',
    });
    expect(dev.service.state().retryAt).toBeNull();
    await expect(dev.service.unlock('wrong-password-two', false)).rejects.toMatchObject({
      code: 'INVALID_MASTER_PASSWORD',
    });
    expect(dev.service.state().retryAt).toBe(now + 1000);
    await expect(dev.service.unlock(master, false)).rejects.toMatchObject({ code: 'VAULT_RETRY_LATER' });
    now += 1000;
    await expect(dev.service.unlock('wrong-password-three', false)).rejects.toMatchObject({
      code: 'INVALID_MASTER_PASSWORD',
    });
    expect(dev.service.state().retryAt).toBe(now + 2000);
    now += 2000;
    expect((await dev.service.unlock(master, false)).status).toBe('unlocked');
    expect(dev.service.state().retryAt).toBeNull();
    expect(dev.service.list().map((c) => c.name)).toEqual(['db-01 root']);
  });

  it('unlocks offline against the copy kept here, refuses a wrong password there too, and queues edits until the server is back', async () => {
    const dev = await device('bob');
    await dev.service.create(master, false);
    await dev.service.save(credential('before outage'));
    await expect.poll(() => dev.service.state().pendingChanges).toBe(0);
    dev.service.lock();
    dev.net.offline = true;
    await expect(dev.service.unlock('not-the-password', false)).rejects.toMatchObject({
      code: 'INVALID_MASTER_PASSWORD',
    });
    const state = await dev.service.unlock(master, false);
    expect(state).toMatchObject({ status: 'unlocked', offline: true });
    expect(dev.service.reveal(dev.service.list()[0]?.id ?? '')).toBe('unit-Credential-Secret-1');
    await dev.service.save(credential('during outage', 'unit-Outage-Secret-2'));
    expect(dev.service.state().pendingChanges).toBe(1);
    dev.net.offline = false;
    await expect.poll(() => dev.service.state()).toMatchObject({ pendingChanges: 0, offline: false });
    // A second device sees the edit made offline.
    const other = await device('bob');
    await other.service.unlock(master, false);
    expect(other.service.list().map((c) => c.name)).toEqual(['before outage', 'during outage']);
  });

  it('keeps both versions when the same credential was edited on two devices, and says so', async () => {
    const a = await device('carol');
    await a.service.create(master, false);
    const shared = await a.service.save(credential('web-01 admin'));
    await expect.poll(() => a.service.state().pendingChanges).toBe(0);
    const b = await device('carol');
    await b.service.unlock(master, false);
    a.net.offline = true;
    await a.service.save({ ...credential('web-01 admin', 'unit-From-A-3'), id: shared.id });
    await b.service.save({ ...credential('web-01 admin', 'unit-From-B-4'), id: shared.id });
    await expect.poll(() => b.service.state().pendingChanges).toBe(0);
    a.net.offline = false;
    await expect.poll(() => a.service.state().pendingChanges).toBe(0);
    expect(a.service.state().conflicts).toEqual([expect.stringContaining('both versions were kept')]);
    const secrets = a.service.list().map((c) => [c.name, a.service.reveal(c.id)]);
    expect(secrets).toEqual([
      ['web-01 admin', 'unit-From-B-4'],
      ['web-01 admin (this device)', 'unit-From-A-3'],
    ]);
    expect(a.service.dismissConflicts().conflicts).toEqual([]);
  });

  it('changes the master password: the old one stops working everywhere, items and remembered unlock survive', async () => {
    const secrets = new KeychainDouble();
    const dev = await device('alice', { secrets });
    expect(dev.service.state().rememberUnavailable).toBeNull();
    await dev.service.create(master, true);
    await dev.service.save(credential('kept through the change'));
    await expect.poll(() => dev.service.state().pendingChanges).toBe(0);
    await expect(dev.service.changePassword('not-the-current-one', 'unit-New-Master-88')).rejects.toMatchObject({
      code: 'INVALID_MASTER_PASSWORD',
    });
    await dev.service.changePassword(master, 'unit-New-Master-88');
    dev.service.lock();
    expect((await dev.service.unlock(null, false)).status).toBe('unlocked');
    dev.service.lock();
    await expect(dev.service.unlock(master, true)).rejects.toMatchObject({ code: 'INVALID_MASTER_PASSWORD' });
    const other = await device('alice');
    await expect(other.service.unlock(master, false)).rejects.toMatchObject({ code: 'INVALID_MASTER_PASSWORD' });
    await other.service.unlock('unit-New-Master-88', false);
    expect(other.service.list().map((c) => c.name)).toEqual(['kept through the change']);
    // Offline, this device's copy follows the new password too.
    dev.net.offline = true;
    expect((await dev.service.unlock('unit-New-Master-88', true)).status).toBe('unlocked');
  });

  it('loses nothing when the app dies during a password change, after the server took it but before this device wrote it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-vault-dev-'));
    let dying = false;
    const steps: FileSteps = {
      ...realSteps,
      writeDurable: (file, text) => {
        if (dying) throw new Error('killed');
        realSteps.writeDurable(file, text);
      },
    };
    const dev = await device('carol', { dir, steps });
    await dev.service.unlock(master, false);
    const before = dev.service.list().map((c) => c.name);
    dying = true;
    await expect(dev.service.changePassword(master, 'unit-New-Master-88')).rejects.toThrow('killed');
    dev.service.close();
    // Restarted offline: the copy here still opens with the old password, everything in it.
    const offline = await device('carol', { dir });
    offline.net.offline = true;
    await offline.service.unlock(master, false);
    expect(offline.service.list().map((c) => c.name)).toEqual(before);
    await expect(offline.service.changePassword(master, 'unit-Other-Master-99')).rejects.toMatchObject({
      code: 'VAULT_OFFLINE',
    });
    offline.service.close();
    // Restarted online: the server took the change, so the new password opens everything and the copy here follows.
    const online = await device('carol', { dir });
    await expect(online.service.unlock(master, false)).rejects.toMatchObject({ code: 'INVALID_MASTER_PASSWORD' });
    await online.service.unlock('unit-New-Master-88', false);
    expect(online.service.list().map((c) => c.name)).toEqual(before);
    await online.service.changePassword('unit-New-Master-88', master);
  });

  it('deletes a credential here and on the server, and says when one is gone', async () => {
    const dev = await device('carol');
    await dev.service.unlock(master, false);
    const doomed = await dev.service.save(credential('temporary'));
    await dev.service.remove(doomed.id);
    await expect(dev.service.remove(doomed.id)).rejects.toMatchObject({ code: 'VAULT_ITEM_NOT_FOUND' });
    expect(() => dev.service.reveal(doomed.id)).toThrow(expect.objectContaining({ code: 'VAULT_ITEM_NOT_FOUND' }));
    await expect.poll(() => dev.service.state().pendingChanges).toBe(0);
    const other = await device('carol');
    await other.service.unlock(master, false);
    expect(other.service.list().map((c) => c.name)).not.toContain('temporary');
  });

  it('offers "Remember" only with an OS keychain, and forgets a remembered key that no longer opens the vault', async () => {
    const plain = await device('alice');
    expect(plain.service.state().rememberUnavailable).toMatch(/no OS keychain/);
    const secrets = new KeychainDouble();
    const dev = await device('alice', { secrets });
    await dev.service.unlock('unit-New-Master-88', true);
    expect(dev.service.state().remembered).toBe(true);
    await plain.service.unlock('unit-New-Master-88', false);
    await plain.service.changePassword('unit-New-Master-88', master);
    dev.service.lock();
    await expect(dev.service.unlock(null, false)).rejects.toThrow(/no longer opens/);
    expect(dev.service.state().remembered).toBe(false);
    expect(dev.service.forget().remembered).toBe(false);
  });

  it('locks after the idle time, restarted by activity, and when the OS locks the screen or suspends', async () => {
    const dev = await device('erin', { idleLockSeconds: 60 });
    await dev.service.unlock(master, false);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    dev.service.settingsChanged();
    vi.advanceTimersByTime(59_000);
    dev.service.activity();
    vi.advanceTimersByTime(59_000);
    expect(dev.service.state().status).toBe('unlocked');
    vi.advanceTimersByTime(1001);
    expect(dev.service.state()).toMatchObject({
      status: 'locked',
      message: expect.stringContaining('without activity'),
    });
    vi.useRealTimers();
    await dev.service.unlock(master, false);
    dev.systemLock('screen-locked');
    expect(dev.service.state()).toMatchObject({
      status: 'locked',
      message: expect.stringContaining('screen was locked'),
    });
    await dev.service.unlock(master, false);
    dev.systemLock('suspended');
    expect(dev.service.state()).toMatchObject({ status: 'locked', message: expect.stringContaining('went to sleep') });
  });

  it('copies through main’s clipboard where it has one, clearing it after the set time unless something else was copied', async () => {
    let clipboard = '';
    const dev = await device('erin', {
      clipboard: { writeText: (t) => void (clipboard = t), readText: () => Promise.resolve(clipboard) },
    });
    await dev.service.unlock(master, false);
    const id = dev.service.list()[0]?.id ?? '';
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(dev.service.copy(id)).toEqual({ value: null, clearAfterSeconds: 30 });
    expect(clipboard).toBe('unit-Credential-Secret-1');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(clipboard).toBe('unit-Credential-Secret-1');
    await vi.advanceTimersByTimeAsync(1000);
    expect(clipboard).toBe('');
    dev.service.copy(id);
    clipboard = 'something the user copied later';
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard).toBe('something the user copied later');
    // Without a main-side clipboard (browser host) the value goes to the renderer, which clears it.
    const plain = await device('erin');
    vi.useRealTimers();
    await plain.service.unlock(master, false);
    expect(plain.service.copy(id)).toEqual({ value: 'unit-Credential-Secret-1', clearAfterSeconds: 30 });
  });

  it('has no timer or sleep in the unlock path: it resolves online and offline with the clock frozen', async () => {
    const dev = await device('erin');
    const realTimeout = globalThis.setTimeout;
    const hung = () => new Promise<'hung'>((r) => realTimeout(() => r('hung'), 5000));
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate', 'Date'] });
    expect(await Promise.race([dev.service.unlock(master, false).then((s) => s.status), hung()])).toBe('unlocked');
    dev.service.lock();
    dev.net.offline = true;
    const spy = vi.spyOn(globalThis, 'setTimeout');
    expect(await Promise.race([dev.service.unlock(master, false).then((s) => s.status), hung()])).toBe('unlocked');
    // With no network in the way, the only timers set are the idle lock (900 s) and the background sync (now).
    expect(spy.mock.calls.map((call) => Number(call[1] ?? 0)).filter((ms) => ms !== 900_000 && ms !== 0)).toEqual([]);
  });

  it('refuses a tampered copy (server or device) with VAULT_TAMPERED and leaves the file untouched', async () => {
    const first = await device('erin');
    await first.service.unlock(master, false);
    first.service.close();
    const file = first.cacheFile();
    const untouched = fs.readFileSync(file);
    // The server's copy changed behind its back: refused, and this device's copy is not overwritten.
    const db = new Database(path.join(serverDir, 'openpsm.db'));
    const row = db.prepare('SELECT items FROM vaults WHERE person_id = ?').get(first.me.id) as { items: string };
    const flipped = (text: string) => `${text.slice(0, 10)}${text[10] === 'A' ? 'B' : 'A'}${text.slice(11)}`;
    const items = JSON.parse(row.items) as Array<{ ciphertext: string }>;
    (items[0] as { ciphertext: string }).ciphertext = flipped((items[0] as { ciphertext: string }).ciphertext);
    db.prepare('UPDATE vaults SET items = ? WHERE person_id = ?').run(JSON.stringify(items), first.me.id);
    const online = await device('erin', { dir: first.dir });
    await expect(online.service.unlock(master, false)).rejects.toMatchObject({ code: 'VAULT_TAMPERED' });
    expect(fs.readFileSync(file).equals(untouched)).toBe(true);
    db.prepare('UPDATE vaults SET items = ? WHERE person_id = ?').run(row.items, first.me.id);
    db.close();
    online.service.close();
    // This device's copy changed: refused offline, the file left as it is.
    const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as { items: Array<{ ciphertext: string }> };
    const item = cache.items[0] as { ciphertext: string };
    item.ciphertext = flipped(item.ciphertext);
    fs.writeFileSync(file, JSON.stringify(cache));
    const before = fs.readFileSync(file);
    const dev = await device('erin', { dir: first.dir });
    dev.net.offline = true;
    await expect(dev.service.unlock(master, false)).rejects.toMatchObject({ code: 'VAULT_TAMPERED' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(keysOf(dev.service)).toBeNull();
  });

  it('sets a corrupted copy aside and recovers it from the server at the next unlock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-vault-dev-'));
    const first = await device('erin', { dir });
    await first.service.unlock(master, false);
    first.service.close();
    fs.writeFileSync(first.cacheFile(), '{"schemaVersion":1,"seq":');
    fs.rmSync(`${first.cacheFile()}.prev`, { force: true });
    const dev = await device('erin', { dir });
    expect(dev.service.state().message).toMatch(/damaged/);
    await dev.service.unlock(master, false);
    expect(dev.service.state().message).toMatch(/fetched again from the server/);
    expect(dev.service.list().map((c) => c.name)).toEqual(['db-01 root']);
    expect(fs.existsSync(`${dev.cacheFile()}.corrupt`)).toBe(true);
    expect(JSON.parse(fs.readFileSync(dev.cacheFile(), 'utf8'))).toMatchObject({ schemaVersion: 1 });
  });

  it('upgrades a vault below the KDF defaults at the next online unlock', async () => {
    const weak = await device('bob');
    await weak.service.unlock(master, false);
    const stronger = { memoryKiB: 2048, iterations: 2, parallelism: 1 };
    const dev = await device('bob', { kdf: stronger });
    await dev.service.unlock(master, false);
    const params = (await fetch(new URL('/api/vault/params', server.url), {
      headers: {
        authorization: `Bearer ${await signInHeadless(server.url, 'bob', demoPassword).then((r) => ('tokens' in r ? r.tokens.access_token : ''))}`,
      },
    }).then((r) => r.json())) as { kdf: typeof stronger };
    expect(params.kdf).toMatchObject(stronger);
    dev.service.lock();
    expect((await dev.service.unlock(master, false)).status).toBe('unlocked');
  });
});
