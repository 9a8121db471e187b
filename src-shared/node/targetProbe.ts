import net from 'node:net';
import { OpenPsmError } from '../common/errors';

/** A connected socket and how long the TCP connection took, in milliseconds. */
export interface OpenedTarget {
  socket: net.Socket;
  connectMs: number;
}

/**
 * A socket failure as the user's error: nothing listening (TARGET_REFUSED), an unknown host name
 * (TARGET_HOST_UNKNOWN), no answer (TARGET_TIMEOUT), else TARGET_UNREACHABLE; each names host:port
 * and the system's code. OpenPsmErrors pass unchanged.
 */
export function targetFailure(error: Error, host: string, port: number, timeoutMs: number): OpenPsmError {
  if (error instanceof OpenPsmError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? error.message;
  const where = `(${code} from ${host}:${port})`;
  if (code === 'ECONNREFUSED')
    return new OpenPsmError('TARGET_REFUSED', {
      message: `${host}:${port} refused the connection: nothing listens on that port, or a firewall rejects it. Check the port and that the remote service is running. ${where}`,
    });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return new OpenPsmError('TARGET_HOST_UNKNOWN', {
      message: `The host name ${host} could not be found (DNS). Check its spelling, or use its IP address. ${where}`,
    });
  if (code === 'ETIMEDOUT') return timedOut(host, port, timeoutMs);
  return new OpenPsmError('TARGET_UNREACHABLE', {
    message: `${host}:${port} could not be reached: the network has no route to it or dropped the connection. ${where}`,
  });
}

/** TARGET_TIMEOUT naming host:port and the configured time. */
export function timedOut(host: string, port: number, timeoutMs: number): OpenPsmError {
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  return new OpenPsmError('TARGET_TIMEOUT', {
    seconds,
    message: `${host}:${port} did not answer within ${seconds} s. Check the host and port; a firewall may be dropping the connection.`,
  });
}

/** Opens a TCP connection to host:port within the time, measuring how long it took; fails with targetFailure's codes. */
export function connectTcp(host: string, port: number, timeoutMs: number): Promise<OpenedTarget> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(timedOut(host, port, timeoutMs));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ socket, connectMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(targetFailure(error, host, port, timeoutMs));
    });
  });
}

/** The first line a server sends (up to `max` bytes), or what it sent before closing or the time ran out. */
export function firstLine(socket: net.Socket, timeoutMs: number, max = 1024): Promise<string> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const done = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', done);
      socket.off('error', done);
      resolve(got.toString('latin1'));
    };
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.includes(0x0a) || got.length >= max) done();
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', onData);
    socket.once('close', done);
    socket.once('error', done);
  });
}

/** A server's words as a message may quote them: printable, one line, at most 60 characters. */
export function quoted(text: string): string {
  const line = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return line === '' ? 'nothing' : `"${line.slice(0, 60)}${line.length > 60 ? '…' : ''}"`;
}

/**
 * Reads a VNC server's RFB ProtocolVersion (`RFB 003.008\n`, RFC 6143 §7.1.1), which it sends
 * first on connecting; NOT_VNC when it sends anything else or nothing in time.
 */
export async function readVncVersion(socket: net.Socket, where: string, timeoutMs: number): Promise<string> {
  const line = await firstLine(socket, timeoutMs, 12);
  const version = /^RFB (\d{3}\.\d{3})\n/.exec(line);
  if (!version)
    throw new OpenPsmError('NOT_VNC', {
      message: `${where} answers, but it is not a VNC server: it sent ${quoted(line)} instead of an RFB version. Check the port and the protocol.`,
    });
  return `RFB ${version[1]}`;
}
