import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSocketProtocol,
  secretProtocolPrefix,
  sessionSocketProtocol,
  tokenProtocolPrefix,
} from '@shared/common/api/rpc';
import { malformedFrames } from '../support/frameCases';
import { startGatewayFrameLab, startHostFrameLab } from '../support/frameLabs';
import { rawUpgrade, text, textMessages, waitFor, type RawSocket, type Upgrade } from '../support/rawFrames';

// Issue 19, item 1: no malformed frame ends a process. Each server runs as its own built process,
// so a frame that used to end it shows as a process that exited and a /health that does not answer.

const allowedOrigin = 'https://psm.allowed.test';

/** Opens a socket by hand, brings it to the state under test, writes the malformed bytes; then the server must close it, stay up, and the running session must flow. */
async function sendAndCheck(
  upgrade: Upgrade,
  prepare: (raw: RawSocket) => Promise<void>,
  bytes: Buffer,
  closedBy: 'server' | 'client',
  lab: { healthy(): Promise<void>; flows(): Promise<void> },
) {
  const raw = await rawUpgrade(upgrade);
  expect(raw.status).toBe(101);
  await prepare(raw);
  raw.socket.write(bytes);
  if (closedBy === 'client') raw.socket.end();
  const closed = await Promise.race([
    raw.closed.then(() => true),
    new Promise((r) => setTimeout(() => r(false), 5000)),
  ]);
  raw.socket.destroy();
  expect(closed, 'the server closed that socket').toBe(true);
  await lab.healthy();
  await lab.flows();
}

/** Sends the first message as a proper frame and waits for the gateway's ready note. */
const started = (hello: () => Promise<string>) => async (raw: RawSocket) => {
  raw.socket.write(text(await hello()));
  await waitFor(
    () => textMessages(raw.received()).some((m) => m.includes('openpsm.ready')),
    'the gateway to start the session',
  );
};
const nothing = async () => undefined;

function status(port: number, host: string | null, path = '/health'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = host === null ? {} : { Host: host };
    const req = http.get({ host: '127.0.0.1', port, path, headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('the control plane and its gateway socket', () => {
  let lab: Awaited<ReturnType<typeof startGatewayFrameLab>>;
  beforeAll(async () => {
    lab = await startGatewayFrameLab({ OPENPSM_GATEWAY_ALLOWED_ORIGINS: allowedOrigin });
  }, 60_000);
  afterAll(() => lab?.stop());

  const states: Array<[string, Record<string, string>, () => (raw: RawSocket) => Promise<void>]> = [
    ['before the ticket, without an Origin (as the desktop sends)', {}, () => nothing],
    ['before the ticket, from an allowed Origin', { Origin: allowedOrigin }, () => nothing],
    ["in an owner's running session", {}, () => started(lab.ownerHello)],
    [
      "in a watcher's view of the running session",
      {},
      () => started(() => lab.watcherHello(lab.keeper.sessionId() ?? '')),
    ],
  ];
  it.each(states)(
    'survives every malformed frame %s',
    async (_state, headers, prepare) => {
      for (const c of malformedFrames) {
        await expect(
          sendAndCheck({ port: lab.port, path: '/gateway', headers }, prepare(), c.bytes(), c.closedBy, lab),
          c.name,
        ).resolves.toBeUndefined();
      }
    },
    90_000,
  );

  it('logs one line per socket error (without the frame) and audits an ended session as SOCKET_ERROR', async () => {
    await sendAndCheck(
      { port: lab.port, path: '/gateway' },
      started(lab.ownerHello),
      text('secret-looking-frame', { masked: false }),
      'server',
      lab,
    );
    await waitFor(
      () => lab.server.stderr.some((l) => l.includes('"event":"gateway.socket_error"')),
      'the socket error line',
    );
    expect(lab.server.stderr.join('\n')).not.toContain('secret-looking-frame');
    const audit = (await lab.api('GET', '/api/audit', 'carol')) as {
      entries: Array<{ action: string; target: string }>;
    };
    expect(audit.entries.some((e) => e.action === 'session.end' && e.target.endsWith('SOCKET_ERROR'))).toBe(true);
    expect(audit.entries.some((e) => e.action === 'watch.end' && e.target.endsWith('SOCKET_ERROR'))).toBe(true);
  });

  it('refuses a browser Origin on the gateway (403) unless allowed, and any Host not its own (421), requests and upgrades alike; a malformed request gets 400', async () => {
    const upgrade = async (headers: Record<string, string>, host?: string) => {
      const raw = await rawUpgrade({ port: lab.port, path: '/gateway', headers, ...(host ? { host } : {}) });
      raw.socket.destroy();
      return raw.status;
    };
    expect(await upgrade({ Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade({ Origin: 'null' })).toBe(403);
    expect(await upgrade({ Origin: `http://127.0.0.1:${lab.port}` })).toBe(403);
    expect(await upgrade({ Origin: allowedOrigin })).toBe(101);
    expect(await upgrade({})).toBe(101);
    expect(await upgrade({}, `rebind.example:${lab.port}`)).toBe(421);
    expect(await upgrade({}, `localhost:${lab.port}`)).toBe(101);

    expect((await status(lab.port, `127.0.0.1:${lab.port}`)).status).toBe(200);
    expect((await status(lab.port, `localhost:${lab.port}`)).status).toBe(200);
    for (const host of [`rebind.example:${lab.port}`, 'rebind.example', `127.0.0.1:${lab.port + 1}`, '']) {
      const refused = await status(lab.port, host, '/.well-known/openid-configuration');
      expect(refused.status, host).toBe(421);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'MISDIRECTED_REQUEST' });
    }
    // Node itself answers 400 to an HTTP/1.1 request with no Host at all.
    expect([400, 421]).toContain((await status(lab.port, null)).status);
    // A request Node cannot parse gets its 400 (the clientError path), and the server stays up.
    for (const junk of [
      'GARBAGE\r\n\r\n',
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${lab.port}\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`,
      `GET /gateway HTTP/1.1\r\nHost: 127.0.0.1:${lab.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    ]) {
      const reply = await new Promise<string>((resolve) => {
        const socket = net.connect(lab.port, '127.0.0.1', () => socket.write(junk));
        let got = '';
        socket.on('data', (chunk) => (got += chunk.toString()));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(got));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/);
      await lab.healthy();
    }
    await lab.flows();
  });
});

describe('the browser host sockets', () => {
  let lab: Awaited<ReturnType<typeof startHostFrameLab>>;
  beforeAll(async () => {
    lab = await startHostFrameLab();
  }, 60_000);
  afterAll(() => lab?.stop());

  const ownOrigin = () => ({ Origin: `http://127.0.0.1:${lab.host.port}` });
  const apiProtocols = () => ({
    'Sec-WebSocket-Protocol': `${apiSocketProtocol}, ${secretProtocolPrefix}${lab.host.secret}`,
  });
  const sessionProtocols = async () => ({
    'Sec-WebSocket-Protocol': `${sessionSocketProtocol}, ${secretProtocolPrefix}${lab.host.secret}, ${tokenProtocolPrefix}${await lab.sessionToken()}`,
  });
  const sockets: Array<[string, string, () => Promise<Record<string, string>>]> = [
    ['/api without an Origin', '/api', async () => apiProtocols()],
    ['/api from its own Origin', '/api', async () => ({ ...apiProtocols(), ...ownOrigin() })],
    ['/session without an Origin', '/session', sessionProtocols],
    ['/session from its own Origin', '/session', async () => ({ ...(await sessionProtocols()), ...ownOrigin() })],
  ];
  it.each(sockets)(
    '%s survives every malformed frame',
    async (_name, path, headers) => {
      for (const c of malformedFrames) {
        await expect(
          sendAndCheck({ port: lab.host.port, path, headers: await headers() }, nothing, c.bytes(), c.closedBy, lab),
          c.name,
        ).resolves.toBeUndefined();
      }
    },
    90_000,
  );

  it('logs one line per socket error, naming the socket and never the frame', async () => {
    await sendAndCheck(
      { port: lab.host.port, path: '/api', headers: apiProtocols() },
      nothing,
      text('secret-looking-frame', { masked: false }),
      'server',
      lab,
    );
    const log = () => fs.readFileSync(path.join(lab.host.dataDir, 'logs/openpsm.log'), 'utf8');
    await waitFor(() => log().includes('"event":"host.socket_error","socket":"api"'), 'the socket error line');
    expect(log()).toContain('"event":"host.socket_error","socket":"session"');
    expect(log()).not.toContain('secret-looking-frame');
  });
});
