import net from 'node:net';
import tls from 'node:tls';

/** Where and how to reach the syslog receiver. */
export interface SyslogTarget {
  host: string;
  port: number;
  tls: boolean;
  /** The pinned CA (PEM); empty: the system's CAs. */
  caPem: string;
}

function open(target: SyslogTarget): net.Socket {
  if (!target.tls) return net.connect({ host: target.host, port: target.port });
  return tls.connect({
    host: target.host,
    port: target.port,
    // A name is checked against the certificate; an address too (its IP subjectAltName).
    servername: net.isIP(target.host) ? undefined : target.host,
    ca: target.caPem.trim() ? [target.caPem] : undefined,
    minVersion: 'TLSv1.2',
  });
}

/**
 * Sends `frames` over one connection and closes it; resolves once the receiver took the
 * connection's end without an error (TCP carries no receipt beyond that; the outbox keeps an
 * entry until this resolves). Fails on refusal, a certificate the CA did not sign, or `timeoutMs`.
 */
export function sendFrames(target: SyslogTarget, frames: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = open(target);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`no answer from ${target.host}:${target.port} within ${timeoutMs} ms`)),
    );
    socket.once('error', fail);
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      socket.end(frames.join(''));
    });
    socket.once('finish', () => {
      socket.setTimeout(0);
      socket.destroy();
      resolve();
    });
    // A receiver may send nothing back; whatever it sends is ignored.
    socket.on('data', () => undefined);
  });
}
