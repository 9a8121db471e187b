import crypto from 'node:crypto';
import type net from 'node:net';
import { Client } from 'ssh2';
import type { SshHostKeySeen } from '../../common/api/controlPlane/computerTools';
import { OpenPsmError } from '../../common/errors';
import { firstLine, quoted } from '../targetProbe';

/**
 * The host key algorithms in the order guacd's libssh2 prefers them (ECDSA, Ed25519, then RSA),
 * so that the key read here is the one a session through guacd meets and checks against the pin.
 */
export const probeHostKeyAlgorithms = [
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-ed25519',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

/** The key's fingerprint as `ssh-keygen -lf` prints it: SHA256 of the key blob, base64 without padding. */
export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm named at the start of an SSH public key blob (RFC 4253 §6.6: a string, then the key's fields). */
export function blobAlgorithm(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length <= 64 && blob.length >= 4 + length
    ? blob.subarray(4, 4 + length).toString('ascii')
    : 'unknown';
}

/** What a host key blob reads as: algorithm, known_hosts form and fingerprint. */
export function hostKeySeen(blob: Buffer, banner: string): SshHostKeySeen {
  const algorithm = blobAlgorithm(blob);
  const key = blob.toString('base64');
  return {
    algorithm,
    key,
    knownHostsKey: `${algorithm} ${key}`,
    fingerprint: sshFingerprint(blob),
    banner: banner.slice(0, 255),
  };
}

function notSsh(where: string, why: string): OpenPsmError {
  return new OpenPsmError('NOT_SSH', {
    message: `${where} answers, but it is not an SSH server: ${why}. Check the port and the protocol.`,
  });
}

/**
 * Reads an SSH server's host key on a connected socket: the version exchange and the key
 * exchange, up to the host key check, which refuses, so no login is ever tried. Fails with
 * NOT_SSH when the server sends no SSH identification or no key within the time.
 */
export async function readSshHostKey(socket: net.Socket, where: string, timeoutMs: number): Promise<SshHostKeySeen> {
  const started = Date.now();
  const greeting = firstLine(socket, timeoutMs);
  const client = new Client();
  let blob: Buffer | undefined;
  const finished = new Promise<void>((resolve) => {
    client.once('close', resolve);
    client.on('error', () => resolve());
  });
  client.connect({
    sock: socket,
    username: 'openpsm-host-key-probe',
    readyTimeout: timeoutMs,
    algorithms: { serverHostKey: [...probeHostKeyAlgorithms] },
    hostVerifier: (key: Buffer) => {
      blob = Buffer.from(key);
      return false;
    },
  });
  const line = await greeting;
  if (!/^SSH-/m.test(line)) {
    client.end();
    socket.destroy();
    throw notSsh(where, `it sent ${quoted(line)} instead of an SSH identification`);
  }
  const timer = setTimeout(() => socket.destroy(), Math.max(1, timeoutMs - (Date.now() - started)));
  await finished;
  clearTimeout(timer);
  socket.destroy();
  const banner = /^(SSH-[^\r\n]*)/m.exec(line)?.[1] ?? '';
  if (!blob) throw notSsh(where, `${quoted(banner)} showed no host key OpenPSM can read`);
  return hostKeySeen(blob, banner);
}
