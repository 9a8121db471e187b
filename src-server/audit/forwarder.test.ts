import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { writeSelfSigned } from '../../e2e/support/selfSigned';
import { openStore, resolveServerKey } from '../index';
import { AuditForwarder } from './forwarder';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-forward-'));
const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-forward-tls-'));
let store: Awaited<ReturnType<typeof openStore>>;
const log = createLogger({ name: 'test', sink: () => undefined });

/** Octet-counted frames (RFC 6587) out of what a receiver got. */
function framesOf(text: string): string[] {
  const frames: string[] = [];
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const length = Number(rest.subarray(0, space).toString());
    frames.push(rest.subarray(space + 1, space + 1 + length).toString());
    rest = rest.subarray(space + 1 + length);
  }
  return frames;
}

/** A syslog receiver keeping what each connection sent. */
async function receiver(options?: tls.TlsOptions) {
  const got: string[] = [];
  const onSocket = (socket: net.Socket) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('end', () => got.push(...framesOf(text)));
    socket.on('error', () => undefined);
  };
  const server = options ? tls.createServer(options, onSocket) : net.createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { got, port, close: () => new Promise((r) => server.close(r)) };
}

const forwarderFor = () => new AuditForwarder({ state: store.state, log, intervalSeconds: 1, batch: 3 });
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => setTimeout(r, 20));
};

beforeAll(async () => {
  store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  await store.state.audit('alice', 'before.forwarding', 'not sent');
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(certDir, { recursive: true, force: true });
});

describe('forwarding the audit log to syslog', () => {
  it('sends what came after it was switched on, keeps it while the receiver is down, and sends it once back', async () => {
    const syslog = await receiver();
    const forwarder = forwarderFor();
    await forwarder.configure({ enabled: true, host: '127.0.0.1', port: syslog.port, tls: false, caPem: '' });
    for (let i = 0; i < 5; i += 1) await store.state.audit('alice', 'person.update', `p-${i}`);
    await forwarder.flush();
    await waitFor(() => syslog.got.length >= 5);
    expect(syslog.got).toHaveLength(5);
    expect(syslog.got[0]).toMatch(/^<85>1 \S+ \S+ openpsm - person\.update \[openpsm@32473 id="\d+" actor="alice"/);
    expect(JSON.parse(syslog.got[4]?.split('] ')[1] ?? '')).toMatchObject({ target: 'p-4' });
    expect((await forwarder.status()).queued).toBe(0);

    await syslog.close();
    await store.state.audit('alice', 'person.update', 'while down');
    await forwarder.flush();
    const down = await forwarder.status();
    expect(down.queued).toBe(1);
    expect(down.lastError).toMatch(/ECONNREFUSED/);

    const back = await receiver();
    await forwarder.configure({ enabled: true, host: '127.0.0.1', port: back.port, tls: false, caPem: '' });
    await forwarder.flush();
    await waitFor(() => back.got.length >= 1);
    expect(back.got.map((m) => /target="([^"]*)"/.exec(m)?.[1])).toEqual(['while down']);
    expect(await forwarder.status()).toMatchObject({ queued: 0, lastError: null });
    await back.close();
  });

  it('over TLS trusts only the pinned CA', async () => {
    const { cert, key } = writeSelfSigned(certDir);
    const syslog = await receiver({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
    const forwarder = forwarderFor();
    const pinned = {
      enabled: true,
      host: '127.0.0.1',
      port: syslog.port,
      tls: true,
      caPem: fs.readFileSync(cert, 'utf8'),
    };
    await forwarder.configure({ ...pinned, caPem: '' });
    await store.state.audit('alice', 'person.update', 'over tls');
    await forwarder.flush();
    expect((await forwarder.status()).lastError).toMatch(/self-signed|certificate/);
    expect(syslog.got).toEqual([]);

    await forwarder.configure(pinned);
    await forwarder.flush();
    await waitFor(() => syslog.got.length >= 1);
    expect(syslog.got.map((m) => /target="([^"]*)"/.exec(m)?.[1])).toEqual(['over tls']);
    await syslog.close();
  });
});
