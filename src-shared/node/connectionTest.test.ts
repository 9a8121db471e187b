import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../../e2e/support/sshd';
import { writeSelfSigned } from '../../e2e/support/selfSigned';
import { freePort } from '../../e2e/support/ports';
import { testConnection } from './connectionTest';

/** A TCP server on 127.0.0.1 that does `onSocket` with each connection; resolves with its port. */
async function serve(onSocket: (socket: net.Socket) => void): Promise<{ port: number; close(): void }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

const at = (protocol: 'ssh' | 'rdp' | 'vnc' | 'telnet', port: number) => ({ protocol, host: '127.0.0.1', port });

describe('Test connection against real servers', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  }, 30_000);
  afterAll(() => sshd?.stop());

  it("reads a real sshd's host key as known_hosts and ssh-keygen -lf show it, and tries no login", async () => {
    const result = await testConnection(at('ssh', sshd.port), 5000);
    expect(result.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.ssh).toMatchObject({
      algorithm: 'ssh-ed25519',
      key: sshd.hostPublicKey.split(' ')[1],
      knownHostsKey: sshd.hostPublicKey,
      fingerprint: sshd.hostKeySha256,
      banner: expect.stringMatching(/^SSH-2\.0-OpenSSH/),
    });
    expect(result.summary).toContain(sshd.hostKeySha256);
    expect(sshd.log.join('')).not.toMatch(/Accepted|Failed password|Invalid user/);
  });

  it('says what answers when the protocol is wrong: sshd is not VNC nor RDP', async () => {
    await expect(testConnection(at('vnc', sshd.port), 5000)).rejects.toMatchObject({
      code: 'NOT_VNC',
      message: expect.stringContaining('"SSH-2.0-'),
    });
    await expect(testConnection(at('rdp', sshd.port), 5000)).rejects.toMatchObject({
      code: 'RDP_CERTIFICATE_UNREADABLE',
    });
  });
});

describe('Test connection failures and other protocols', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-connection-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refused: nothing listens on the port', async () => {
    await expect(testConnection(at('ssh', await freePort()), 5000)).rejects.toMatchObject({
      code: 'TARGET_REFUSED',
      message: expect.stringContaining('refused the connection'),
    });
  });

  it('not SSH: a web server answers', async () => {
    const web = await serve((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await expect(testConnection(at('ssh', web.port), 5000)).rejects.toMatchObject({
      code: 'NOT_SSH',
      message: expect.stringContaining('"HTTP/1.1 400 Bad Request"'),
    });
    web.close();
  });

  it('not SSH: a silent server, given up within the configured time', async () => {
    const silent = await serve(() => undefined);
    const started = Date.now();
    await expect(testConnection(at('ssh', silent.port), 400)).rejects.toMatchObject({ code: 'NOT_SSH' });
    expect(Date.now() - started).toBeLessThan(2000);
    silent.close();
  });

  it('an unknown host name is named as such', async () => {
    const failure = await testConnection({ protocol: 'ssh', host: 'no-such-host.invalid', port: 22 }, 3000).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: expect.stringMatching(/^TARGET_(HOST_UNKNOWN|TIMEOUT)$/) });
  });

  it("reads an RDP computer's certificate after the X.224 negotiation, and none in RDP security", async () => {
    const { cert, key } = writeSelfSigned(dir);
    const rdp = await serve((socket) => {
      socket.once('data', () => {
        socket.write(Buffer.from([0x03, 0, 0, 0x13, 0x0e, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 0x08, 0, 1, 0, 0, 0]));
        const secure = new tls.TLSSocket(socket, {
          isServer: true,
          cert: fs.readFileSync(cert),
          key: fs.readFileSync(key),
        });
        secure.on('error', () => undefined);
      });
    });
    const result = await testConnection(at('rdp', rdp.port), 5000);
    expect(result.rdp?.fingerprint).toBe(new crypto.X509Certificate(fs.readFileSync(cert)).fingerprint256);
    expect(result.rdp?.subject).toContain('CN=127.0.0.1');
    const rdpSecurity = await testConnection({ ...at('rdp', rdp.port), rdpSecurity: 'rdp' }, 5000);
    expect(rdpSecurity.rdp).toBeUndefined();
    expect(rdpSecurity.summary).toContain('no certificate to pin');
    rdp.close();
  });

  it("reads a VNC server's RFB version; a Telnet port only answers", async () => {
    const vnc = await serve((s) => s.write('RFB 003.008\n'));
    expect((await testConnection(at('vnc', vnc.port), 5000)).vnc).toEqual({ version: 'RFB 003.008' });
    const telnet = await testConnection(at('telnet', vnc.port), 5000);
    expect(telnet.summary).toMatch(/answered in [\d.]+ ms/);
    vnc.close();
  });
});
