import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackendState } from '@shared/common/api/app';
import { startServer } from '@server/index';
import { BackendMonitor, checkHealth } from './backendMonitor';

const quiet = { info: () => undefined, warn: () => undefined };

function monitor(overrides: Partial<ConstructorParameters<typeof BackendMonitor>[0]> = {}) {
  let started = 0;
  let closed = 0;
  const m = new BackendMonitor({
    startEmbedded: async () => {
      started += 1;
      return { url: 'http://127.0.0.1:1', close: async () => void (closed += 1) };
    },
    readHealth: async () => ({}),
    healthTimeoutMs: 100,
    log: quiet,
    ...overrides,
  });
  return { m, counts: () => ({ started, closed }) };
}

describe('the backend monitor', () => {
  it("reports a remote server's TLS, and does not use one whose certificate names another host", async () => {
    const mismatch = {
      status: 'name-mismatch' as const,
      detail: 'The server\'s certificate is issued for psm.example.test, but the server URL uses "10.0.0.5".',
    };
    const { m } = monitor({
      checkTls: async (url) => (url.includes('10.0.0.5') ? mismatch : { status: 'valid' as const, detail: 'ok' }),
    });
    expect(await m.apply({ mode: 'remote', serverUrl: 'https://10.0.0.5' })).toMatchObject({
      status: 'unreachable',
      detail: mismatch.detail,
      tls: mismatch,
    });
    expect(await m.apply({ mode: 'remote', serverUrl: 'https://psm.example.test' })).toMatchObject({
      status: 'ready',
      tls: { status: 'valid' },
    });
  });

  it('starts the embedded control plane once and reports it ready', async () => {
    const { m, counts } = monitor();
    const states: BackendState['status'][] = [];
    m.onChange((s) => states.push(s.status));
    expect(await m.apply({ mode: 'embedded', serverUrl: null })).toMatchObject({
      mode: 'embedded',
      status: 'ready',
      serverUrl: 'http://127.0.0.1:1',
    });
    await m.apply({ mode: 'embedded', serverUrl: null });
    expect(counts().started).toBe(1);
    expect(states).toEqual(['starting', 'ready', 'starting', 'ready']);
  });

  it('stops the embedded control plane when the mode leaves embedded', async () => {
    const { m, counts } = monitor();
    await m.apply({ mode: 'embedded', serverUrl: null });
    expect(await m.apply({ mode: 'direct', serverUrl: null })).toMatchObject({ mode: 'direct', status: 'ready' });
    expect(counts().closed).toBe(1);
  });

  it('says what to do when the embedded control plane cannot start', async () => {
    const { m } = monitor({ startEmbedded: async () => Promise.reject(new Error('port in use')) });
    expect(await m.apply({ mode: 'embedded', serverUrl: null })).toMatchObject({
      status: 'unreachable',
      detail: expect.stringContaining('port in use'),
    });
  });

  it('names a database module built for another Node and the command that rebuilds it, not a stack trace', async () => {
    const abi = new Error(
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 140. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing",
    );
    const { m } = monitor({ startEmbedded: async () => Promise.reject(abi) });
    const state = await m.apply({ mode: 'embedded', serverUrl: null });
    expect(state.detail).toMatch(/^OpenPSM cannot load its database module \(better-sqlite3\)/);
    expect(state.detail).toContain('run `npm rebuild better-sqlite3` in the OpenPSM folder');
    expect(state.detail).not.toContain('NODE_MODULE_VERSION');
  });

  it('asks for a URL in remote mode without one, and names an unreachable server', async () => {
    const { m } = monitor({ readHealth: async () => null });
    expect(await m.apply({ mode: 'remote', serverUrl: null })).toMatchObject({ status: 'not-configured' });
    expect(await m.apply({ mode: 'remote', serverUrl: 'http://127.0.0.1:9' })).toMatchObject({
      status: 'unreachable',
      detail: expect.stringContaining('http://127.0.0.1:9'),
    });
  });

  it('lets the newest apply win when two overlap', async () => {
    let release: (answer: object) => void = () => undefined;
    const { m } = monitor({
      readHealth: (url) => (url.includes('slow') ? new Promise((r) => (release = r)) : Promise.resolve({})),
    });
    const slow = m.apply({ mode: 'remote', serverUrl: 'http://slow.example' });
    await m.apply({ mode: 'direct', serverUrl: null });
    release({});
    await slow;
    expect(m.state().mode).toBe('direct');
  });
});

describe('the health check', () => {
  it('is true for a running control plane and false for a closed port, within its timeout', async () => {
    const server = await startServer({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-health-')) });
    expect(await checkHealth(server.url, 1000)).toBe(true);
    await server.close();
    expect(await checkHealth(server.url, 1000)).toBe(false);
  });
});

describe('the backend state stays true', () => {
  it('says unreachable within one poll of the control plane going away, and ready again once it is back', async () => {
    let up = true;
    const { m } = monitor({
      readHealth: async () =>
        up ? { guacd: { status: 'reachable', protocolVersion: 'VERSION_1_5_0', detail: 'ok' } } : null,
      pollMs: 20,
    });
    const states: string[] = [];
    m.onChange((s) => states.push(s.status));
    expect(await m.apply({ mode: 'remote', serverUrl: 'http://127.0.0.1:9' })).toMatchObject({
      status: 'ready',
      guacd: { status: 'reachable', protocolVersion: 'VERSION_1_5_0' },
    });
    up = false;
    await expect.poll(() => m.state().status, { timeout: 1000 }).toBe('unreachable');
    up = true;
    await expect.poll(() => m.state().status, { timeout: 1000 }).toBe('ready');
    await m.close();
    expect(states).toEqual(['starting', 'ready', 'unreachable', 'ready']);
  });

  it('tells what to do about guacd in the mode in use', async () => {
    const down = {
      status: 'unreachable' as const,
      protocolVersion: null,
      detail: 'guacd does not answer at 127.0.0.1:4822.',
    };
    const embedded = await monitor({ readHealth: async () => ({ guacd: down }) }).m.apply({
      mode: 'embedded',
      serverUrl: null,
    });
    expect(embedded.guacd?.detail).toContain('Settings → guacd');
    const remote = await monitor({ readHealth: async () => ({ guacd: down }) }).m.apply({
      mode: 'remote',
      serverUrl: 'http://127.0.0.1:9',
    });
    expect(remote.guacd?.detail).toContain('ask its administrator');
    const direct = await monitor({ probeDirectGuacd: async () => down }).m.apply({ mode: 'direct', serverUrl: null });
    expect(direct.guacd?.detail).toContain('Computers → guacd');
  });
});
