import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CachedGuacdProbe, probeGuacd } from './guacdProbe';

const servers: net.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

/** A listener that answers `select` the way `reply` says (a guacd's args, or anything else). */
async function listener(reply: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => socket.once('data', () => reply(socket)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const args = '4.args,13.VERSION_1_5_0,8.hostname,4.port;';

describe('probeGuacd', () => {
  it('reports a guacd that answers, with the protocol version it offers', async () => {
    const port = await listener((s) => s.write(args));
    const health = await probeGuacd({ host: '127.0.0.1', port }, 1000);
    expect(health).toMatchObject({ status: 'reachable', protocolVersion: 'VERSION_1_5_0' });
    expect(health.detail).toContain(`127.0.0.1:${port}`);
  });

  it('reports nothing listening as unreachable, naming the address', async () => {
    const port = await listener(() => undefined);
    await new Promise((r) => servers.pop()?.close(r));
    const health = await probeGuacd({ host: '127.0.0.1', port }, 1000);
    expect(health).toMatchObject({ status: 'unreachable', protocolVersion: null });
    expect(health.detail).toContain('ECONNREFUSED');
  });

  it('reports a silent listener and a non-guacd as unreachable', async () => {
    const silent = await listener(() => undefined);
    expect((await probeGuacd({ host: '127.0.0.1', port: silent }, 200)).detail).toContain('no answer within 0.2 s');
    const http = await listener((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    expect((await probeGuacd({ host: '127.0.0.1', port: http }, 1000)).status).toBe('unreachable');
  });

  it('asks guacd once per cache period', async () => {
    let asked = 0;
    const port = await listener((s) => {
      asked += 1;
      s.write(args);
    });
    let now = 0;
    const probe = new CachedGuacdProbe(
      () => ({ host: '127.0.0.1', port }),
      1000,
      5000,
      () => now,
    );
    await probe.check();
    now = 4000;
    await probe.check();
    expect(asked).toBe(1);
    now = 5000;
    await probe.check();
    expect(asked).toBe(2);
  });
});
