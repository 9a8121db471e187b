import { readFileSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { methodNames } from '@shared/common/api/contract';
import * as rpc from '@shared/common/api/rpc';
import { GuacDecoder } from '@shared/common/guac';
import { desktopShellScript, shellArgs, shellWireNames } from './desktopShell';

/** A WebSocket double that records what the script opens and sends. */
class FakeSocket {
  static opened: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedWith: [number?, string?] | null = null;
  private listeners = new Map<string, ((event: unknown) => void)[]>();
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.opened.push(this);
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: unknown = {}) {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
  }
}

/** Runs the init script in a page-like context opened at `hash`; returns the context and what it posted. */
function runShell(hash: string) {
  const storage = new Map<string, string>();
  const posted: { message: unknown; transfer: unknown[] }[] = [];
  const page = {
    location: {
      hash,
      pathname: '/',
      search: '',
      protocol: 'http:',
      host: '127.0.0.1:4100',
      origin: 'http://127.0.0.1:4100',
    },
    history: {
      replaceState: (_d: null, _u: string, url: string) => (page.location.hash = url.includes('#') ? hash : ''),
    },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
    WebSocket: FakeSocket,
    MessageChannel,
    postMessage: (message: unknown, _origin: string, transfer: unknown[]) => posted.push({ message, transfer }),
    openpsm: undefined as unknown,
  };
  runInNewContext(desktopShellScript(), page);
  return {
    page,
    storage,
    posted,
    shell: page.openpsm as Record<string, Record<string, (p?: unknown) => Promise<unknown>>>,
  };
}

const secret = 'e2e-launch-secret-0123456789';
afterEach(() => {
  FakeSocket.opened = [];
});

describe('desktop shell double', () => {
  it('copies the wire names of rpc.ts and launch.ts exactly', () => {
    const { secretKey, ...fromRpc } = shellWireNames;
    expect(fromRpc).toEqual({
      apiSocketProtocol: rpc.apiSocketProtocol,
      secretProtocolPrefix: rpc.secretProtocolPrefix,
      sessionSocketProtocol: rpc.sessionSocketProtocol,
      tokenProtocolPrefix: rpc.tokenProtocolPrefix,
      sessionPortMessageKey: rpc.sessionPortMessageKey,
      portClosedTag: rpc.portClosedTag,
    });
    // launch.ts keeps its sessionStorage key private (and the e2e code has no DOM to import it): read its source.
    const launch = readFileSync(new URL('../../src-renderer/bridge/launch.ts', import.meta.url), 'utf8');
    expect(/const secretKey = '([^']+)';/.exec(launch)?.[1]).toBe(secretKey);
  });

  it('offers every contract method, and calls made before the API socket opens wait for it', async () => {
    expect(Object.entries(shellArgs().services).flatMap(([s, ms]) => ms.map((m) => `${s}.${m}`))).toEqual(
      methodNames(),
    );
    const { page, storage, shell } = runShell(`#token=${secret}`);
    expect(storage.get(shellWireNames.secretKey)).toBe(secret);
    expect(page.location.hash).toBe('');
    const [api] = FakeSocket.opened;
    expect(api?.url).toBe('ws://127.0.0.1:4100/api');
    expect(api?.protocols).toEqual([rpc.apiSocketProtocol, `${rpc.secretProtocolPrefix}${secret}`]);
    const reply = shell['app']?.['getInfo']?.();
    await Promise.resolve();
    expect(api?.sent).toEqual([]);
    api?.emit('open');
    await vi.waitFor(() => expect(api?.sent).toEqual([JSON.stringify({ id: 1, method: 'app.getInfo', params: {} })]));
    api?.emit('message', { data: JSON.stringify({ id: 1, reply: { ok: true, result: 'info' } }) });
    await expect(reply).resolves.toEqual({ ok: true, result: 'info' });
    api?.emit('close', { code: 1006, reason: '' });
    await expect(shell['app']?.['getInfo']?.()).resolves.toMatchObject({
      ok: false,
      error: { code: 'TRANSPORT_CLOSED' },
    });
  });

  it('attachSession bridges the session socket to a port posted with its token, and says when the socket closed', async () => {
    const { shell, posted } = runShell(`#token=${secret}`);
    const attach = shell['attachSession'] as unknown as (token: string) => Promise<unknown>;
    const token = 'e2e-session-token-0123456789';
    const attached = attach(token);
    const session = FakeSocket.opened[1];
    expect(session?.url).toBe('ws://127.0.0.1:4100/session');
    expect(session?.protocols).toEqual([
      rpc.sessionSocketProtocol,
      `${rpc.secretProtocolPrefix}${secret}`,
      `${rpc.tokenProtocolPrefix}${token}`,
    ]);
    session?.emit('open');
    await expect(attached).resolves.toMatchObject({ ok: true });
    expect(posted[0]?.message).toEqual({ [rpc.sessionPortMessageKey]: token });
    const port = posted[0]?.transfer[0] as MessagePort;
    const received: string[] = [];
    port.on('message', (data: string) => received.push(data));
    port.postMessage('["key","119","1"]');
    await vi.waitFor(() => expect(session?.sent).toEqual(['["key","119","1"]']));
    session?.emit('message', { data: '4.sync,1.5;' });
    session?.emit('close', { code: 1000, reason: 'bye' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[0]).toBe('4.sync,1.5;');
    expect(new GuacDecoder().decode(received[1] ?? '')).toEqual([['', rpc.portClosedTag, '1000', 'bye']]);
    port.close();

    const refused = attach(token);
    FakeSocket.opened[2]?.emit('close', { code: 1006, reason: '' });
    await expect(refused).resolves.toMatchObject({ ok: false, error: { code: 'SESSION_TOKEN_INVALID' } });
  });
});
