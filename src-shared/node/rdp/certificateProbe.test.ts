import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenPsmError } from '../../common/errors';
import { writeSelfSigned } from '../../../e2e/support/selfSigned';
import { negotiationRequest, parseNegotiationResponse, readRdpCertificate } from './certificateProbe';

/** An X.224 Connection Confirm carrying an RDP_NEG_RSP (type 2) or RDP_NEG_FAILURE (type 3). */
function confirm(type: number, value: number): Buffer {
  const reply = Buffer.from([0x03, 0, 0, 0x13, 0x0e, 0xd0, 0, 0, 0x12, 0x34, 0, type, 0, 0x08, 0, 0, 0, 0, 0]);
  reply.writeUInt32LE(value, 15);
  return reply;
}

describe('the RDP negotiation', () => {
  it('offers TLS and NLA in a 19-byte X.224 Connection Request', () => {
    const request = negotiationRequest();
    expect(request.length).toBe(19);
    expect(request.readUInt16BE(2)).toBe(19);
    expect(request[5]).toBe(0xe0);
    expect(request.readUInt32LE(15)).toBe(3);
  });

  it('reads what the computer chose, and refuses what has no certificate', () => {
    expect(parseNegotiationResponse(confirm(2, 1))).toBe('tls');
    expect(parseNegotiationResponse(confirm(2, 2))).toBe('nla');
    const refusals = [confirm(3, 2), confirm(2, 0), confirm(2, 1).subarray(0, 11), Buffer.from('SSH-2.0-OpenSSH\r\n')];
    for (const reply of refusals)
      expect(() => parseNegotiationResponse(reply)).toThrow(
        expect.objectContaining({ code: 'RDP_CERTIFICATE_UNREADABLE' }) as Error,
      );
  });
});

describe('reading a certificate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-rdp-probe-'));
  const { cert, key } = writeSelfSigned(dir);
  let server: net.Server;
  let port = 0;
  let logins = 0;

  beforeAll(async () => {
    // A computer that answers like xrdp: TLS chosen, then a TLS handshake on the same socket.
    server = net.createServer((socket) => {
      socket.once('data', () => {
        socket.write(confirm(2, 1));
        const secure = new tls.TLSSocket(socket, {
          isServer: true,
          cert: fs.readFileSync(cert),
          key: fs.readFileSync(key),
        });
        secure.on('data', () => (logins += 1));
        secure.on('error', () => undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows the certificate's SHA-256 fingerprint, subject and protocol, and tries no login", async () => {
    const seen = await readRdpCertificate('127.0.0.1', port, 5000);
    expect(seen.fingerprint).toBe(new crypto.X509Certificate(fs.readFileSync(cert)).fingerprint256);
    expect(seen.subject).toContain('CN=127.0.0.1');
    expect(seen.protocol).toBe('tls');
    expect(logins).toBe(0);
  });

  it('says a closed port cannot be reached', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(readRdpCertificate('127.0.0.1', closedPort, 5000)).rejects.toMatchObject({
      code: 'TARGET_UNREACHABLE',
    });
  });

  it('gives up on a computer that never answers, within the configured time', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const failure = await readRdpCertificate('127.0.0.1', (silent.address() as net.AddressInfo).port, 300).catch(
      (e: unknown) => e,
    );
    silent.close();
    expect(failure).toBeInstanceOf(OpenPsmError);
    expect((failure as OpenPsmError).code).toBe('RDP_CERTIFICATE_UNREADABLE');
    expect((failure as OpenPsmError).message).toContain('0.3 seconds');
  });
});
