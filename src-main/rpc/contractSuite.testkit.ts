import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import type { OpenPsmApi } from '@shared/common/api/bridge';
import type { Settings } from '@shared/common/api/settings';
import { OpenPsmError } from '@shared/common/errors';
import { createLogger } from '@shared/node/logger';
import { createAppCore, type AppCore } from '../appCore';
import { timerDefaults } from '../config/timers';

/** What a transport under test provides: the typed API and a way to send raw, untrusted calls. */
export interface TransportUnderTest {
  api: OpenPsmApi;
  /** Sends a call exactly as given, bypassing the typed client; resolves with the raw reply. */
  rawCall(method: unknown, params: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface CoreUnderTest {
  core: AppCore;
  dataDir: string;
  logLines: string[];
}

/** A real app core on a fresh data folder, with its log captured. */
export function makeTestCore(): CoreUnderTest {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-contract-'));
  const logLines: string[] = [];
  const log = createLogger({ name: 'test', sink: (line) => logLines.push(line) });
  const core = createAppCore({ dataDir, shell: 'browser-host', timers: { ...timerDefaults }, log });
  return { core, dataDir, logLines };
}

/** The suite's state for one test: a fresh core and a transport connected to it (set before each test). */
interface SuiteContext {
  env: CoreUnderTest;
  transport: TransportUnderTest;
}

/** app.getInfo and settings: the same values, saved and announced, and refusals that name their path. */
function appAndSettingsCases(ctx: SuiteContext): void {
  it('app.getInfo reports the version and a ready embedded backend', async () => {
    const info = await ctx.transport.api.app.getInfo({});
    expect(info.version).toBe(pkg.version);
    expect(info.name).toBe('OpenPSM');
    expect(info.backend).toMatchObject({ mode: 'embedded', status: 'ready' });
    expect(info.backend.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('settings.get returns the defaults with a schemaVersion', async () => {
    const settings = await ctx.transport.api.settings.get({});
    expect(settings).toEqual({
      schemaVersion: 3,
      backend: { mode: 'embedded', serverUrl: null },
      logLevel: 'info',
      direct: { guacd: { host: '127.0.0.1', port: 4822, tlsCa: null }, computers: [] },
      vault: { idleLockSeconds: 900, clipboardClearSeconds: 30 },
      theme: 'system',
    });
  });

  it('settings.update saves the theme choice and refuses one it does not know', async () => {
    expect((await ctx.transport.api.settings.update({ theme: 'dark' })).theme).toBe('dark');
    expect((await ctx.transport.api.settings.get({})).theme).toBe('dark');
    await expect(
      ctx.transport.api.settings.update({ theme: 'purple' } as unknown as { theme: 'dark' }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });

  it('settings.update saves to disk, answers the new settings and announces them', async () => {
    const seen: Settings[] = [];
    const off = ctx.transport.api.on('settings.changed', (s) => seen.push(s));
    const next = await ctx.transport.api.settings.update({ backend: { mode: 'direct' } });
    expect(next.backend.mode).toBe('direct');
    expect((await ctx.transport.api.settings.get({})).backend.mode).toBe('direct');
    const onDisk = JSON.parse(fs.readFileSync(path.join(ctx.env.dataDir, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 3, backend: { mode: 'direct' } });
    await expect.poll(() => seen.map((s) => s.backend.mode)).toEqual(['direct']);
    off();
  });

  it('a malformed value is refused with INVALID_PARAMS naming its path', async () => {
    const error = await ctx.transport.api.settings
      .update({ backend: { mode: 'sideways' as 'direct' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenPsmError);
    expect(error).toMatchObject({ code: 'INVALID_PARAMS', path: 'backend.mode' });
  });

  it('remote mode without a URL is refused with SETTINGS_INVALID, and nothing is saved', async () => {
    const error = await ctx.transport.api.settings.update({ backend: { mode: 'remote' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SETTINGS_INVALID', path: 'backend.serverUrl' });
    expect((await ctx.transport.api.settings.get({})).backend.mode).toBe('embedded');
  });
}

/** Untrusted calls: an unknown method or params of the wrong shape are refused with a code, logged without their payload. */
function refusedCallCases(ctx: SuiteContext): void {
  it('an unknown method gets UNKNOWN_METHOD, and the transport keeps working', async () => {
    const reply = await ctx.transport.rawCall('vault.dumpKeys', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect((await ctx.transport.api.app.getInfo({})).version).toBe(pkg.version);
  });

  it('params of the wrong shape get INVALID_PARAMS, not a crash', async () => {
    for (const params of [42, 'x', [1], { logLevel: 'loud' }, { extra: true }]) {
      const reply = await ctx.transport.rawCall('settings.update', params);
      expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    }
  });

  it('a refused call is logged in one line without its payload', async () => {
    await ctx.transport.rawCall('settings.update', { logLevel: 'payload-marker-7731' });
    const lines = ctx.env.logLines.filter((l) => l.includes('api.call_refused'));
    expect(lines).toHaveLength(1);
    expect(ctx.env.logLines.join('\n')).not.toContain('payload-marker-7731');
  });
}

/** Sign-in: first-run setup, then a PKCE authorization URL. */
function signInCases(ctx: SuiteContext): void {
  it('sign-in: first-run setup of the embedded control plane, then a PKCE authorization URL; My Resources needs a sign-in', async () => {
    const { api } = ctx.transport;
    expect(await api.auth.getState({})).toMatchObject({ status: 'signed-out', person: null, needsSetup: true });
    await expect(api.resources.list({})).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    await expect(api.auth.setUp({ username: 'solo', displayName: 'Sam', password: 'short' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
    expect(
      await api.auth.setUp({ username: 'solo', displayName: 'Sam Solo', password: 'contract-Password-1' }),
    ).toMatchObject({ needsSetup: false });
    await expect(
      api.auth.setUp({ username: 'again', displayName: 'Again', password: 'contract-Password-1' }),
    ).rejects.toMatchObject({ code: 'SETUP_CLOSED' });
    const started = await api.auth.signIn({});
    const url = new URL(started.authorizationUrl);
    expect(url.origin).toBe((await api.app.getInfo({})).backend.serverUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(started.opened).toBe(false);
    expect(await api.auth.getState({})).toMatchObject({ status: 'signing-in' });
    expect(await api.auth.signOut({})).toMatchObject({ status: 'signed-out' });
  });
}

/**
 * The one contract suite every transport must pass (architecture rule 3): the same
 * calls, results, events and coded errors over Electron IPC and the browser host.
 */
export function runContractSuite(transportName: string, connect: (core: AppCore) => Promise<TransportUnderTest>): void {
  describe(`API contract over ${transportName}`, () => {
    const ctx = {} as SuiteContext;

    beforeEach(async () => {
      ctx.env = makeTestCore();
      await ctx.env.core.ready;
      ctx.transport = await connect(ctx.env.core);
    });
    afterEach(async () => {
      await ctx.transport.close();
      await ctx.env.core.close();
      fs.rmSync(ctx.env.dataDir, { recursive: true, force: true });
    });

    appAndSettingsCases(ctx);
    refusedCallCases(ctx);
    signInCases(ctx);
  });
}
