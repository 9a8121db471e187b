import { describe, expect, it } from 'vitest';
import { createApiClient } from '@shared/common/api/bridge';
import { ipcChannels } from '@shared/common/api/rpc';
import { createLogger } from '@shared/node/logger';
import type { AppCore } from '../appCore';
import { createDispatcher, type Handlers } from '../rpc/dispatcher';
import { runContractSuite } from '../rpc/contractSuite.testkit';
import { registerIpc } from './ipc';
import { createPreloadBridge } from './preloadBridge';
import { isTrustedSender } from './security';

type Frame = { url: string; parent: unknown };
type Handler = (event: { senderFrame: Frame }, payload: unknown) => Promise<unknown>;

/**
 * A fake ipcMain/ipcRenderer pair: payloads are structured-cloned both ways, as Electron
 * does, and the sender frame is whatever the test says.
 */
function fakeIpcPair(frame: Frame = { url: 'app://openpsm/index.html', parent: null }) {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipcMain = {
    handle: (channel: string, fn: Handler) => {
      handlers.set(channel, fn);
    },
  };
  const ipcRenderer = {
    invoke: async (channel: string, payload: unknown) => {
      const fn = handlers.get(channel);
      if (!fn) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await fn({ senderFrame: frame }, structuredClone(payload)));
    },
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(fn);
      return ipcRenderer;
    },
    removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      listeners.get(channel)?.delete(fn);
      return ipcRenderer;
    },
  };
  const send = (channel: string, payload: unknown) => {
    for (const fn of listeners.get(channel) ?? []) fn({}, structuredClone(payload));
  };
  return { ipcMain, ipcRenderer, send };
}

function connectOverIpc(core: AppCore, frame?: Frame) {
  const pair = fakeIpcPair(frame);
  const log = createLogger({ name: 'test', sink: () => undefined });
  registerIpc(pair.ipcMain as never, core.dispatcher, isTrustedSender as never, log);
  const unsubscribe = core.subscribe((envelope) => pair.send(ipcChannels.event, envelope));
  const bridge = createPreloadBridge(pair.ipcRenderer as never);
  return {
    api: createApiClient(bridge),
    rawCall: (method: unknown, params: unknown) => pair.ipcRenderer.invoke(ipcChannels.call, { method, params }),
    rawInvoke: (payload: unknown) => pair.ipcRenderer.invoke(ipcChannels.call, payload),
    close: async () => {
      unsubscribe();
    },
  };
}

runContractSuite('Electron IPC (fake ipc pair)', async (core) => connectOverIpc(core));

describe('IPC sender check', () => {
  // Only app.getInfo is called here; the sender check runs before any handler.
  const handlers = {
    app: {
      getInfo: () => ({
        name: 'OpenPSM',
        version: '0',
        shell: 'desktop',
        backend: { mode: 'direct', status: 'ready', detail: '', serverUrl: null },
        secretStore: 'memory',
      }),
    },
  };
  const dispatcher = createDispatcher(
    handlers as unknown as Handlers,
    createLogger({ name: 'test', sink: () => undefined }),
  );
  const core = { dispatcher, subscribe: () => () => undefined } as unknown as AppCore;

  it.each([
    ['a page from another origin', { url: 'https://evil.example/', parent: null }],
    ['a subframe of the app', { url: 'app://openpsm/index.html', parent: {} }],
    ['a file:// page', { url: 'file:///etc/passwd', parent: null }],
  ])('refuses %s with FORBIDDEN_SENDER', async (_name, frame) => {
    const { rawCall } = connectOverIpc(core, frame);
    expect(await rawCall('app.getInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('answers the app’s own main frame', async () => {
    const { rawCall } = connectOverIpc(core);
    expect(await rawCall('app.getInfo', {})).toMatchObject({ ok: true, result: { name: 'OpenPSM' } });
  });

  it.each([[null], ['app.getInfo'], [{ params: {} }], [{ method: 7 }]])(
    'answers a malformed IPC payload %j with BAD_MESSAGE',
    async (payload) => {
      const { rawInvoke } = connectOverIpc(core);
      expect(await rawInvoke(payload)).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    },
  );
});
