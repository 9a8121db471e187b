import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberedPort, startOnRememberedPort } from './embeddedPort';

const servers: http.Server[] = [];
const closeAll = () => Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
afterEach(closeAll);

/** What startServer does with a port: listens on it (0 = a free one) or throws EADDRINUSE. */
async function listenOn(port: number): Promise<{ url: string }> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-port-'));

describe('the embedded control plane keeps its port', () => {
  it('listens again on the port of its first launch, so a saved call still reaches it', async () => {
    const dir = tempDir();
    const log = { warn: vi.fn() };
    const first = await startOnRememberedPort(dir, listenOn, log);
    await closeAll();
    const second = await startOnRememberedPort(dir, listenOn, log);
    expect(second.url).toBe(first.url);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('moves to a free port when another program took it, says so, and keeps the new one', async () => {
    const dir = tempDir();
    const log = { warn: vi.fn() };
    const first = await startOnRememberedPort(dir, listenOn, log);
    const taken = Number(new URL(first.url).port);
    const moved = await startOnRememberedPort(dir, listenOn, log);
    expect(Number(new URL(moved.url).port)).not.toBe(taken);
    expect(log.warn).toHaveBeenCalledWith('embedded.port_taken', { port: taken });
    expect(rememberedPort(dir)).toBe(Number(new URL(moved.url).port));
  });

  it("keeps the browser host's port apart from the control plane's, in the same folder", async () => {
    const dir = tempDir();
    const log = { warn: vi.fn() };
    const server = await startOnRememberedPort(dir, listenOn, log);
    const host = await startOnRememberedPort(dir, listenOn, log, 'host');
    await closeAll();
    expect((await startOnRememberedPort(dir, listenOn, log, 'host')).url).toBe(host.url);
    expect(rememberedPort(dir)).toBe(Number(new URL(server.url).port));
  });

  it('starts on a free port when the remembered one is unreadable, and other failures stop start-up', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'embedded-port.json'), '{"port":"x"}');
    expect(rememberedPort(dir)).toBe(0);
    const boom = Object.assign(new Error('no key'), { code: 'EKEY' });
    await expect(startOnRememberedPort(dir, () => Promise.reject(boom), { warn: vi.fn() })).rejects.toBe(boom);
  });
});
