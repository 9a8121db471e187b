import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTargets } from '../../e2e/fixtures/guacd-double/config';
import { startDouble, type RunningDouble } from '../../e2e/fixtures/guacd-double/server';
import { ipcChannels } from '@shared/common/api/rpc';
import { decodeInstructions } from '@shared/common/guac';
import { GuacdConnection } from '@shared/node/guacd/guacdConnection';
import { createLogger } from '@shared/node/logger';
import type { ManagedSession } from '../sessions/sessionManager';
import { registerSessionPorts, type PortLike } from './sessionPorts';
import { isTrustedSender } from './security';

let double: RunningDouble;
beforeAll(async () => {
  double = await startDouble({ port: 0, targets: labTargets });
});
afterAll(() => double.close());

/** Node's MessagePort dressed as Electron's MessagePortMain (whose 'message' events carry `{data}`). */
function asMain(port: MessagePort): PortLike {
  const wrapped = {
    postMessage: (value: unknown) => port.postMessage(value),
    start: () => port.start(),
    close: () => port.close(),
    on: (event: string, listener: (arg: never) => void) => {
      if (event === 'message') port.on('message', (data) => (listener as (e: { data: unknown }) => void)({ data }));
      else port.on(event, listener as () => void);
      return wrapped;
    },
  };
  return wrapped as unknown as PortLike;
}

async function liveSession(token: string): Promise<ManagedSession> {
  const connection = await GuacdConnection.open(
    { host: '127.0.0.1', port: double.port },
    {
      select: 'ssh',
      values: { hostname: '127.0.0.1', port: '2222', username: 'psmtest', password: 'psmtest-Pass1' },
      width: 800,
      height: 600,
      dpi: 96,
      timezone: 'UTC',
      name: 't',
    },
  );
  return {
    id: '00000000-0000-4000-8000-000000000000',
    computer: {
      id: 'x',
      name: 'lab',
      protocol: 'ssh',
      host: '127.0.0.1',
      port: 2222,
      username: 'psmtest',
      hasPassword: true,
      disableCopy: false,
      disablePaste: false,
    },
    connection,
    readOnly: false,
    watching: null,
    token,
    attached: false,
  };
}

function harness(session: ManagedSession | null, frame = { url: 'app://openpsm/index.html', parent: null }) {
  let handler: ((event: unknown, payload: unknown) => unknown) | null = null;
  const posted: { channel: string; message: unknown; ports: MessagePort[] }[] = [];
  registerSessionPorts(
    { handle: (_channel: string, fn: (event: unknown, payload: unknown) => unknown) => void (handler = fn) } as never,
    { redeem: (token: string) => (session && token === session.token ? session : null) },
    isTrustedSender as never,
    () => {
      const channel = new MessageChannel();
      return { port1: asMain(channel.port1), port2: channel.port2 };
    },
    createLogger({ name: 't', sink: () => undefined }),
  );
  const event = {
    senderFrame: frame,
    sender: {
      postMessage: (channel: string, message: unknown, ports: MessagePort[]) =>
        posted.push({ channel, message, ports }),
    },
  };
  return { attach: (payload: unknown) => handler?.(event, payload), posted };
}

const token = 'a-one-time-token-0123456789';

describe('desktop session ports', () => {
  it('attaches a redeemed session to a port and relays guacd over it', async () => {
    const session = await liveSession(token);
    const h = harness(session);
    expect(h.attach({ token })).toEqual({ ok: true, result: { attached: true } });
    expect(h.posted[0]?.channel).toBe(ipcChannels.sessionPort);
    expect(h.posted[0]?.message).toEqual({ token });
    const port = h.posted[0]?.ports[0] as MessagePort;
    const received: string[][] = [];
    port.on('message', (text: string) => received.push(...decodeInstructions(text)));
    await expect.poll(() => received.some((i) => i[0] === 'sync'), { timeout: 3000 }).toBe(true);
    // A forbidden opcode ends it: the error, then the port's closing message.
    port.postMessage(JSON.stringify([['put', '1', '2', 'text/plain', 'x']]));
    await expect
      .poll(() => received.at(-1), { timeout: 3000 })
      .toEqual(['', 'openpsm.closed', '1000', 'PROTOCOL_VIOLATION']);
    expect(received.at(-2)?.slice(0, 3)).toEqual(['', 'openpsm.error', 'PROTOCOL_VIOLATION']);
    port.close();
  });

  it('refuses an unknown token, a malformed request and a foreign sender', async () => {
    const session = await liveSession(token);
    expect(harness(session).attach({ token: 'x'.repeat(30) })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_TOKEN_INVALID' },
    });
    expect(harness(session).attach('nope')).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    expect(harness(session, { url: 'https://evil.example/', parent: null }).attach({ token })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    session.connection.disconnect();
  });
});
