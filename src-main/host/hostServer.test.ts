import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiClient } from '@shared/common/api/bridge';
import { apiSocketProtocol, secretProtocolPrefix } from '@shared/common/api/rpc';
import { connectSocketBridge, type SocketLike } from '@shared/common/api/socketBridge';
import { createLogger } from '@shared/node/logger';
import type { AppCore } from '../appCore';
import { makeTestCore, runContractSuite, type CoreUnderTest } from '../rpc/contractSuite.testkit';
import { startHostServer, type RunningHost } from './hostServer';

const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-renderer-'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>OpenPSM</title>');

const openWs = (url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as SocketLike;

/** Opens a raw socket with the given protocols and headers; resolves with it open, or with the HTTP status that refused it. */
function rawSocket(
  port: number,
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, protocols, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => undefined);
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

/** The reply to call `id`, skipping the events pushed meanwhile. */
function replyTo(ws: WebSocket, id: number): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number };
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

async function connectOverHost(core: AppCore) {
  const log = createLogger({ name: 'test', sink: () => undefined });
  const host = await startHostServer({ rendererDir, core, log });
  const socket = await connectSocketBridge(`ws://127.0.0.1:${host.port}/api`, host.secret, openWs);
  const raw = await rawSocket(host.port, [apiSocketProtocol, secretProtocolPrefix + host.secret]);
  let id = 1000;
  return {
    api: createApiClient(socket.bridge),
    rawCall: async (method: unknown, params: unknown) => {
      const callId = ++id;
      const reply = replyTo(raw.ws as WebSocket, callId);
      raw.ws?.send(JSON.stringify({ id: callId, method, params }));
      return ((await reply) as { reply: unknown }).reply;
    },
    close: async () => {
      socket.close();
      raw.ws?.close();
      await host.close();
    },
  };
}

runContractSuite('the browser host socket', connectOverHost);

describe('browser host guards', () => {
  let env: CoreUnderTest;
  let host: RunningHost;
  const logLines: string[] = [];
  const goodProtocols = () => [apiSocketProtocol, secretProtocolPrefix + host.secret];

  beforeAll(async () => {
    env = makeTestCore();
    await env.core.ready;
    const log = createLogger({ name: 'test', sink: (line) => logLines.push(line) });
    host = await startHostServer({ rendererDir, core: env.core, log });
  });
  afterAll(async () => {
    await host.close();
    await env.core.close();
  });

  it('prints a launch URL on 127.0.0.1 with the secret in the fragment', () => {
    expect(host.launchUrl).toBe(`http://127.0.0.1:${host.port}/#token=${host.secret}`);
    expect(host.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['no secret', () => [apiSocketProtocol], {}, 401],
    ['a wrong secret', () => [apiSocketProtocol, `${secretProtocolPrefix}not-the-secret`], {}, 401],
    ['the secret without the API protocol', () => [secretProtocolPrefix + host.secret], {}, 401],
    ['a foreign Host', goodProtocols, { Host: `evil.example:${0}` }, 421],
    ['a rebinding Host with our port', () => goodProtocols(), { Host: 'rebind.example' }, 421],
    ['a foreign Origin', goodProtocols, { Origin: 'http://evil.example' }, 403],
    ['an https Origin on our port', goodProtocols, { Origin: 'https://127.0.0.1' }, 403],
  ])('refuses a socket with %s', async (_name, protocols, headers, status) => {
    const result = await rawSocket(host.port, protocols(), headers as Record<string, string>);
    expect(result.status).toBe(status);
    expect(result.ws).toBeUndefined();
  });

  it('accepts the right secret from our own origin', async () => {
    const { ws } = await rawSocket(host.port, goodProtocols(), { Origin: `http://localhost:${host.port}` });
    expect(ws?.protocol).toBe(apiSocketProtocol);
    ws?.close();
  });

  it('answers bad input with coded errors and keeps the socket up', async () => {
    const { ws } = await rawSocket(host.port, goodProtocols());
    if (!ws) throw new Error('socket refused');
    const cases: [string | Buffer, string][] = [
      ['this is not json {', 'BAD_MESSAGE'],
      [JSON.stringify({ method: 'app.getInfo' }), 'BAD_MESSAGE'],
      [JSON.stringify({ id: 1, method: 'nope.nothing' }), 'UNKNOWN_METHOD'],
      [JSON.stringify({ id: 2, method: 'settings.update', params: { backend: { mode: 'x' } } }), 'INVALID_PARAMS'],
      [Buffer.from([1, 2, 3]), 'BAD_MESSAGE'],
    ];
    for (const [message, code] of cases) {
      const reply = nextMessage(ws);
      ws.send(message);
      expect(await reply).toMatchObject({ reply: { ok: false, error: { code } } });
    }
    const ok = nextMessage(ws);
    ws.send(JSON.stringify({ id: 3, method: 'app.getInfo', params: {} }));
    expect(await ok).toMatchObject({ id: 3, reply: { ok: true } });
    ws.close();
    expect(logLines.join('\n')).not.toContain('this is not json');
    expect(logLines.join('\n')).not.toContain(host.secret);
  });

  function httpGet(
    urlPath: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: urlPath, headers }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
    });
  }

  it('serves the renderer with the CSP, and 421 to a foreign Host', async () => {
    const page = await httpGet('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await httpGet('/', { Host: 'evil.example' })).status).toBe(421);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%00']) {
      const res = await httpGet(p);
      expect(res.body).not.toContain('root:');
      expect([200, 400, 404]).toContain(res.status);
    }
  });
});
