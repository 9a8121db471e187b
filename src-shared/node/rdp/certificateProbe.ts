import net from 'node:net';
import tls from 'node:tls';
import type { RdpCertificateSeen } from '../../common/api/rdpSecurity';
import { errorMessage, OpenPsmError } from '../../common/errors';

/** TLS (PROTOCOL_SSL) and NLA (PROTOCOL_HYBRID), as RDP_NEG_REQ's requestedProtocols flags. */
const offeredProtocols = 0x1 | 0x2;

/**
 * The RDP negotiation request (MS-RDPBCGR 2.2.1.1): a TPKT header, an X.224 Connection Request
 * and an RDP_NEG_REQ that offers TLS and NLA, both of which start with a TLS handshake.
 */
export function negotiationRequest(): Buffer {
  const request = Buffer.from([0x03, 0x00, 0x00, 0x13, 0x0e, 0xe0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x08, 0x00, 0, 0, 0, 0]);
  request.writeUInt32LE(offeredProtocols, 15);
  return request;
}

/**
 * What the computer chose, from its X.224 Connection Confirm: TLS, NLA, or a refusal (old RDP
 * security only, a negotiation failure, or not RDP at all), as a coded error.
 */
export function parseNegotiationResponse(reply: Buffer): 'tls' | 'nla' {
  if (reply.length < 11 || reply[0] !== 0x03 || (reply[5]! & 0xf0) !== 0xd0)
    throw unreadable('it did not answer as an RDP server (no X.224 Connection Confirm)');
  if (reply.length < 19) throw unreadable('it offers only RDP security, which has no certificate to pin');
  const type = reply[11];
  const value = reply.readUInt32LE(15);
  if (type === 0x03) throw unreadable(`it refused TLS and NLA (RDP_NEG_FAILURE ${value})`);
  if (type !== 0x02) throw unreadable('its negotiation answer is not one OpenPSM knows');
  if (value === 0x1) return 'tls';
  if (value === 0x2 || value === 0x8) return 'nla';
  throw unreadable('it chose RDP security, which has no certificate to pin');
}

function unreadable(why: string): OpenPsmError {
  return new OpenPsmError('RDP_CERTIFICATE_UNREADABLE', {
    message: `OpenPSM could not read the computer's RDP certificate: ${why}.`,
  });
}

/** Reads until the TPKT header's length has arrived (a Connection Confirm is 11 to 19 bytes). */
function readConfirm(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      const length = got.length >= 4 ? got.readUInt16BE(2) : Infinity;
      if (got.length < length && got.length < 64) return;
      socket.off('data', onData);
      resolve(got);
    };
    socket.on('data', onData);
    socket.once('close', () => reject(unreadable('it closed the connection during the RDP negotiation')));
  });
}

function seenOf(certificate: tls.PeerCertificate, protocol: 'tls' | 'nla'): RdpCertificateSeen {
  const name = (fields: tls.Certificate | undefined) =>
    Object.entries(fields ?? {})
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(', ');
  return {
    fingerprint: certificate.fingerprint256,
    subject: name(certificate.subject).slice(0, 1024),
    issuer: name(certificate.issuer).slice(0, 1024),
    validTo: certificate.valid_to,
    protocol,
  };
}

/** The TLS handshake on the negotiated socket; the certificate is read, not trusted. */
function handshake(socket: net.Socket, protocol: 'tls' | 'nla'): Promise<RdpCertificateSeen> {
  return new Promise((resolve, reject) => {
    // Read-only: old Windows hosts speak only TLS 1.0, which FreeRDP still connects to.
    const secure = tls.connect({ socket, rejectUnauthorized: false, minVersion: 'TLSv1' });
    secure.once('secureConnect', () => {
      const certificate = secure.getPeerCertificate();
      secure.destroy();
      if (!certificate.fingerprint256) reject(unreadable('its TLS handshake showed no certificate'));
      else resolve(seenOf(certificate, protocol));
    });
    secure.once('error', (error) => reject(unreadable(`its TLS handshake failed (${error.message})`)));
  });
}

/** A socket failure as the user's error: nothing listening is TARGET_UNREACHABLE; our own errors pass. */
function probeFailure(error: Error, host: string, port: number): OpenPsmError {
  if (error instanceof OpenPsmError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? error.message;
  return new OpenPsmError('TARGET_UNREACHABLE', {
    message: `${errorMessage('TARGET_UNREACHABLE')} (${code} from ${host}:${port})`,
  });
}

/** Whichever settles first; the loser's later rejection is swallowed, not left unhandled. */
function first<T>(step: Promise<T>, failed: Promise<never>): Promise<T> {
  step.catch(() => undefined);
  return Promise.race([step, failed]);
}

/**
 * Reads an RDP computer's certificate the way an RDP client meets it: the negotiation request,
 * then a TLS handshake on the same socket. Nothing is sent beyond the handshake, so no login is
 * tried. Fails with RDP_CERTIFICATE_UNREADABLE, or TARGET_UNREACHABLE when nothing answers.
 */
export async function readRdpCertificate(host: string, port: number, timeoutMs: number): Promise<RdpCertificateSeen> {
  const socket = net.connect({ host, port });
  const failed = new Promise<never>((_, reject) =>
    socket.once('error', (error) => reject(probeFailure(error, host, port))),
  );
  failed.catch(() => undefined);
  const timer = setTimeout(
    () => socket.destroy(unreadable(`it did not finish the handshake within ${timeoutMs / 1000} seconds`)),
    timeoutMs,
  );
  try {
    await first(new Promise((resolve) => socket.once('connect', resolve)), failed);
    socket.write(negotiationRequest());
    const protocol = parseNegotiationResponse(await first(readConfirm(socket), failed));
    return await first(handshake(socket, protocol), failed);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
